/**
 * The PKCS#11 signer end to end: client → forked signer host → pkcs11js → SoftHSMv2 tokens made by
 * the test harness. Every signature is checked by openssl (a verifier nobody here wrote); the
 * PKCS#11 call sequence is checked with OpenSC's pkcs11-spy between the host and SoftHSM.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, verify as cryptoVerify } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pkcs11js from 'pkcs11js';
import { AppError } from '../../electron/common/errors';
import type { CertificateInfo } from '../../electron/common/contract';
import type { Logger } from '../../electron/node/logger';
import { forkLauncher } from '../../electron/node/process-host';
import { createPkcs11Signer, defaultModules, type Pkcs11Signer } from '../../electron/node/signer/client';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import type { HashName } from '../../electron/node/signer/types';
import { checkLibraryFile } from '../../native/pkcs11';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const HOST = { entry: path.resolve(__dirname, '../../electron/node/signer/host.ts'), execArgv: ['--import', 'tsx'] };
const SPY_MODULE = '/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so';
const DATA = Buffer.from('Pismo testowe do Urzędu Testowego — treść podpisywana w teście.\n', 'utf8');
const WRONG_PIN = '99887766';

let env: TestEnvironment;
let signer: Pkcs11Signer;
let work: string;
const opened: Pkcs11Signer[] = [];

function newSigner(options: Partial<Parameters<typeof createPkcs11Signer>[0]> = {}): Pkcs11Signer {
  const s = createPkcs11Signer({ modules: [env.tokens.module], host: HOST, ...options });
  opened.push(s);
  return s;
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) => lines.push(JSON.stringify({ level, msg, ...fields }));
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

const digestOf = (hash: HashName, data: Buffer) => createHash(hash.replace('-', '').toLowerCase()).update(data).digest();

/** `openssl dgst -verify` over the original data: the independent check of a signature. */
function opensslVerify(certPem: string, hash: 'sha256' | 'sha384' | 'sha512', data: Buffer, derSignature: Uint8Array): string {
  const dir = mkdtempSync(path.join(work, 'verify-'));
  const pub = path.join(dir, 'pub.pem');
  writeFileSync(pub, execFileSync('openssl', ['x509', '-in', certPem, '-pubkey', '-noout']));
  writeFileSync(path.join(dir, 'data.bin'), data);
  writeFileSync(path.join(dir, 'sig.bin'), derSignature);
  return execFileSync('openssl', ['dgst', `-${hash}`, '-verify', pub, '-signature', path.join(dir, 'sig.bin'), path.join(dir, 'data.bin')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Raw r||s → DER SEQUENCE { INTEGER r, INTEGER s } (minimal integers, 0x00 before a high bit). */
function rawEcdsaToDer(raw: Uint8Array): Buffer {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = Buffer.from(b.subarray(i));
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
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

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function waitUntil(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

before(async () => {
  env = await getTestEnvironment();
  work = path.join(env.dir, 'signer-test');
  mkdirSync(work, { recursive: true });
  signer = newSigner();
});

after(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

test('lists exactly the signing certificates of the token, classified', async () => {
  const certs = await signer.listCertificates();
  const ids = env.tokens.certificateIds;
  assert.deepEqual(certs.map((c) => c.id).sort(), Object.values(ids).sort(), 'the five keyed end-entity certificates');
  assert.ok(!certs.some((c) => c.id === env.tokens.notOffered.qualifiedCa), 'CA certificate is not offered');
  assert.ok(!certs.some((c) => c.id === env.tokens.notOffered.tsaWithoutKey), 'certificate without a key is not offered');

  const byId = new Map(certs.map((c) => [c.id, c] as [string, CertificateInfo]));
  const get = (role: keyof typeof ids) => byId.get(ids[role])!;
  const now = Date.now();

  const rsa = get('qualifiedRsa');
  assert.equal(rsa.qualified, true);
  assert.deepEqual(rsa.keyUsage, ['nonRepudiation']);
  assert.equal(rsa.keyType, 'RSA-2048');
  assert.deepEqual(rsa.token, { label: 'Jan Testowy QES', module: env.tokens.module });
  assert.equal(rsa.subject, 'CN=Jan Testowy, SN=Testowy, GN=Jan, serialNumber=PNOPL-85022512342, OU=TEST, O=TEST Nadawca (certyfikat testowy), C=PL');
  assert.match(rsa.issuer, /^CN=TEST Kwalifikowane CA, OU=TEST - nie do użytku, O=TEST Nadawca PKI, C=PL$/);
  const serial = execFileSync('openssl', ['x509', '-in', env.pki.signers.qualifiedRsa.cert, '-noout', '-serial'], { encoding: 'utf8' });
  assert.equal(rsa.serialNumber, serial.trim().replace(/^serial=/, '').toLowerCase());
  assert.ok(Date.parse(rsa.notBefore) < now && Date.parse(rsa.notAfter) > now, 'valid now');

  assert.equal(get('qualifiedRsaAlwaysAuth').qualified, true);
  assert.equal(get('qualifiedEc').qualified, true);
  assert.equal(get('qualifiedEc').keyType, 'EC-P256');

  const auth = get('nonQualified');
  assert.equal(auth.qualified, false);
  assert.deepEqual(auth.keyUsage, ['digitalSignature']);

  const expired = get('expired');
  assert.equal(expired.notAfter, '2021-01-01T00:00:00.000Z');
  assert.ok(Date.parse(expired.notAfter) < now, 'expired');
  assert.equal(expired.qualified, true, 'still claims qualification: expiry is judged separately');
});

test('certificate() returns the DER that was put on the token', async () => {
  for (const [role, id] of Object.entries(env.tokens.certificateIds)) {
    const der = await signer.certificate(id);
    assert.deepEqual(Buffer.from(der), readFileSync(env.pki.signers[role as keyof typeof env.pki.signers].der), role);
  }
});

test('RSA: PKCS#1 v1.5 over DigestInfo, verified by openssl on the original data', async () => {
  const cert = env.pki.signers.qualifiedRsa.cert;
  const result = await signer.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.equal(result.keyType, 'RSA');
  assert.equal(result.signature.length, 256);
  assert.equal(opensslVerify(cert, 'sha256', DATA, result.signature), 'Verified OK');

  for (const hash of ['SHA-384', 'SHA-512'] as const) {
    const r = await signer.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash, digest: digestOf(hash, DATA) });
    assert.ok(cryptoVerify(hash.replace('-', '').toLowerCase(), DATA, readFileSync(cert, 'utf8'), r.signature), `${hash} verifies (node)`);
  }
});

test('a signature over other data does not verify (the oracle can fail)', async () => {
  const r = await signer.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.throws(() => opensslVerify(env.pki.signers.qualifiedRsa.cert, 'sha256', Buffer.from('inna treść'), r.signature), /Verification failure|bad signature/);
  assert.equal(cryptoVerify('sha256', Buffer.from('inna treść'), readFileSync(env.pki.signers.qualifiedRsa.cert, 'utf8'), r.signature), false);
});

test('CKA_ALWAYS_AUTHENTICATE key: the host signs; without the context-specific login SoftHSM refuses', async () => {
  const cert = env.pki.signers.qualifiedRsaAlwaysAuth.cert;
  const r = await signer.sign({
    certificateId: env.tokens.certificateIds.qualifiedRsaAlwaysAuth,
    pin: env.tokens.qes.pin,
    hash: 'SHA-256',
    digest: digestOf('SHA-256', DATA),
  });
  assert.equal(opensslVerify(cert, 'sha256', DATA, r.signature), 'Verified OK');

  // The same key driven directly, once without and once with C_Login(CKU_CONTEXT_SPECIFIC).
  const lib = new pkcs11js.PKCS11();
  lib.load(env.tokens.module);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).serialNumber.trim() === env.tokens.qes.serial)!;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    lib.C_Login(session, pkcs11js.CKU_USER, env.tokens.qes.pin);
    try {
      lib.C_FindObjectsInit(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(env.tokens.ckaIds.qualifiedRsaAlwaysAuth, 'hex') },
      ]);
      const key = lib.C_FindObjects(session);
      lib.C_FindObjectsFinal(session);
      assert.ok(key, 'private key found after login');
      const [flag] = lib.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_ALWAYS_AUTHENTICATE }]);
      assert.equal(flag?.value[0], 1, 'CKA_ALWAYS_AUTHENTICATE is TRUE on the token');

      const data = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digestOf('SHA-256', DATA)]);
      lib.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      assert.throws(() => lib.C_Sign(session, data, Buffer.alloc(512)), /CKR_USER_NOT_LOGGED_IN/);

      lib.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      lib.C_Login(session, pkcs11js.CKU_CONTEXT_SPECIFIC, env.tokens.qes.pin);
      const sig = lib.C_Sign(session, data, Buffer.alloc(512));
      assert.equal(opensslVerify(cert, 'sha256', DATA, sig), 'Verified OK');
    } finally {
      lib.C_Logout(session);
      lib.C_CloseSession(session);
    }
  } finally {
    lib.C_Finalize();
    lib.close();
  }
});

