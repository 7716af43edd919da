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
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelInput } from '../../electron/common/contract';
import type { SendingProfile } from '../../electron/common/contract-profiles';
import { startEpuapProfileBench, type EpuapProfileBench } from '../harness/epuap-profile-bench';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const SUBJECT = 'urzad-profil-test';
let env: TestEnvironment;
let bench: EpuapProfileBench;

before(async () => {
  env = await getTestEnvironment();
  bench = await startEpuapProfileBench('nadawca-profiles-', { subject: SUBJECT, certificatePem: readFileSync(env.pki.system.cert, 'utf8') });
});
after(async () => {
  await bench?.close();
});

const call: EpuapProfileBench['call'] = (channel, input) => bench.call(channel, input);
const p12Base64 = () => readFileSync(env.pki.system.p12).toString('base64');
const profileInput = (extra: Partial<ChannelInput<'sendingProfiles.save'>> = {}): ChannelInput<'sendingProfiles.save'> => ({
  name: 'Urząd (symulator)', environment: 'simulator', endpoint: bench.sim.url, subject: SUBJECT,
  pkcs12Base64: p12Base64(), pkcs12Password: env.pki.system.p12Password, ...extra,
});

test('a wrong PKCS#12 password is refused with PASSWORD_INCORRECT and nothing is stored', async () => {
  const r = await bench.services.router('sendingProfiles.save', profileInput({ pkcs12Password: 'nie-to-haslo' }));
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
    const r = await bench.services.router('sendingProfiles.save', input);
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

  const done = await bench.sendFiling('Pismo przez profil');
  assert.equal(done.state, 'delivered', JSON.stringify(done));
  const { certificate, body } = bench.lastNadaj();
  assert.equal(certificate.fingerprint256, new X509Certificate(readFileSync(env.pki.system.cert)).fingerprint256);
  assert.match(body, new RegExp(`IdentyfikatorPodmiotu>${SUBJECT}<`));
  const file = join(bench.work, 'request.xml');
  writeFileSync(file, body);
  const ws = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', env.pki.system.cert, '--id-attr:Id', 'Body', file], { encoding: 'utf8' });
  assert.equal(ws.status, 0, ws.stderr);
});

test('without an active profile the built-in system identity sends again', async () => {
  const profiles = await call('sendingProfiles.activate', { id: null });
  assert.ok(profiles.every((p: SendingProfile) => !p.active));
  const done = await bench.sendFiling('Pismo bez profilu');
  assert.equal(done.state, 'delivered');
  assert.equal(bench.lastNadaj().certificate.fingerprint256, new X509Certificate(bench.builtinCertPem).fingerprint256);
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
  const files = bench.dataFiles();
  assert.ok(files.some((f) => /\.sqlite$/.test(f)), files.join('\n'));
  for (const f of files) {
    const bytes = readFileSync(f);
    assert.equal(bytes.indexOf(password), -1, `password found in ${f}`);
    assert.equal(bytes.indexOf(p12), -1, `PKCS#12 bytes found in ${f}`);
  }
});
