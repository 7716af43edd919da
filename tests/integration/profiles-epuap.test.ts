/**
 * ePUAP sending profiles end to end on 127.0.0.1: a profile with the test PKI's PKCS#12 system
 * certificate sends a filing through the ePUAP simulator, which accepts it only when the
 * WS-Security signature verifies against the certificate registered for the profile's subject;
 * xmlsec1 verifies the request on the wire as well. The password never reaches a file in clear.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput, FilingDetail } from '../../electron/common/contract';
import type { SendingProfile } from '../../electron/common/contract-profiles';
import { startEpuapSimulator, type EpuapSimulator } from '../../electron/simulators/epuap';
import { ensureTestIdentities } from '../../electron/simulators/test-identities';
import { startTestServices, type TestServices } from '../harness/services';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const SUBJECT = 'urzad-profil-test';
let work: string;
let env: TestEnvironment;
let sim: EpuapSimulator;
let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let builtinCertPem: string;

before(async () => {
  env = await getTestEnvironment();
  work = mkdtempSync(join(tmpdir(), 'nadawca-profiles-'));
  const ids = await ensureTestIdentities(work);
  builtinCertPem = ids.system.certPem;
  sim = await startEpuapSimulator({
    identities: ids,
    systems: [
      { subject: ids.system.subject, certificatePem: ids.system.certPem },
      { subject: SUBJECT, certificatePem: readFileSync(env.pki.system.cert, 'utf8') },
    ],
  });
  ctx = await startTestServices({
    environment: {
      epuapUrl: sim.url,
      sender: { subject: ids.system.subject, replyBox: `/${ids.system.subject}/SkrytkaESP` },
      system: { keyPem: ids.system.keyPem, certPem: ids.system.certPem },
      trustAnchorPems: [ids.ca.certPem],
    },
  });
  services = ctx.services;
});
after(async () => {
  await ctx?.close();
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await services.router(channel, input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value as ChannelOutput<C>;
}

const p12Base64 = () => readFileSync(env.pki.system.p12).toString('base64');
const profileInput = (extra: Partial<ChannelInput<'sendingProfiles.save'>> = {}): ChannelInput<'sendingProfiles.save'> => ({
  name: 'Urząd (symulator)', environment: 'simulator', endpoint: sim.url, subject: SUBJECT,
  pkcs12Base64: p12Base64(), pkcs12Password: env.pki.system.p12Password, ...extra,
});

/** A filing to CUW Cieszyn marked signed without a card: this test is about the sending identity. */
async function sendFiling(title: string): Promise<FilingDetail> {
  const f = await call('filings.create', {
    sender: { institution: { name: 'Biuro Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
    addressee: { name: 'CUW Cieszyn', inbox: '/ZOJO_Cieszyn/SkrytkaESP' },
    place: 'Warszawa', date: '2026-11-23', title, content: ['Treść.'],
  });
  const row = services.repo.get(f.id);
  services.repo.transition(f.id, ['draft'], 'signed', { signed_sha256: row.draft_sha256 }, { actor: 'test', kind: 'signed' });
  await call('filings.send', { id: f.id });
  await services.outbox.run();
  return services.filings.detail(f.id);
}

/** The WS-Security certificate of the last nadaj the simulator received, and that request. */
function lastNadaj(): { certificate: X509Certificate; body: string } {
  const req = sim.requests().filter((r) => r.path.endsWith('/skrytka')).at(-1)!;
  const token = /<[^>]*BinarySecurityToken[^>]*>([^<]+)</.exec(req.body)![1]!;
  return { certificate: new X509Certificate(Buffer.from(token.replace(/\s+/g, ''), 'base64')), body: req.body };
}

test('a wrong PKCS#12 password is refused with PASSWORD_INCORRECT and nothing is stored', async () => {
  const r = await services.router('sendingProfiles.save', profileInput({ pkcs12Password: 'nie-to-haslo' }));
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'PASSWORD_INCORRECT');
  assert.ok(!JSON.stringify(r).includes('nie-to-haslo'));
  assert.deepEqual(await call('sendingProfiles.list', {}), []);
});

test('a bad endpoint, a bad subject and a simulator without endpoint are refused, naming the field', async () => {
  for (const [input, field] of [
    [profileInput({ endpoint: 'ftp://example.org' }), 'endpoint'],
    [profileInput({ subject: 'zły podmiot/x' }), 'subject'],
    [profileInput({ endpoint: undefined }), 'endpoint'],
  ] as const) {
    const r = await services.router('sendingProfiles.save', input);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'INVALID_INPUT');
    assert.match(r.error.message, new RegExp(field));
  }
});

test('the active profile sends through the simulator with its PKCS#12 system certificate (xmlsec1 verifies WS-Security)', async () => {
  const saved = await call('sendingProfiles.save', profileInput({ active: true }));
  assert.equal(saved.active, true);
  assert.equal(saved.replyBox, `/${SUBJECT}/SkrytkaESP`);
  assert.match(saved.certificate?.subject ?? '', /CN=/);
  assert.ok(!JSON.stringify(saved).includes(env.pki.system.p12Password));

  const conn = await call('sendingProfiles.testConnection', { id: saved.id });
  assert.deepEqual(conn, { ok: true, pending: 0, error: null });

  const done = await sendFiling('Pismo przez profil');
  assert.equal(done.state, 'delivered', JSON.stringify(done));
  const { certificate, body } = lastNadaj();
  assert.equal(certificate.fingerprint256, new X509Certificate(readFileSync(env.pki.system.cert)).fingerprint256);
  assert.match(body, new RegExp(`IdentyfikatorPodmiotu>${SUBJECT}<`));
  const file = join(work, 'request.xml');
  writeFileSync(file, body);
  const ws = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', env.pki.system.cert, '--id-attr:Id', 'Body', file], { encoding: 'utf8' });
  assert.equal(ws.status, 0, ws.stderr);
});

test('without an active profile the built-in system identity sends again', async () => {
  const profiles = await call('sendingProfiles.activate', { id: null });
  assert.ok(profiles.every((p: SendingProfile) => !p.active));
  const done = await sendFiling('Pismo bez profilu');
  assert.equal(done.state, 'delivered');
  assert.equal(lastNadaj().certificate.fingerprint256, new X509Certificate(builtinCertPem).fingerprint256);
});

test('a profile whose certificate is not registered for its subject fails the connection test with a reason', async () => {
  const other = await call('sendingProfiles.save', profileInput({ name: 'Obcy podmiot', subject: 'ktos-inny' }));
  const conn = await call('sendingProfiles.testConnection', { id: other.id });
  assert.equal(conn.ok, false);
  assert.ok(conn.error && conn.error.length > 0);
  await call('sendingProfiles.delete', { id: other.id });
  assert.equal((await call('sendingProfiles.list', {})).length, 1);
});

test('neither the password nor the PKCS#12 bytes are in any file of the data folder in the clear', () => {
  const password = Buffer.from(env.pki.system.p12Password, 'utf8');
  const p12 = readFileSync(env.pki.system.p12).subarray(0, 64);
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  const files = walk(ctx.dataDir);
  assert.ok(files.some((f) => /\.sqlite$/.test(f)), files.join('\n'));
  for (const f of files) {
    const bytes = readFileSync(f);
    assert.equal(bytes.indexOf(password), -1, `password found in ${f}`);
    assert.equal(bytes.indexOf(p12), -1, `PKCS#12 bytes found in ${f}`);
  }
});