test('EC P-256: raw r||s over the bare digest, verified by openssl after DER conversion', async () => {
  const cert = env.pki.signers.qualifiedEc.cert;
  const r = await signer.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.equal(r.keyType, 'EC');
  assert.equal(r.signature.length, 64, 'r||s, 32 bytes each');
  assert.equal(opensslVerify(cert, 'sha256', DATA, rawEcdsaToDer(r.signature)), 'Verified OK');
  assert.ok(cryptoVerify('sha256', DATA, { key: readFileSync(cert, 'utf8'), dsaEncoding: 'ieee-p1363' }, r.signature));
});

test('wrong PIN: PIN_INCORRECT after one C_Login, no retry; the right PIN works next (pkcs11-spy)', async (t) => {
  if (!existsSync(SPY_MODULE)) {
    t.skip(`${SPY_MODULE} missing (install opensc)`);
    return;
  }
  const log = path.join(work, 'spy.log');
  // pkcs11-spy logs call arguments, the PIN included: this file stays in the temp folder and is deleted below.
  const saved = { spy: process.env.PKCS11SPY, out: process.env.PKCS11SPY_OUTPUT };
  process.env.PKCS11SPY = env.tokens.module;
  process.env.PKCS11SPY_OUTPUT = log;
  t.after(() => {
    process.env.PKCS11SPY = saved.spy;
    process.env.PKCS11SPY_OUTPUT = saved.out;
    if (saved.spy === undefined) delete process.env.PKCS11SPY;
    if (saved.out === undefined) delete process.env.PKCS11SPY_OUTPUT;
    rmSync(log, { force: true });
  });
  const spied = newSigner({ modules: [SPY_MODULE] });
  assert.equal((await spied.listCertificates()).length, 5);

  let offset = readFileSync(log, 'utf8').length;
  const callsSince = () => {
    const text = readFileSync(log, 'utf8');
    const calls = text
      .slice(offset)
      .split(/^(?=\d+: C_\w+\s*$)/m)
      .map((block) => /^\d+: (C_\w+)/.exec(block)?.[1] && {
        fn: /^\d+: (C_\w+)/.exec(block)![1]!,
        userType: /userType = (\w+)/.exec(block)?.[1],
        rv: /Returned:\s+\d+\s+(\w+)/.exec(block)?.[1],
      })
      .filter((c): c is { fn: string; userType: string | undefined; rv: string | undefined } => Boolean(c));
    offset = text.length;
    return calls;
  };
  const request = (role: 'qualifiedRsa' | 'qualifiedRsaAlwaysAuth', pin: string) =>
    spied.sign({ certificateId: env.tokens.certificateIds[role], pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });

  const err = await rejectsWith(request('qualifiedRsa', WRONG_PIN), 'PIN_INCORRECT');
  // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a failure; the host re-read the flags.
  assert.equal(err.details.pinState, 'low');
  let calls = callsSince();
  const logins = calls.filter((c) => c.fn === 'C_Login');
  assert.equal(logins.length, 1, 'exactly one login attempt');
  assert.equal(logins[0]!.rv, 'CKR_PIN_INCORRECT');
  assert.ok(!calls.some((c) => c.fn === 'C_SignInit' || c.fn === 'C_Sign'), 'nothing signed');
  assert.ok(calls.some((c) => c.fn === 'C_GetTokenInfo'), 'flags re-read after the failure');
  assert.equal(calls.at(-1)?.fn, 'C_CloseSession', 'session closed');

  const ok = await request('qualifiedRsa', env.tokens.qes.pin);
  assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, 'sha256', DATA, ok.signature), 'Verified OK');
  calls = callsSince();
  calls = calls.slice(calls.map((c) => c.fn).lastIndexOf('C_OpenSession')); // the signing session, after the look-up
  assert.deepEqual(
    calls.filter((c) => ['C_OpenSession', 'C_Login', 'C_SignInit', 'C_Sign', 'C_Logout', 'C_CloseSession'].includes(c.fn)).map((c) => c.fn),
    ['C_OpenSession', 'C_Login', 'C_SignInit', 'C_Sign', 'C_Logout', 'C_CloseSession'],
  );

  // Always-authenticate: the second login is context-specific, after C_SignInit, before C_Sign.
  await request('qualifiedRsaAlwaysAuth', env.tokens.qes.pin);
  calls = callsSince();
  calls = calls.slice(calls.map((c) => c.fn).lastIndexOf('C_OpenSession'));
  const flow = calls
    .filter((c) => ['C_Login', 'C_SignInit', 'C_Sign', 'C_Logout', 'C_CloseSession'].includes(c.fn))
    .map((c) => (c.fn === 'C_Login' ? `C_Login(${c.userType})` : c.fn));
  assert.deepEqual(flow, ['C_Login(CKU_USER)', 'C_SignInit', 'C_Login(CKU_CONTEXT_SPECIFIC)', 'C_Sign', 'C_Logout', 'C_CloseSession']);
  assert.ok(calls.every((c) => c.rv === undefined || c.rv === 'CKR_OK' || c.fn !== 'C_Sign'), 'C_Sign succeeded');
});

