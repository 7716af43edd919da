// Benchmark (scripts/bench.ts runs it): the per-signature overhead of Nadawca's card signer over a
// bare pkcs11js C_Sign loop on SoftHSMv2, 200 RSA-2048 signatures with one login (a key without
// CKA_ALWAYS_AUTHENTICATE). Ours: client → IPC → signer host → certificate lookup by fingerprint →
// one session and login → C_SignInit/C_Sign per digest (signMany). Reference: the same key, one
// session, C_Login once, then C_SignInit + C_Sign 200 times in this process. Target: < 1.2×.
// Also reported, not targeted: 200 separate sign() calls (one session and login each, §9.1).
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import { X509Certificate } from '@peculiar/x509';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as pkcs11js from 'pkcs11js';
import { withDigestInfo } from '../../native/digest-info';
import { createPkcs11Signer } from '../../electron/node/signer/client';
import { printBenchResult, runBench } from './report';

const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const COUNT = 200;
const TARGET_RATIO = 1.2;
const PIN = '123456';
const LABEL = 'bench';

/** A SoftHSM token with one RSA key and a self-signed certificate (CKA_ID 01), in a temp folder. */
function makeToken(dir: string): { certificateId: string } {
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', LABEL, '--so-pin', '12345678', '--pin', PIN], { stdio: 'pipe' });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = join(dir, 'key.pem');
  writeFileSync(keyPem, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const der = execFileSync('openssl', ['req', '-new', '-x509', '-key', keyPem, '-subj', '/CN=bench', '-days', '2', '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,nonRepudiation', '-outform', 'DER']);
  const jwk = privateKey.export({ format: 'jwk' });
  const b = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');
  const id = Buffer.from('01', 'hex');
  withSession(true, (lib, session) => {
    lib.C_CreateObject(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
      { type: pkcs11js.CKA_TOKEN, value: true }, { type: pkcs11js.CKA_PRIVATE, value: false }, { type: pkcs11js.CKA_SENSITIVE, value: true }, { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_ID, value: id }, { type: pkcs11js.CKA_MODULUS, value: b(jwk.n) }, { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: b(jwk.e) },
      { type: pkcs11js.CKA_PRIVATE_EXPONENT, value: b(jwk.d) }, { type: pkcs11js.CKA_PRIME_1, value: b(jwk.p) }, { type: pkcs11js.CKA_PRIME_2, value: b(jwk.q) },
      { type: pkcs11js.CKA_EXPONENT_1, value: b(jwk.dp) }, { type: pkcs11js.CKA_EXPONENT_2, value: b(jwk.dq) }, { type: pkcs11js.CKA_COEFFICIENT, value: b(jwk.qi) },
    ]);
    lib.C_CreateObject(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }, { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
      { type: pkcs11js.CKA_TOKEN, value: true }, { type: pkcs11js.CKA_ID, value: id }, { type: pkcs11js.CKA_VALUE, value: der },
      { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(new X509Certificate(der).subjectName.toArrayBuffer()) },
    ]);
  });
  return { certificateId: createHash('sha256').update(der).digest('hex') };
}

function withSession<T>(rw: boolean, fn: (lib: pkcs11js.PKCS11, session: Buffer) => T): T {
  const lib = new pkcs11js.PKCS11();
  lib.load(MODULE);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === LABEL)!;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | (rw ? pkcs11js.CKF_RW_SESSION : 0));
    lib.C_Login(session, pkcs11js.CKU_USER, PIN);
    try {
      return fn(lib, session);
    } finally {
      lib.C_Logout(session);
      lib.C_CloseSession(session);
    }
  } finally {
    lib.C_Finalize();
    lib.close();
  }
}

/** The floor: one login, then C_SignInit + C_Sign per digest, nothing else. */
function bareLoop(digests: Buffer[]): number {
  return withSession(false, (lib, session) => {
    const [key] = (() => {
      lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
      const found = lib.C_FindObjects(session, 1);
      lib.C_FindObjectsFinal(session);
      return found;
    })();
    const out = Buffer.alloc(512);
    const started = process.hrtime.bigint();
    for (const d of digests) {
      lib.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key!);
      lib.C_Sign(session, withDigestInfo('SHA-256', d), out);
    }
    return Number(process.hrtime.bigint() - started) / 1e6;
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-bench-signer-'));
  const signer = createPkcs11Signer({ modules: [MODULE], host: { entry: resolve(import.meta.dirname, '../../electron/node/signer/host.ts'), execArgv: ['--import', 'tsx'] } });
  try {
    const { certificateId } = makeToken(dir);
    const digests = Array.from({ length: COUNT }, () => createHash('sha256').update(randomBytes(64)).digest());
    await signer.listCertificates(); // host started and module loaded: process start-up is not per-signature cost
    bareLoop(digests.slice(0, 10)); // warm-up

    const bareMs = bareLoop(digests);
    let started = process.hrtime.bigint();
    const ours = await signer.signMany({ certificateId, pin: PIN, hash: 'SHA-256', digests });
    const oursMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (ours.length !== COUNT) throw new Error('signMany returned the wrong number of signatures');

    started = process.hrtime.bigint();
    for (const digest of digests.slice(0, 50)) await signer.sign({ certificateId, pin: PIN, hash: 'SHA-256', digest });
    const perCallMs = Number(process.hrtime.bigint() - started) / 1e6 / 50;

    const ratio = oursMs / bareMs;
    printBenchResult({
      ok: ratio < TARGET_RATIO,
      signatures: COUNT,
      oursMs: Math.round(oursMs),
      bareCSignLoopMs: Math.round(bareMs),
      ratio: Number(ratio.toFixed(3)),
      target: `< ${TARGET_RATIO}×`,
      perSignatureOverheadMs: Number(((oursMs - bareMs) / COUNT).toFixed(3)),
      separateCallsMsPerSignature: Number(perCallMs.toFixed(2)),
    });
  } finally {
    await signer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
