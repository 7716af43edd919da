/**
 * The signer inventory and the signing primitives on real components: SoftHSMv2 tokens from the
 * harness (a token with five keys and a CA certificate, an empty token, a free slot), OpenSC's
 * module with no card, and modules that fail to load for each reason, made here with gcc.
 * Every signature is verified by openssl.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pkcs11js from 'pkcs11js';
import { signerInventorySchema, type InventoryModule } from '../../electron/common/contract-cards';
import { AppError } from '../../electron/common/errors';
import { createPkcs11Signer, type Pkcs11Signer } from '../../electron/node/signer/client';
import type { HashName } from '../../electron/node/signer/types';
import { opensslVerify, type OpensslHash } from '../harness/signature-check';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const HOST = { entry: path.resolve(__dirname, '../../electron/node/signer/host.ts'), execArgv: ['--import', 'tsx'] };
const OPENSC = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const DATA = Buffer.from('Wniosek o wydanie zaświadczenia — dane podpisywane w teście kart.\n', 'utf8');
const INCLUDE = path.resolve(__dirname, '../../node_modules/pkcs11js/includes/pkcs11');

let env: TestEnvironment;
let work: string;
const opened: Pkcs11Signer[] = [];

function newSigner(modules: string[], userModules: string[] = []): Pkcs11Signer {
  const s = createPkcs11Signer({ modules, userModules: () => userModules, host: HOST, timeoutMs: { list: 20_000, sign: 20_000 } });
  opened.push(s);
  return s;
}

const digestOf = (hash: HashName, data: Buffer) => createHash(hash.replace('-', '').toLowerCase()).update(data).digest();
const opensslHash = (hash: HashName) => hash.replace('-', '').toLowerCase() as OpensslHash;

/** Builds a shared object from C source with gcc. */
function gccShared(name: string, source: string, extra: string[] = []): string {
  const c = path.join(work, `${name}.c`);
  const so = path.join(work, `${name}.so`);
  writeFileSync(c, source);
  execFileSync('gcc', ['-shared', '-fPIC', '-I', INCLUDE, '-o', so, c, ...extra], { stdio: 'pipe', cwd: work });
  return so;
}

const PKCS11_PRELUDE = `
#define CK_PTR *
#define CK_DECLARE_FUNCTION(r, n) r n
#define CK_DECLARE_FUNCTION_POINTER(r, n) r (*n)
#define CK_CALLBACK_FUNCTION(r, n) r (*n)
#define NULL_PTR 0
#include "pkcs11.h"
`;

before(async () => {
  env = await getTestEnvironment();
  work = path.join(env.dir, 'cards-inventory');
  mkdirSync(work, { recursive: true });
});

