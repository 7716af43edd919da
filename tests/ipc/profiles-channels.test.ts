/**
 * The sendingProfiles.* channels through the router and the real services on the built-in test
 * environment (its ePUAP simulator in its own process): list, save, activate, delete and the
 * connection test, validated at the boundary, and no password in any reply.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendingProfile } from '../../electron/common/contract-profiles';
import type { Result } from '../../electron/common/result';
import { startTestServices, type TestServices } from '../harness/services';

const PASSWORD = 'haslo-systemu-ipc';
let started: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let work: string;
let p12Base64: string;

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const r = (await services.router(channel, input)) as Result<T>;
  assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
  assert.ok(!JSON.stringify(r).includes(PASSWORD));
  return r.value;
}

async function fails(channel: string, input: unknown, code: string): Promise<string> {
  const r = (await services.router(channel, input)) as Result<unknown>;
  assert.ok(!r.ok, `${channel} should fail`);
  assert.equal(r.error.code, code, r.error.message);
  assert.ok(!JSON.stringify(r).includes(PASSWORD));
  return r.error.message;
}

before(async () => {
  started = await startTestServices();
  services = started.services;
  // The built-in environment's own system identity as a PKCS#12 file, as an office would get it.
  work = mkdtempSync(join(tmpdir(), 'nadawca-profiles-ipc-'));
  writeFileSync(join(work, 'key.pem'), services.environment.system.keyPem);
  writeFileSync(join(work, 'cert.pem'), services.environment.system.certPem);
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(work, 'key.pem'), '-in', join(work, 'cert.pem'), '-passout', `pass:${PASSWORD}`, '-out', join(work, 's.p12')]);
  p12Base64 = readFileSync(join(work, 's.p12')).toString('base64');
});
after(async () => {
  await started?.close();
  rmSync(work, { recursive: true, force: true });
});

const input = (extra: Record<string, unknown> = {}) => ({
  name: 'Wbudowany', environment: 'simulator', endpoint: services.environment.epuapUrl, subject: services.environment.sender.subject,
  pkcs12Base64: p12Base64, pkcs12Password: PASSWORD, ...extra,
});

test('save, list, activate, test the connection against the built-in simulator, delete', async () => {
  assert.deepEqual(await call('sendingProfiles.list'), []);
  const saved = await call<SendingProfile>('sendingProfiles.save', input());
  assert.equal(saved.active, false);
  assert.equal(saved.replyBox, `/${services.environment.sender.subject}/SkrytkaESP`);
  const prod = await call<SendingProfile>('sendingProfiles.save', input({ name: 'Produkcja', environment: 'production', endpoint: undefined, replyBox: '/inny/skrytka' }));
  assert.equal(prod.endpoint, null);
  assert.equal(prod.replyBox, '/inny/skrytka');

  const activated = await call<SendingProfile[]>('sendingProfiles.activate', { id: saved.id });
  assert.deepEqual(activated.filter((p) => p.active).map((p) => p.id), [saved.id]);
  await call('sendingProfiles.activate', { id: prod.id });
  assert.deepEqual((await call<SendingProfile[]>('sendingProfiles.list')).filter((p) => p.active).map((p) => p.id), [prod.id], 'one active profile per channel');

  assert.deepEqual(await call('sendingProfiles.testConnection', { id: saved.id }), { ok: true, pending: 0, error: null });

  // Editing without the file keeps the sealed certificate.
  const renamed = await call<SendingProfile>('sendingProfiles.save', { id: saved.id, name: 'Symulator', environment: 'simulator', endpoint: services.environment.epuapUrl, subject: services.environment.sender.subject });
  assert.deepEqual(renamed.certificate, saved.certificate);
  assert.equal((await call<{ ok: boolean }>('sendingProfiles.testConnection', { id: saved.id })).ok, true);

  await call('sendingProfiles.delete', { id: prod.id });
  assert.deepEqual((await call<SendingProfile[]>('sendingProfiles.list')).map((p) => p.name), ['Symulator']);
});

test('bad input is refused at the boundary with the field named', async () => {
  assert.match(await fails('sendingProfiles.save', input({ name: 'x', endpoint: 'not a url' }), 'INVALID_INPUT'), /endpoint/);
  assert.match(await fails('sendingProfiles.save', input({ name: 'x', subject: '/a/b' }), 'INVALID_INPUT'), /subject/);
  assert.match(await fails('sendingProfiles.save', input({ name: 'x', pkcs12Password: undefined }), 'INVALID_INPUT'), /pkcs12Password/);
  await fails('sendingProfiles.save', input({ name: 'x', secret: 'extra field' }), 'INVALID_INPUT');
  assert.match(await fails('sendingProfiles.save', input({ name: 'x', pkcs12Password: 'zle', pkcs12FileName: 'urzad.p12' }), 'PASSWORD_INCORRECT'), /urzad\.p12/);
  assert.match(await fails('sendingProfiles.save', input({ name: 'Symulator' }), 'INVALID_INPUT'), /name/);
  await fails('sendingProfiles.activate', { id: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND');
  await fails('sendingProfiles.testConnection', { id: 'nie-uuid' }, 'INVALID_INPUT');
});

test('a system certificate on a token: checked on save, strict input, and the PIN in no reply', async () => {
  const { tokens } = started.env;
  const pin = tokens.qes.pin;
  const token = { certificateId: tokens.certificateIds.nonQualified, pin };
  const noFile = { pkcs12Base64: undefined, pkcs12Password: undefined };
  const replies: unknown[] = [];
  const router = async (channel: string, value: unknown) => {
    const r = await services.router(channel, value);
    replies.push(r);
    return r as Result<unknown>;
  };

  const saved = await router('sendingProfiles.save', input({ ...noFile, name: 'Karta', token }));
  assert.ok(saved.ok, JSON.stringify(saved));
  const profile = saved.value as SendingProfile;
  assert.ok(profile.certificate?.kind === 'token');
  assert.equal(profile.certificate.certificateId, tokens.certificateIds.nonQualified);
  assert.equal(profile.certificate.pinStored, true);
  // Editing without `token` keeps the certificate and the sealed PIN.
  const renamed = await router('sendingProfiles.save', input({ ...noFile, id: profile.id, name: 'Karta 2' }));
  assert.ok(renamed.ok);
  assert.deepEqual((renamed.value as SendingProfile).certificate, profile.certificate);
  await router('sendingProfiles.list', {});
  await router('sendingProfiles.activate', { id: profile.id });
  // Signed on the token; the built-in simulator knows another certificate for this subject, so it refuses — without the PIN in the reason.
  const conn = await router('sendingProfiles.testConnection', { id: profile.id });
  assert.ok(conn.ok && (conn.value as { ok: boolean }).ok === false);
  await router('sendingProfiles.activate', { id: null });

  const wrong = await router('sendingProfiles.save', input({ ...noFile, name: 'Zły PIN', token: { ...token, pin: '000000' } }));
  assert.ok(!wrong.ok && wrong.error.code === 'PIN_INCORRECT');
  const absent = await router('sendingProfiles.save', input({ ...noFile, name: 'Brak', token: { ...token, certificateId: 'cd'.repeat(32) } }));
  assert.ok(!absent.ok && absent.error.code === 'TOKEN_ABSENT');
  assert.match(await fails('sendingProfiles.save', input({ name: 'Oba', token }), 'INVALID_INPUT'), /token/);
  assert.match(await fails('sendingProfiles.save', input({ ...noFile, name: 'x', token: { ...token, certificateId: 'nie-hex' } }), 'INVALID_INPUT'), /certificateId/);
  await fails('sendingProfiles.save', input({ ...noFile, name: 'x', token: { ...token, label: 'extra' } }), 'INVALID_INPUT');
  await fails('sendingProfiles.save', input({ ...noFile, name: 'x', token: { certificateId: token.certificateId } }), 'INVALID_INPUT');

  for (const r of replies) assert.ok(!JSON.stringify(r).includes(pin), `PIN in a reply: ${JSON.stringify(r)}`);
  assert.ok(!JSON.stringify(replies).includes('000000'));
  await call('sendingProfiles.delete', { id: profile.id });
});
