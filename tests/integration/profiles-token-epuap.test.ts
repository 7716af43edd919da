/**
 * ePUAP sending profiles with the system certificate on a PKCS#11 token (issue 7 point 1): a
 * SoftHSM token holds the certificate registered with the ePUAP simulator for the profile's
 * subject; saving checks the token and the PIN by a verified test signature; the outbox sends
 * with WS-Security signed on the token (the simulator accepts it, xmlsec1 verifies the request);
 * a PIN the card later refuses is dropped, not retried; a pulled card is a retryable failure.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkcs11js from 'pkcs11js';
import type { ChannelInput } from '../../electron/common/contract';
import { startEpuapProfileBench, type EpuapProfileBench } from '../harness/epuap-profile-bench';
import type { TestServices } from '../harness/services';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const SUBJECT = 'urzad-karta-test';
const NEW_PIN = '246810';
let env: TestEnvironment;
let bench: EpuapProfileBench;
let services: TestServices;
let profileId: string;

before(async () => {
  env = await getTestEnvironment();
  // The token's "Uwierzytelnienie" certificate serves as the office's system certificate.
  bench = await startEpuapProfileBench('nadawca-profiles-token-', { subject: SUBJECT, certificatePem: readFileSync(env.pki.signers.nonQualified.cert, 'utf8') });
  services = bench.services;
});
after(async () => {
  await bench?.close();
});

const call: EpuapProfileBench['call'] = (channel, input) => bench.call(channel, input);
const sendFiling = (title: string) => bench.sendFiling(title);
const certId = () => env.tokens.certificateIds.nonQualified;
const profileInput = (pin: string, extra: Partial<ChannelInput<'sendingProfiles.save'>> = {}): ChannelInput<'sendingProfiles.save'> => ({
  name: 'Urząd (karta)', environment: 'simulator', endpoint: bench.sim.url, subject: SUBJECT, token: { certificateId: certId(), pin }, ...extra,
});

test('a wrong PIN is refused with PIN_INCORRECT, an absent certificate with TOKEN_ABSENT; nothing is stored and no PIN comes back', async () => {
  const wrong = await services.router('sendingProfiles.save', profileInput('999999'));
  assert.ok(!wrong.ok);
  assert.equal(wrong.error.code, 'PIN_INCORRECT');
  assert.ok(!JSON.stringify(wrong).includes('999999'));
  const absent = await services.router('sendingProfiles.save', profileInput(env.tokens.qes.pin, { token: { certificateId: randomBytes(32).toString('hex'), pin: env.tokens.qes.pin } }));
  assert.ok(!absent.ok);
  assert.equal(absent.error.code, 'TOKEN_ABSENT');
  assert.deepEqual(await call('sendingProfiles.list', {}), []);
});

test('the profile with a token certificate sends through the outbox; WS-Security is signed on the token (xmlsec1 verifies)', async () => {
  const saved = await call('sendingProfiles.save', profileInput(env.tokens.qes.pin, { active: true }));
  profileId = saved.id;
  const cert = new X509Certificate(readFileSync(env.pki.signers.nonQualified.cert));
  assert.equal(saved.certificate?.kind, 'token');
  assert.ok(saved.certificate?.kind === 'token');
  assert.equal(saved.certificate.certificateId, certId());
  assert.equal(saved.certificate.tokenLabel, env.tokens.qes.label);
  assert.equal(saved.certificate.pinStored, true);
  assert.equal(saved.certificate.notAfter, new Date(cert.validTo).toISOString());
  assert.match(saved.certificate.subject, /CN=/);
  assert.ok(!JSON.stringify(saved).includes(env.tokens.qes.pin));
  assert.ok(!JSON.stringify(await call('sendingProfiles.list', {})).includes(env.tokens.qes.pin));

  assert.deepEqual(await call('sendingProfiles.testConnection', { id: saved.id }), { ok: true, pending: 0, error: null });
  const done = await sendFiling('Pismo podpisane kartą systemu');
  assert.equal(done.state, 'delivered', JSON.stringify(done));

  const req = bench.lastNadaj();
  assert.equal(req.certificate.fingerprint256, cert.fingerprint256);
  const file = join(bench.work, 'request.xml');
  writeFileSync(file, req.body);
  // Independently: xmlsec1 checks the Body signature with the token certificate's public key.
  const ws = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', env.pki.signers.nonQualified.cert, '--id-attr:Id', 'Body', file], { encoding: 'utf8' });
  assert.equal(ws.status, 0, ws.stderr);
});

test('the PIN is stored sealed: not in any file of the data folder in the clear', () => {
  const pin = Buffer.from(env.tokens.qes.pin, 'utf8');
  const files = bench.dataFiles();
  assert.ok(files.some((f) => /\.sqlite$/.test(f)));
  for (const f of files) assert.equal(readFileSync(f).indexOf(pin), -1, `PIN found in ${f}`);
});

test('a PIN the card refuses later is dropped at once (no retry against the card); saving the new PIN sends again', async () => {
  changeUserPin(env.tokens.qes.label, env.tokens.qes.pin, NEW_PIN);
  await services.cards.cardSigner.close(); // the host's open login session would hide the change (as a card re-inserted)
  try {
    const failed = await sendFiling('Pismo po zmianie PIN-u');
    assert.equal(failed.state, 'failed');
    assert.match(failed.lastError ?? '', /refused the PIN stored in the sending profile/);
    const profile = (await call('sendingProfiles.list', {})).find((p) => p.id === profileId)!;
    assert.ok(profile.certificate?.kind === 'token' && profile.certificate.pinStored === false);
    // The next attempt fails without C_Login: the same message, the profile still without a PIN.
    services.outbox.retryNow(failed.id);
    await services.outbox.run();
    assert.match(services.filings.detail(failed.id).lastError ?? '', /refused the PIN stored/);

    await call('sendingProfiles.save', profileInput(NEW_PIN, { id: profileId }));
    services.outbox.retryNow(failed.id);
    await services.outbox.run();
    assert.equal(services.filings.detail(failed.id).state, 'delivered');
  } finally {
    changeUserPin(env.tokens.qes.label, NEW_PIN, env.tokens.qes.pin);
    await services.cards.cardSigner.close();
  }
});

test('a card taken out makes sending fail with TOKEN_ABSENT, kept for a retry — not a crash', async () => {
  await call('sendingProfiles.save', profileInput(env.tokens.qes.pin, { id: profileId }));
  // Last test of this process: the token is deleted and the signer host restarted so it sees it gone.
  execFileSync('softhsm2-util', ['--delete-token', '--token', env.tokens.qes.label], { stdio: 'pipe' });
  await services.cards.cardSigner.close();
  const failed = await sendFiling('Pismo bez karty');
  assert.equal(failed.state, 'failed', JSON.stringify(failed));
  assert.match(failed.lastError ?? '', /No card with the selected certificate/);
  assert.ok(services.repo.get(failed.id).next_attempt_at, 'the outbox retries it later');
});

/** What a user does with the card vendor's tool: a new user PIN (C_SetPIN). */
function changeUserPin(label: string, oldPin: string, newPin: string): void {
  const lib = new pkcs11js.PKCS11();
  lib.load(env.tokens.module);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === label)!;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    lib.C_Login(session, pkcs11js.CKU_USER, oldPin);
    lib.C_SetPIN(session, oldPin, newPin);
    lib.C_Logout(session);
    lib.C_CloseSession(session);
  } finally {
    lib.C_Finalize();
    lib.close();
  }
}