test('unknown certificate → CERT_NOT_FOUND', async () => {
  const unknown = 'ab'.repeat(32);
  const e = await rejectsWith(signer.sign({ certificateId: unknown, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) }), 'CERT_NOT_FOUND');
  assert.equal(e.details.cert, unknown);
  await rejectsWith(signer.certificate(unknown), 'CERT_NOT_FOUND');
  // On the token, but not a signing certificate: not offered, so not found either.
  await rejectsWith(signer.certificate(env.tokens.notOffered.qualifiedCa), 'CERT_NOT_FOUND');
});

test('modules that cannot be loaded → MODULE_LOAD_FAILED with the precise reason', async () => {
  const notElf = path.join(work, 'not-a-library.so');
  writeFileSync(notElf, 'plain text, not a library\n');
  // Hand-made ELF headers: a 32-bit shared object, and a 64-bit executable.
  const elf = (cls: 1 | 2, type: number, machine: number) => {
    const h = Buffer.alloc(64);
    h.writeUInt32BE(0x7f454c46, 0);
    h[4] = cls;
    h[5] = 1;
    h[6] = 1;
    h.writeUInt16LE(type, 16);
    h.writeUInt16LE(machine, 18);
    return h;
  };
  const elf32 = path.join(work, 'lib32.so');
  writeFileSync(elf32, elf(1, 3, 0x03));
  const exec64 = path.join(work, 'exec64.so');
  writeFileSync(exec64, elf(2, 2, process.arch === 'arm64' ? 0xb7 : 0x3e));
  const libz = ['/usr/lib/x86_64-linux-gnu/libz.so.1', '/usr/lib/aarch64-linux-gnu/libz.so.1', '/lib/x86_64-linux-gnu/libz.so.1'].find(existsSync);

  assert.equal(checkLibraryFile('/nonexistent/libvendor-pkcs11.so'), 'file not found');
  assert.equal(checkLibraryFile('libsofthsm2.so'), 'the path must be absolute');
  assert.equal(checkLibraryFile(work), 'not a regular file');
  assert.equal(checkLibraryFile(notElf), 'not an ELF shared library');
  if (process.arch === 'x64' || process.arch === 'arm64') {
    assert.equal(checkLibraryFile(elf32), '32-bit library in a 64-bit process (wrong ELF class)');
    assert.equal(checkLibraryFile(exec64), 'not a shared library (ELF executable)');
  }
  assert.equal(checkLibraryFile(env.tokens.module), undefined);
  assert.equal(checkLibraryFile('C:\\x.dll', 'win32'), 'the path must be absolute');

  // Through the host: the reason reaches the app in details.
  const cases: [string, RegExp][] = [
    ['/nonexistent/libvendor-pkcs11.so', /^file not found$/],
    [notElf, /^not an ELF shared library$/],
    ...(libz ? [[libz, /^not a PKCS#11 module \(no C_GetFunctionList\)$/] as [string, RegExp]] : []),
  ];
  await Promise.all(
    cases.map(async ([module, reason]) => {
      const s = newSigner({ modules: [module] });
      const e = await rejectsWith(s.listCertificates(), 'MODULE_LOAD_FAILED');
      assert.equal(e.details.module, module);
      assert.match(String(e.details.reason), reason);
      await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: '1234', hash: 'SHA-256', digest: digestOf('SHA-256', DATA) }), 'MODULE_LOAD_FAILED');
      await s.close();
    }),
  );
});

