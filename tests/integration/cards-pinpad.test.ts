/**
 * PIN-pad readers and card removal, with the test module tests/fixtures/pkcs11-pinpad (SoftHSM
 * behind a pretend PIN pad: CKF_PROTECTED_AUTHENTICATION_PATH, accepts only a NULL PIN), built
 * here with gcc. Login goes through the project's N-API addon (native/pinpad), because pkcs11js
 * cannot pass a NULL PIN. Every signature is verified by openssl.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as pkcs11js from 'pkcs11js';
import { AppError } from '../../electron/common/errors';
import { createPkcs11Signer, type Pkcs11Signer } from '../../electron/node/signer/client';
import { pinPadAvailable } from '../../native/pinpad-login';
import { buildPinPadModule, type PinPadModule } from '../harness/pinpad-module';
import { opensslVerify } from '../harness/signature-check';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const HOST = { entry: path.resolve(__dirname, '../../electron/node/signer/host.ts'), execArgv: ['--import', 'tsx'] };
const DATA = Buffer.from('Pismo podpisywane PIN-em wpisanym na czytniku.\n', 'utf8');
const digest = createHash('sha256').update(DATA).digest();

let env: TestEnvironment;
let pad: PinPadModule;
const opened: Pkcs11Signer[] = [];

function newSigner(timeoutMs = 20_000): Pkcs11Signer {
  const s = createPkcs11Signer({ modules: [pad.module], host: HOST, timeoutMs: { list: 20_000, sign: timeoutMs } });
  opened.push(s);
  return s;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof AppError, `expected AppError, got ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

before(async () => {
  env = await getTestEnvironment();
  const dir = path.join(env.dir, 'pinpad');
  mkdirSync(dir, { recursive: true });
  pad = buildPinPadModule(dir);
});

after(async () => {
  pad.control({ mode: 'ok' });
  await Promise.all(opened.map((s) => s.close()));
});

test('the addon is built by npm install', () => {
  assert.equal(pinPadAvailable(), true, 'native/pinpad/build/Release/pinpad.node (npm install runs native/pinpad/build.mjs)');
});

test('pkcs11js cannot log in on this reader: "" is a non-NULL PIN and the module refuses it', () => {
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
  const lib = new pkcs11js.PKCS11();
  lib.load(pad.module);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === env.tokens.qes.label)!;
    assert.ok((lib.C_GetTokenInfo(slot).flags & 0x100) !== 0, 'CKF_PROTECTED_AUTHENTICATION_PATH');
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    assert.throws(() => lib.C_Login(session, pkcs11js.CKU_USER, ''), /CKR_ARGUMENTS_BAD/);
    lib.C_CloseSession(session);
  } finally {
    lib.C_Finalize();
    lib.close();
  }
});

test('PIN pad: inventory and loginInfo say so; C_Login with a NULL PIN through the addon signs (RSA, EC, always-authenticate)', async () => {
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
  const s = newSigner();
  const m = (await s.inventory()).modules[0]!;
  assert.equal(m.info!.description, 'Nadawca PIN-pad test module');
  const token = m.slots.find((x) => x.token?.label === env.tokens.qes.label)!.token!;
  assert.equal(token.protectedAuthPath, true);
  const info = await s.loginInfo(env.tokens.certificateIds.qualifiedRsa);
  assert.equal(info.protectedAuthPath, true);

  const rsa = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: 'sha256', data: DATA, signature: rsa.signature, scheme: 'pkcs1' }), 'Verified OK');
  const ec = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedEc.cert, { hash: 'sha256', data: DATA, signature: ec.signature, scheme: 'ecdsa-raw' }), 'Verified OK');
  // CKA_ALWAYS_AUTHENTICATE: the context-specific login goes through the pad too.
  const always = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsaAlwaysAuth, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedRsaAlwaysAuth.cert, { hash: 'sha256', data: DATA, signature: always.signature, scheme: 'pkcs1' }), 'Verified OK');
  assert.deepEqual(await s.testSignature(env.tokens.certificateIds.qualifiedEc, null), { ok: true, mechanism: 'ECDSA', verifiedOnHost: true });

  // A typed PIN is refused by a PIN-pad module (it is never sent); a null PIN on a token without a pad is a caller error.
  await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash: 'SHA-256', digest }), 'INTERNAL');
  const plain = createPkcs11Signer({ modules: [env.tokens.module], host: HOST });
  opened.push(plain);
  await rejectsWith(plain.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest }), 'INVALID_INPUT');
});

test('PIN pad: the user types a wrong PIN on the reader → PIN_INCORRECT, not retried', async () => {
  pad.control({ mode: 'ok', pin: '000000' });
  const s = newSigner();
  await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest }), 'PIN_INCORRECT');
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: 'sha256', data: DATA, signature: r.signature, scheme: 'pkcs1' }), 'Verified OK');
});

test('PIN pad: Cancel pressed on the reader → PIN_CANCELLED', async () => {
  pad.control({ mode: 'cancel' });
  const s = newSigner();
  await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest }), 'PIN_CANCELLED');
});

test('PIN pad: nobody types → SIGNER_TIMEOUT, the stuck host is replaced and the next signature works', async () => {
  pad.control({ mode: 'hang' });
  const s = newSigner(1500);
  await s.listCertificates();
  const pid = s.hostPid;
  const e = await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: null, hash: 'SHA-256', digest }), 'SIGNER_TIMEOUT');
  assert.equal(e.details.seconds, 2);
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedEc.cert, { hash: 'sha256', data: DATA, signature: r.signature, scheme: 'ecdsa-raw' }), 'Verified OK');
  assert.notEqual(s.hostPid, pid);
});

test('PIN pad: Cancel pressed in the app while the reader waits → PIN_CANCELLED; the next signature works', async () => {
  pad.control({ mode: 'hang' });
  const s = newSigner();
  await s.listCertificates();
  const pending = s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: null, hash: 'SHA-256', digest });
  await new Promise((r) => setTimeout(r, 500));
  await s.cancel();
  await rejectsWith(pending, 'PIN_CANCELLED');
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedEc.cert, { hash: 'sha256', data: DATA, signature: r.signature, scheme: 'ecdsa-raw' }), 'Verified OK');
});

test('signer host SIGKILLed while waiting in C_Login → SIGNER_CRASHED naming the module; the next signature works', async () => {
  pad.control({ mode: 'hang' });
  const s = newSigner();
  await s.listCertificates();
  const pid = s.hostPid!;
  const pending = s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest });
  await new Promise((r) => setTimeout(r, 500)); // inside the blocking C_Login
  process.kill(pid, 'SIGKILL');
  const e = await rejectsWith(pending, 'SIGNER_CRASHED');
  assert.equal(e.details.module, pad.module);
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: 'sha256', data: DATA, signature: r.signature, scheme: 'pkcs1' }), 'Verified OK');
});

test('card pulled during C_Sign → DEVICE_REMOVED, session closed and logged out; absent → TOKEN_ABSENT; after re-insertion the retry works', async () => {
  pad.control({ mode: 'remove-on-sign', pin: env.tokens.qes.pin });
  const s = newSigner();
  await s.listCertificates(); // as the picker does before any signature
  await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest }), 'DEVICE_REMOVED');
  // The failed operation logged out and closed its session: nothing carries over to the next one.
  assert.deepEqual(pad.status(), { open: 0, loggedIn: false });
  pad.control({ mode: 'removed' });
  assert.deepEqual(await s.presentTokens(), []);
  // Seen on a card before, not there now: "insert the card", not "unknown certificate".
  await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest }), 'TOKEN_ABSENT');
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
  assert.ok((await s.presentTokens()).some((t) => t.label === env.tokens.qes.label));
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: null, hash: 'SHA-256', digest });
  assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: 'sha256', data: DATA, signature: r.signature, scheme: 'pkcs1' }), 'Verified OK');
  assert.deepEqual(pad.status(), { open: 0, loggedIn: false });
});
