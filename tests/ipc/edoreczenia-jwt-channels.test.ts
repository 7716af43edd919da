/**
 * edoreczenia.profiles.* with the system certificate on a token, through the router and the real
 * services: the token and PIN are checked on save, the input is strict, the certificate is
 * described (subject, validity, token), and the PIN is in no reply — not even in errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BoxProfile } from '../../electron/common/contract-edoreczenia';
import type { Result } from '../../electron/common/result';
import { OWN_BOX } from '../harness/edoreczenia';
import { startInProcessEpuap, startTestServices, type TestServices } from '../harness/services';

let epuap: Awaited<ReturnType<typeof startInProcessEpuap>>;
let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
const replies: unknown[] = [];

before(async () => {
  epuap = await startInProcessEpuap();
  ctx = await startTestServices({ environment: epuap.environment });
  services = ctx.services;
});
after(async () => {
  await ctx?.close();
  await epuap?.close();
});

async function route(channel: string, input: unknown): Promise<Result<unknown>> {
  const r = (await services.router(channel, input)) as Result<unknown>;
  replies.push(r);
  return r;
}

const profile = (extra: Record<string, unknown>) => ({
  name: 'Biuro (karta)', address: OWN_BOX, environment: 'integration', apiUrl: 'https://127.0.0.1:1/api/v1', tokenUrl: 'https://127.0.0.1:1/oauth2/token', clientId: 'system-karta', ...extra,
});

test('a token certificate is checked on save and described; editing keeps it; the PIN never comes back', async () => {
  const { tokens } = ctx.env;
  const token = { certificateId: tokens.certificateIds.qualifiedEc, pin: tokens.qes.pin };
  const saved = await route('edoreczenia.profiles.save', profile({ token }));
  assert.ok(saved.ok, JSON.stringify(saved));
  const p = saved.value as BoxProfile;
  assert.equal(p.hasCertificate, true);
  assert.equal(p.hasClientSecret, false);
  assert.ok(p.certificate?.kind === 'token');
  assert.equal(p.certificate.tokenLabel, tokens.qes.label);
  assert.ok(Date.parse(p.certificate.notBefore) < Date.parse(p.certificate.notAfter));

  const renamed = await route('edoreczenia.profiles.save', profile({ id: p.id, name: 'Biuro' }));
  assert.ok(renamed.ok);
  assert.deepEqual((renamed.value as BoxProfile).certificate, p.certificate);
  const listed = await route('edoreczenia.profiles.list', {});
  assert.ok(listed.ok);
  // Nothing listens at the URL: the connection test fails with a reason, after signing the assertion on the token.
  const conn = await route('edoreczenia.testConnection', { id: p.id });
  assert.ok(conn.ok && (conn.value as { ok: boolean; error: string }).ok === false);
  assert.match((conn.value as { error: string }).error, /SERVICE_UNREACHABLE/);

  const wrong = await route('edoreczenia.profiles.save', profile({ name: 'Zły PIN', token: { ...token, pin: '000000' } }));
  assert.ok(!wrong.ok && wrong.error.code === 'PIN_INCORRECT');
  const absent = await route('edoreczenia.profiles.save', profile({ name: 'Brak karty', token: { ...token, certificateId: 'ef'.repeat(32) } }));
  assert.ok(!absent.ok && absent.error.code === 'TOKEN_ABSENT');
  for (const bad of [
    profile({ name: 'Oba', token, pkcs12Base64: 'AAAA', pkcs12Password: 'x' }),
    profile({ name: 'Bez PIN-u', token: { certificateId: token.certificateId } }),
    profile({ name: 'Pusty PIN', token: { ...token, pin: '' } }),
    profile({ name: 'Nadmiar', token: { ...token, slot: 0 } }),
  ]) {
    const r = await route('edoreczenia.profiles.save', bad);
    assert.ok(!r.ok && r.error.code === 'INVALID_INPUT', `${bad.name}: ${JSON.stringify(r)}`);
  }
  assert.equal(((await route('edoreczenia.profiles.list', {})) as { value: BoxProfile[] }).value.length, 1);

  for (const r of replies) assert.ok(!JSON.stringify(r).includes(tokens.qes.pin), `PIN in a reply: ${JSON.stringify(r)}`);
  assert.ok(!JSON.stringify(replies).includes('000000'));
});