after(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

function moduleOf(inventory: { modules: InventoryModule[] }, file: string): InventoryModule {
  const m = inventory.modules.find((x) => x.path === file);
  assert.ok(m, `module ${file} in the inventory`);
  return m;
}

test('SoftHSM: slots, both tokens, mechanisms, certificates paired by CKA_ID and classified; CA certificates skipped', async () => {
  const s = newSigner([env.tokens.module]);
  const inventory = signerInventorySchema.parse(await s.inventory());
  const m = moduleOf(inventory, env.tokens.module);
  assert.equal(m.loaded, true);
  assert.equal(m.failure, null);
  assert.equal(m.source, 'known');
  assert.equal(m.vendor, 'SoftHSM (test)');
  assert.match(m.info!.manufacturer, /SoftHSM/);
  assert.match(m.info!.cryptokiVersion, /^\d+\.\d+$/);

  // SoftHSM always offers one more slot with an uninitialised token besides the tokens made by the harness.
  const withToken = m.slots.filter((x) => x.token?.flags.tokenInitialized);
  for (const label of [env.tokens.empty.label, env.tokens.qes.label]) assert.ok(withToken.some((x) => x.token!.label === label), label);
  const fresh = m.slots.find((x) => x.token && !x.token.flags.tokenInitialized);
  assert.ok(fresh, 'the free slot is listed too');
  assert.deepEqual(fresh.token!.certificates, []);
  for (const slot of m.slots) assert.match(slot.id, /^[0-9a-f]+$/);

  const qes = withToken.find((x) => x.token!.label === env.tokens.qes.label)!.token!;
  assert.equal(qes.serial, env.tokens.qes.serial);
  assert.equal(qes.flags.loginRequired, true);
  assert.equal(qes.flags.tokenInitialized, true);
  assert.equal(qes.protectedAuthPath, false);
  const mech = Object.fromEntries(qes.mechanisms.map((x) => [x.name, x]));
  for (const name of ['RSA_PKCS', 'RSA_PKCS_PSS', 'ECDSA', 'SHA256_RSA_PKCS']) assert.equal(mech[name]?.present, true, name);
  assert.ok((mech.RSA_PKCS!.maxKeySize ?? 0) >= 2048);

  const ids = qes.certificates.map((c) => c.id).sort();
  assert.deepEqual(ids, Object.values(env.tokens.certificateIds).sort(), 'five signing certificates; the CA and the key-less TSA certificate are not offered');
  assert.ok(!ids.includes(env.tokens.notOffered.qualifiedCa));
  const byId = Object.fromEntries(qes.certificates.map((c) => [c.id, c]));
  const q = byId[env.tokens.certificateIds.qualifiedRsa]!;
  assert.equal(q.ckaId, env.tokens.ckaIds.qualifiedRsa);
  assert.deepEqual(
    { ...q.classification, expiresInDays: 0 },
    {
      qcCompliance: true, qcSSCD: true, qcTypes: ['0.4.0.1862.1.6.1'], nonRepudiation: true, qualified: true, validity: 'valid', expiresInDays: 0,
      person: { scheme: 'PNOPL', value: env.pki.pesel, checksumValid: true },
    },
  );
  assert.ok(q.classification.expiresInDays > 700);
  assert.match(q.issuer, /TEST Kwalifikowane CA/);
  const auth = byId[env.tokens.certificateIds.nonQualified]!;
  assert.equal(auth.classification.qualified, false);
  assert.equal(auth.classification.nonRepudiation, false);
  assert.equal(auth.alwaysAuthenticate, false, 'a key visible before login shows its CKA_ALWAYS_AUTHENTICATE');
  assert.equal(byId[env.tokens.certificateIds.expired]!.classification.validity, 'expired');
  assert.equal(byId[env.tokens.certificateIds.qualifiedEc]!.keyType, 'EC-P256');

  const empty = withToken.find((x) => x.token!.label === env.tokens.empty.label)!.token!;
  assert.deepEqual(empty.certificates, []);
  assert.equal(empty.pinState, 'ok');
});

test('PIN state: after a wrong PIN the inventory shows count-low before the next attempt', async () => {
  // A token of its own: the count-low flag would otherwise leak into other tests.
  const label = 'TEST licznik PIN';
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '11223344', '--pin', '2468'], { stdio: 'pipe' });
  const s = newSigner([env.tokens.module]);
  const before = (await s.inventory()).modules[0]!.slots.find((x) => x.token?.label === label)!.token!;
  assert.equal(before.pinState, 'ok');
  // SoftHSM has no key on this token to sign with, so C_Login is exercised directly as the host does.
  const lib = new pkcs11js.PKCS11();
  lib.load(env.tokens.module);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((x) => lib.C_GetTokenInfo(x).label.trim() === label)!;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    assert.throws(() => lib.C_Login(session, pkcs11js.CKU_USER, '0000'), /CKR_PIN_INCORRECT/);
    lib.C_CloseSession(session);
  } finally {
    lib.C_Finalize();
    lib.close();
  }
  const afterWrong = (await s.inventory()).modules[0]!.slots.find((x) => x.token?.label === label)!.token!;
  assert.equal(afterWrong.pinState, 'count-low');
  assert.equal(afterWrong.flags.pinCountLow, true);
});

