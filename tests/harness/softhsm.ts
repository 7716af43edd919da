/**
 * SoftHSMv2 tokens for integration tests, in a temp folder (ARCHITECTURE §5).
 *
 * Sets process.env.SOFTHSM2_CONF, so every signer host forked afterwards sees these tokens.
 * Tokens are initialised with softhsm2-util; keys and certificates are created with pkcs11js
 * C_CreateObject (softhsm2-util --import cannot set CKA_ALWAYS_AUTHENTICATE, and this way RSA
 * and EC keys follow one path). CKA_ALWAYS_AUTHENTICATE is read back, not assumed.
 *
 * Not possible here: a token that locks after N wrong PINs. SoftHSM never blocks a user PIN (it only
 * raises CKF_USER_PIN_COUNT_LOW after a failure), so PIN_LOCKED / pinState 'final' cannot be
 * produced with it and are not faked.
 */
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import { X509Certificate } from '@peculiar/x509';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pkcs11js from 'pkcs11js';
import type { TestCert, TestPki } from './pki';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface TestToken {
  label: string;
  pin: string;
  soPin: string;
  serial: string;
}

export type SignerRole = keyof TestPki['signers'];

export interface TestTokens {
  module: string;
  /** The softhsm2.conf written (also in process.env.SOFTHSM2_CONF). */
  conf: string;
  /** Holds all five signer roles plus a CA certificate and a certificate without a key. */
  qes: TestToken;
  /** Initialised, no objects: listing must cope with it. */
  empty: TestToken;
  /** Hex SHA-256 of each role's certificate DER (= CertificateInfo.id). */
  certificateIds: Record<SignerRole, string>;
  /** Hex CKA_ID of each role's key and certificate on the token. */
  ckaIds: Record<SignerRole, string>;
  /** On the token, never offered for signing: the qualified CA and the TSA certificate (no key). */
  notOffered: { qualifiedCa: string; tsaWithoutKey: string };
}

const ROLES: { role: SignerRole; ckaId: string; label: string; alwaysAuthenticate: boolean; hidePrivateKey: boolean }[] = [
  { role: 'qualifiedRsa', ckaId: '01', label: 'Podpis kwalifikowany (RSA)', alwaysAuthenticate: false, hidePrivateKey: true },
  { role: 'qualifiedRsaAlwaysAuth', ckaId: '02', label: 'Podpis kwalifikowany (PIN przy kazdym podpisie)', alwaysAuthenticate: true, hidePrivateKey: true },
  { role: 'qualifiedEc', ckaId: '03', label: 'Podpis kwalifikowany (EC)', alwaysAuthenticate: false, hidePrivateKey: true },
  // Visible before login (CKA_PRIVATE=false), as many card drivers expose key objects: both pairing paths get used.
  { role: 'nonQualified', ckaId: '04', label: 'Uwierzytelnienie', alwaysAuthenticate: false, hidePrivateKey: false },
  { role: 'expired', ckaId: '05', label: 'Podpis kwalifikowany (wygasly)', alwaysAuthenticate: false, hidePrivateKey: true },
];

const EC_P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');
const b64u = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');

export function keyTemplates(pem: string, ckaId: Buffer, label: string, o: { alwaysAuthenticate: boolean; hidePrivateKey: boolean }) {
  const jwk = createPrivateKey(pem).export({ format: 'jwk' });
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: ckaId },
    { type: pkcs11js.CKA_LABEL, value: label },
  ];
  const privateCommon = [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_PRIVATE, value: o.hidePrivateKey },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_ALWAYS_AUTHENTICATE, value: o.alwaysAuthenticate },
  ];
  const publicCommon = [...common, { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY }, { type: pkcs11js.CKA_VERIFY, value: true }];
  if (jwk.kty === 'RSA') {
    const pub = [
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
      { type: pkcs11js.CKA_MODULUS, value: b64u(jwk.n) },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: b64u(jwk.e) },
    ];
    return {
      privateKey: [
        ...privateCommon,
        ...pub,
        { type: pkcs11js.CKA_PRIVATE_EXPONENT, value: b64u(jwk.d) },
        { type: pkcs11js.CKA_PRIME_1, value: b64u(jwk.p) },
        { type: pkcs11js.CKA_PRIME_2, value: b64u(jwk.q) },
        { type: pkcs11js.CKA_EXPONENT_1, value: b64u(jwk.dp) },
        { type: pkcs11js.CKA_EXPONENT_2, value: b64u(jwk.dq) },
        { type: pkcs11js.CKA_COEFFICIENT, value: b64u(jwk.qi) },
      ],
      publicKey: [...publicCommon, ...pub],
    };
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    const point = Buffer.concat([Buffer.from([0x04]), b64u(jwk.x), b64u(jwk.y)]);
    return {
      privateKey: [
        ...privateCommon,
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
        { type: pkcs11js.CKA_EC_PARAMS, value: EC_P256_PARAMS },
        { type: pkcs11js.CKA_VALUE, value: b64u(jwk.d) },
      ],
      publicKey: [
        ...publicCommon,
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
        { type: pkcs11js.CKA_EC_PARAMS, value: EC_P256_PARAMS },
        // CKA_EC_POINT is the DER OCTET STRING of the uncompressed point.
        { type: pkcs11js.CKA_EC_POINT, value: Buffer.concat([Buffer.from([0x04, point.length]), point]) },
      ],
    };
  }
  throw new Error(`unsupported test key ${jwk.kty}/${jwk.crv}`);
}