test('a broken module does not hide the tokens of a working one (reported to the log)', async () => {
  const logger = capturingLogger();
  const s = newSigner({ modules: ['/nonexistent/libvendor-pkcs11.so', env.tokens.module], logger });
  assert.equal((await s.listCertificates()).length, 5);
  assert.ok(logger.lines.some((l) => l.includes('/nonexistent/libvendor-pkcs11.so') && l.includes('MODULE_LOAD_FAILED')), logger.lines.join('\n'));
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.equal(r.signature.length, 64);
  await s.close();
});

test('host killed mid-request → SIGNER_CRASHED naming the module; the next call starts a new host', async () => {
  const s = newSigner();
  await s.listCertificates();
  const pid = s.hostPid!;
  assert.ok(pid > 0);
  process.kill(pid, 'SIGSTOP'); // the request below stays in flight
  const pending = s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  await new Promise((r) => setTimeout(r, 100));
  process.kill(pid, 'SIGKILL');
  const e = await rejectsWith(pending, 'SIGNER_CRASHED');
  assert.equal(e.details.module, env.tokens.module);

  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.equal(opensslVerify(env.pki.signers.qualifiedRsa.cert, 'sha256', DATA, r.signature), 'Verified OK');
  assert.notEqual(s.hostPid, pid);
  await s.close();
});