test('RSA PKCS#1 v1.5 and RSA-PSS with SHA-256/384/512, ECDSA with SHA-256/384/512: all verified by openssl', async () => {
  const s = newSigner([env.tokens.module]);
  const pin = env.tokens.qes.pin;
  const rsa = env.tokens.certificateIds.qualifiedRsa;
  const ec = env.tokens.certificateIds.qualifiedEc;
  for (const hash of ['SHA-256', 'SHA-384', 'SHA-512'] as const) {
    const digest = digestOf(hash, DATA);
    const pkcs1 = await s.sign({ certificateId: rsa, pin, hash, digest });
    assert.equal(pkcs1.mechanism, 'RSA_PKCS');
    assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: opensslHash(hash), data: DATA, signature: pkcs1.signature, scheme: 'pkcs1' }), 'Verified OK');
    const pss = await s.sign({ certificateId: rsa, pin, hash, digest, padding: 'pss' });
    assert.equal(pss.mechanism, 'RSA_PKCS_PSS');
    assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: opensslHash(hash), data: DATA, signature: pss.signature, scheme: 'pss' }), 'Verified OK');
    // PSS is randomised: a PKCS#1 verifier must reject it (the oracle tells the schemes apart).
    assert.throws(() => opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: opensslHash(hash), data: DATA, signature: pss.signature, scheme: 'pkcs1' }));
    const ecdsa = await s.sign({ certificateId: ec, pin, hash, digest });
    assert.equal(ecdsa.mechanism, 'ECDSA');
    assert.equal(ecdsa.signature.length, 64);
    assert.equal(opensslVerify(env.pki.signers.qualifiedEc.cert, { hash: opensslHash(hash), data: DATA, signature: ecdsa.signature, scheme: 'ecdsa-raw' }), 'Verified OK');
  }
  // PSS on an EC key is a caller error, reported before any PIN is used.
  await assert.rejects(s.sign({ certificateId: ec, pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA), padding: 'pss' }), (e: AppError) => e.code === 'INVALID_INPUT');
});

test('signMany: a batch with one login; each signature verified by openssl; a malformed digest costs no PIN attempt', async () => {
  const s = newSigner([env.tokens.module]);
  const texts = ['pierwszy', 'drugi', 'trzeci'].map((t) => Buffer.from(`Załącznik ${t}\n`, 'utf8'));
  const results = await s.signMany({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash: 'SHA-384', digests: texts.map((t) => digestOf('SHA-384', t)) });
  assert.equal(results.length, 3);
  results.forEach((r, i) => assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, { hash: 'sha384', data: texts[i]!, signature: r.signature, scheme: 'pkcs1' }), 'Verified OK'));
  // CKA_ALWAYS_AUTHENTICATE: the batch still works, with the context-specific login before each C_Sign.
  const always = await s.signMany({ certificateId: env.tokens.certificateIds.qualifiedRsaAlwaysAuth, pin: env.tokens.qes.pin, hash: 'SHA-256', digests: texts.map((t) => digestOf('SHA-256', t)) });
  always.forEach((r, i) => assert.equal(opensslVerify(env.pki.signers.qualifiedRsaAlwaysAuth.cert, { hash: 'sha256', data: texts[i]!, signature: r.signature, scheme: 'pkcs1' }), 'Verified OK'));
  await assert.rejects(
    s.signMany({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: '00000000', hash: 'SHA-256', digests: [digestOf('SHA-256', DATA), Buffer.alloc(5)] }),
    (e: AppError) => e.code === 'INVALID_INPUT',
  );
  assert.equal((await s.loginInfo(env.tokens.certificateIds.qualifiedRsa)).pinState, 'ok', 'the wrong PIN was never sent');
});

test('testSignature: random data signed on the token and verified on the host (RSA, EC, always-authenticate key)', async () => {
  const s = newSigner([env.tokens.module]);
  for (const role of ['qualifiedRsa', 'qualifiedEc', 'qualifiedRsaAlwaysAuth'] as const) {
    const r = await s.testSignature(env.tokens.certificateIds[role], env.tokens.qes.pin);
    assert.deepEqual(r, { ok: true, mechanism: role === 'qualifiedEc' ? 'ECDSA' : 'RSA_PKCS', verifiedOnHost: true }, role);
  }
  await assert.rejects(s.testSignature(env.tokens.certificateIds.qualifiedRsa, '00000000'), (e: AppError) => e.code === 'PIN_INCORRECT');
  // The right PIN next time works and clears the token's count-low state.
  assert.equal((await s.testSignature(env.tokens.certificateIds.qualifiedRsa, env.tokens.qes.pin)).verifiedOnHost, true);
  assert.equal((await s.loginInfo(env.tokens.certificateIds.qualifiedRsa)).pinState, 'ok');
});

test('loginInfo tells the PIN dialog what to show before anything is typed', async () => {
  const s = newSigner([env.tokens.module]);
  const info = await s.loginInfo(env.tokens.certificateIds.nonQualified);
  assert.deepEqual(info, {
    certificateId: env.tokens.certificateIds.nonQualified, tokenLabel: env.tokens.qes.label, pinState: 'ok',
    protectedAuthPath: false, alwaysAuthenticate: false, kind: 'card',
  });
});