export function certificateTemplate(cert: TestCert, ckaId: Buffer, label: string, authority: boolean): pkcs11js.Template {
  const der = readFileSync(cert.der);
  const x = new X509Certificate(der);
  return [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: ckaId },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(x.subjectName.toArrayBuffer()) },
    { type: pkcs11js.CKA_ISSUER, value: Buffer.from(x.issuerName.toArrayBuffer()) },
    { type: pkcs11js.CKA_VALUE, value: der },
    { type: pkcs11js.CKA_CERTIFICATE_CATEGORY, value: authority ? 2 : 1 },
  ];
}

function initToken(label: string, pin: string, soPin: string): void {
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin], { stdio: 'pipe' });
}

export async function createSoftHsm(dir: string, pki: TestPki): Promise<TestTokens> {
  const tokenDir = path.join(dir, 'tokens');
  mkdirSync(tokenDir, { recursive: true });
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;

  const qes = { label: 'Jan Testowy QES', pin: '123456', soPin: '12345678', serial: '' };
  const empty = { label: 'TEST pusty', pin: '654321', soPin: '87654321', serial: '' };
  initToken(qes.label, qes.pin, qes.soPin);
  initToken(empty.label, empty.pin, empty.soPin);

  const lib = new pkcs11js.PKCS11();
  lib.load(SOFTHSM_MODULE);
  lib.C_Initialize();
  try {
    for (const slot of lib.C_GetSlotList(true)) {
      const info = lib.C_GetTokenInfo(slot);
      const label = info.label.trim();
      if (label === qes.label) qes.serial = info.serialNumber.trim();
      if (label === empty.label) empty.serial = info.serialNumber.trim();
      if (label !== qes.label) continue;

      const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      lib.C_Login(session, pkcs11js.CKU_USER, qes.pin);
      try {
        for (const r of ROLES) {
          const cert = pki.signers[r.role];
          const ckaId = Buffer.from(r.ckaId, 'hex');
          const t = keyTemplates(readFileSync(cert.key, 'utf8'), ckaId, r.label, r);
          const privateKey = lib.C_CreateObject(session, t.privateKey);
          lib.C_CreateObject(session, t.publicKey);
          lib.C_CreateObject(session, certificateTemplate(cert, ckaId, r.label, false));
          const [back] = lib.C_GetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_ALWAYS_AUTHENTICATE }]);
          if ((back?.value[0] === 1) !== r.alwaysAuthenticate) {
            throw new Error(`SoftHSM did not keep CKA_ALWAYS_AUTHENTICATE=${r.alwaysAuthenticate} on ${r.role}`);
          }
        }
        lib.C_CreateObject(session, certificateTemplate(pki.qualifiedCa, Buffer.from('ca', 'hex'), 'TEST Kwalifikowane CA', true));
        lib.C_CreateObject(session, certificateTemplate(pki.tsa, Buffer.from('7a', 'hex'), 'TSA (bez klucza)', false));
      } finally {
        lib.C_Logout(session);
        lib.C_CloseSession(session);
      }
    }
  } finally {
    lib.C_Finalize();
    lib.close();
  }
  if (!qes.serial || !empty.serial) throw new Error('SoftHSM tokens not found after initialisation');

  const ids = (pick: (c: TestCert) => string) =>
    Object.fromEntries(ROLES.map((r) => [r.role, pick(pki.signers[r.role])])) as Record<SignerRole, string>;
  return {
    module: SOFTHSM_MODULE,
    conf,
    qes,
    empty,
    certificateIds: ids((c) => createHash('sha256').update(readFileSync(c.der)).digest('hex')),
    ckaIds: Object.fromEntries(ROLES.map((r) => [r.role, r.ckaId])) as Record<SignerRole, string>,
    notOffered: { qualifiedCa: pki.qualifiedCa.id, tsaWithoutKey: pki.tsa.id },
  };
}