test('host that does not answer → SIGNER_TIMEOUT, the host is killed and replaced', async () => {
  // 1.5 s: long enough for a fresh host's first listing on a loaded machine, short for a test.
  const s = newSigner({ timeoutMs: { list: 1500, sign: 1500 } });
  await s.listCertificates();
  const pid = s.hostPid!;
  process.kill(pid, 'SIGSTOP'); // a driver stuck in a call looks exactly like this from outside
  const started = Date.now();
  const e = await rejectsWith(s.listCertificates(), 'SIGNER_TIMEOUT');
  assert.equal(e.details.seconds, 2);
  assert.ok(Date.now() - started >= 1480, 'waited for the time-out');
  await waitUntil(() => exited(pid), 'the stuck host to be killed');
  assert.equal((await s.listCertificates()).length, 5);
  assert.notEqual(s.hostPid, pid);
  await s.close();
});

test('concurrent calls are queued and each gets its own answer', async () => {
  const s = newSigner({ timeoutMs: { list: 3000, sign: 3000 } });
  const results = await Promise.all([
    s.listCertificates(),
    s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) }),
    s.certificate(env.tokens.certificateIds.qualifiedEc),
    s.listCertificates(),
  ]);
  assert.equal(results[0].length, 5);
  assert.equal(results[1].signature.length, 64);
  assert.deepEqual(Buffer.from(results[2]), readFileSync(env.pki.signers.qualifiedEc.der));
  await s.close();
});

test('the PIN never appears in errors, details or the log', async () => {
  const logger = capturingLogger();
  const s = newSigner({ modules: [env.tokens.module, '/nonexistent/libvendor-pkcs11.so'], logger });
  const digest = digestOf('SHA-256', DATA);
  const errors = [
    await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: WRONG_PIN, hash: 'SHA-256', digest }), 'PIN_INCORRECT'),
    await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsaAlwaysAuth, pin: WRONG_PIN, hash: 'SHA-256', digest }), 'PIN_INCORRECT'),
    await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: WRONG_PIN, hash: 'SHA-256', digest }), 'PIN_INCORRECT'),
    await rejectsWith(s.sign({ certificateId: 'cd'.repeat(32), pin: WRONG_PIN, hash: 'SHA-256', digest }), 'CERT_NOT_FOUND'),
    await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: WRONG_PIN, hash: 'SHA-256', digest: digest.subarray(0, 20) }), 'INVALID_INPUT'),
  ];
  await s.listCertificates();
  for (const e of errors) {
    const text = JSON.stringify({ message: e.message, details: e.details, stack: e.stack });
    assert.ok(!text.includes(WRONG_PIN), `PIN leaked in ${e.code}: ${text}`);
  }
  assert.ok(!logger.lines.join('\n').includes(WRONG_PIN), 'PIN leaked in the log');
  // The right PIN still works after three failures: SoftHSM never locks, and nothing was retried.
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, hash: 'SHA-256', digest });
  assert.equal(r.keyType, 'RSA');
  await s.close();
});

test('close() stops the host; a later call starts it again', async () => {
  const s = newSigner();
  await s.listCertificates();
  const pid = s.hostPid!;
  await s.close();
  assert.equal(s.hostPid, undefined);
  await waitUntil(() => exited(pid), 'the host to exit');
  assert.equal((await s.listCertificates()).length, 5);
  await s.close();
});