test("OpenSC's module with no card: loaded, C_GetInfo read, no token in any slot", async () => {
  if (!existsSync(OPENSC)) return assert.fail(`${OPENSC} missing: install opensc`);
  const s = newSigner([OPENSC]);
  const m = moduleOf(await s.inventory(), OPENSC);
  assert.equal(m.loaded, true, JSON.stringify(m.failure));
  assert.equal(m.vendor, 'OpenSC');
  assert.equal(m.info!.manufacturer, 'OpenSC Project');
  // One slot per PC/SC reader (none when pcscd has no reader); never a token without a card.
  for (const slot of m.slots) {
    assert.equal(slot.tokenPresent, false);
    assert.equal(slot.token, null);
  }
  assert.deepEqual(await s.presentTokens(), []);
  assert.deepEqual(await s.listCertificates(), []);
});

test('modules that fail to load: each reason named precisely, the others still listed', async () => {
  const notElf = path.join(work, 'vendor-notes.so');
  writeFileSync(notElf, 'installation notes, not a library\n');
  const elf32 = gccShared('libvendor32', 'int vendor32(void) { return 32; }\n', ['-m32', '-nostdlib']);
  // A module linked against a library that is then removed: dlopen names the missing dependency.
  gccShared('libnadawcadep', 'int nadawca_dep(void) { return 1; }\n', ['-Wl,-soname,libnadawcadep.so']);
  const needsDep = gccShared('libvendor-needsdep', `${PKCS11_PRELUDE}\nint nadawca_dep(void);\nCK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR p) { (void)p; return nadawca_dep() ? CKR_GENERAL_ERROR : CKR_OK; }\n`, [
    `-L${work}`, '-lnadawcadep',
  ]);
  rmSync(path.join(work, 'libnadawcadep.so'));
  // A PKCS#11 module whose C_Initialize fails (a driver that cannot reach its service).
  const initFails = gccShared('libvendor-initfails', `${PKCS11_PRELUDE}
static CK_RV init(CK_VOID_PTR a) { (void)a; return CKR_DEVICE_ERROR; }
static CK_FUNCTION_LIST list;
CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR p) { list.version.major = 2; list.version.minor = 40; list.C_Initialize = init; *p = &list; return CKR_OK; }
`);
  const missing = '/nonexistent/libvendor-pkcs11.so';
  const libz = ['/usr/lib/x86_64-linux-gnu/libz.so.1', '/lib/x86_64-linux-gnu/libz.so.1'].find(existsSync)!;

  const s = newSigner([missing, elf32, needsDep, initFails, libz, env.tokens.module], [notElf]);
  const inventory = signerInventorySchema.parse(await s.inventory());
  const failure = (file: string) => moduleOf(inventory, file).failure;
  assert.deepEqual(failure(missing), { reason: 'file-missing', message: 'file not found' });
  assert.deepEqual(failure(notElf), { reason: 'not-a-module', message: 'not an ELF shared library' });
  assert.deepEqual(failure(elf32), { reason: 'wrong-architecture', message: '32-bit library in a 64-bit process (wrong ELF class)' });
  assert.equal(failure(needsDep)?.reason, 'missing-dependency');
  assert.match(failure(needsDep)!.message, /libnadawcadep\.so: cannot open shared object file/);
  assert.deepEqual(failure(initFails), { reason: 'initialize-failed', message: 'C_Initialize failed: CKR_DEVICE_ERROR' });
  assert.deepEqual(failure(libz), { reason: 'not-a-module', message: 'not a PKCS#11 module (no C_GetFunctionList)' });
  assert.equal(moduleOf(inventory, notElf).source, 'user');
  assert.equal(moduleOf(inventory, missing).source, 'env');
  for (const f of [missing, notElf, elf32, needsDep, initFails, libz]) {
    const m = moduleOf(inventory, f);
    assert.equal(m.loaded, false);
    assert.deepEqual(m.slots, []);
  }
  assert.equal(moduleOf(inventory, env.tokens.module).loaded, true, 'the working module is still listed');
  // Signing through the same host still works.
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.equal(opensslVerify(env.pki.signers.qualifiedEc.cert, { hash: 'sha256', data: DATA, signature: r.signature, scheme: 'ecdsa-raw' }), 'Verified OK');
});