test('an idle host does not keep a CLI alive, and exits with it', async () => {
  const script = path.join(work, 'forgot-close.ts');
  writeFileSync(
    script,
    `import { createPkcs11Signer } from ${JSON.stringify(path.resolve(__dirname, '../../electron/node/signer/client'))};
const s = createPkcs11Signer({ modules: [${JSON.stringify(env.tokens.module)}], host: ${JSON.stringify(HOST)} });
s.listCertificates().then((c) => console.log(JSON.stringify({ count: c.length, pid: s.hostPid })));
`,
  );
  // No close(): the process must still end on its own once the answer is in.
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 20_000 });
  const { count, pid } = JSON.parse(out.trim()) as { count: number; pid: number };
  assert.equal(count, 5);
  await waitUntil(() => exited(pid), 'the orphaned host to exit after its parent');
});

test('a host started through a ProcessLauncher (how the app starts a utility process) speaks the same protocol', async () => {
  const launched: string[][] = [];
  const s = newSigner({ launcher: (spec, args) => { launched.push(args); return forkLauncher(spec, args); } });
  assert.equal((await s.listCertificates()).length, 5);
  assert.equal(launched.length, 1, 'the host was started through the given launcher');
  const r = await s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.equal(opensslVerify(env.pki.signers.qualifiedEc.cert, 'sha256', DATA, rawEcdsaToDer(r.signature)), 'Verified OK');
  await rejectsWith(s.sign({ certificateId: env.tokens.certificateIds.qualifiedEc, pin: WRONG_PIN, hash: 'SHA-256', digest: digestOf('SHA-256', DATA) }), 'PIN_INCORRECT');
  await s.close();
});

test('defaultModules() lists known modules present here, each file once', () => {
  const modules = defaultModules();
  assert.ok(modules.every((m) => existsSync(m)));
  assert.equal(new Set(modules.map((m) => realpathSync(m))).size, modules.length);
  if (existsSync('/usr/lib/softhsm/libsofthsm2.so')) assert.ok(modules.includes('/usr/lib/softhsm/libsofthsm2.so'));
  assert.deepEqual(defaultModules('plan9'), []);
});

test('file signer: same contract with a PEM key (RSA and EC), verified by openssl', async () => {
  const { qualifiedRsa, qualifiedEc } = env.pki.signers;
  const rsa = createFileSigner({ keyPem: qualifiedRsa.key, certPem: readFileSync(qualifiedRsa.cert, 'utf8'), label: 'demo RSA' });
  const [info] = await rsa.listCertificates();
  assert.equal(info?.id, qualifiedRsa.id);
  assert.deepEqual(info?.token, { label: 'demo RSA', module: 'file' });
  assert.deepEqual(Buffer.from(await rsa.certificate(qualifiedRsa.id)), readFileSync(qualifiedRsa.der));
  for (const hash of ['SHA-256', 'SHA-384', 'SHA-512'] as const) {
    const r = await rsa.sign({ certificateId: qualifiedRsa.id, pin: '', hash, digest: digestOf(hash, DATA) });
    assert.equal(opensslVerify(qualifiedRsa.cert, hash.replace('-', '').toLowerCase() as 'sha256', DATA, r.signature), 'Verified OK', hash);
  }

  const ec = createFileSigner({ keyPem: qualifiedEc.key, certPem: qualifiedEc.cert, label: 'demo EC' });
  const r = await ec.sign({ certificateId: qualifiedEc.id, pin: 'ignored', hash: 'SHA-256', digest: digestOf('SHA-256', DATA) });
  assert.equal(r.keyType, 'EC');
  assert.equal(r.signature.length, 64);
  assert.equal(opensslVerify(qualifiedEc.cert, 'sha256', DATA, rawEcdsaToDer(r.signature)), 'Verified OK');
  const r384 = await ec.sign({ certificateId: qualifiedEc.id, pin: '', hash: 'SHA-384', digest: digestOf('SHA-384', DATA) });
  assert.equal(opensslVerify(qualifiedEc.cert, 'sha384', DATA, rawEcdsaToDer(r384.signature)), 'Verified OK');

  await rejectsWith(rsa.sign({ certificateId: qualifiedEc.id, pin: '', hash: 'SHA-256', digest: digestOf('SHA-256', DATA) }), 'CERT_NOT_FOUND');
  assert.throws(() => createFileSigner({ keyPem: qualifiedEc.key, certPem: qualifiedRsa.cert, label: 'mismatch' }), /does not match/);
});
