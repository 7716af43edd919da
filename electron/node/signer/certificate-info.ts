/**
 * What a certificate says about itself (DOMAIN-signatures §7): the CertificateInfo the UI shows,
 * whether the certificate claims to be qualified for e-signatures, who the natural person is.
 * Trusted-list checks (§7.2, §8) come on top of this and may overrule the claims.
 */
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate, type JsonName } from '@peculiar/x509';
import type { CertificateInfo } from '../../common/contract';
import type { CertificateClassification as ClassificationInfo, TokenCertificateInfo } from '../../common/contract-cards';
import { isValidNip, isValidPesel } from '../../common/identifiers';

export const OID = {
  qcStatements: '1.3.6.1.5.5.7.1.3',
  qcCompliance: '0.4.0.1862.1.1',
  qcSSCD: '0.4.0.1862.1.4',
  qcType: '0.4.0.1862.1.6',
  qcTypeEsign: '0.4.0.1862.1.6.1',
  qcTypeEseal: '0.4.0.1862.1.6.2',
  qcTypeWeb: '0.4.0.1862.1.6.3',
  subjectSerialNumber: '2.5.4.5',
} as const;

export interface QcStatements {
  compliance: boolean;
  sscd: boolean;
  /** OIDs listed in QcType (esign, eseal, web). */
  types: string[];
  /** Every statement id present, for diagnostics. */
  statementIds: string[];
}

export interface CertificateClassification {
  qc: QcStatements;
  nonRepudiation: boolean;
  isCa: boolean;
  /** QcCompliance ∧ QcSSCD ∧ QcType esign ∧ nonRepudiation. */
  qualified: boolean;
  person: NaturalPersonId | null;
}

export interface NaturalPersonId {
  /** ETSI EN 319 412-1 semantics prefix, or the legacy Polish PESEL/NIP label. */
  scheme: 'PNOPL' | 'TINPL' | 'IDCPL' | 'PASPL' | 'PESEL' | 'NIP';
  value: string;
  /** Set when the value is a PESEL with a valid check digit. */
  pesel?: string;
  /** Set when the value is a NIP with a valid check digit. */
  nip?: string;
}

/** Lowercase hex SHA-256 of the DER: the id under which a certificate is selected everywhere. */
export function certificateId(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

const KEY_USAGE_NAMES: [KeyUsageFlags, string][] = [
  [KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [KeyUsageFlags.cRLSign, 'cRLSign'],
  [KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

function parse(der: Uint8Array): X509Certificate {
  return new X509Certificate(toArrayBuffer(der));
}

function toArrayBuffer(der: Uint8Array): ArrayBuffer {
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

export function keyUsageNames(der: Uint8Array): string[] {
  const ku = parse(der).getExtension(KeyUsagesExtension);
  return ku ? KEY_USAGE_NAMES.filter(([flag]) => (ku.usages & flag) !== 0).map(([, name]) => name) : [];
}

export function isCaCertificate(der: Uint8Array): boolean {
  return parse(der).getExtension(BasicConstraintsExtension)?.ca === true;
}

/** 'RSA-2048', 'EC-P256', 'Ed25519'… */
export function keyTypeName(der: Uint8Array): string {
  const key = new NodeX509(der).publicKey;
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return `RSA-${d.modulusLength ?? '?'}`;
  if (key.asymmetricKeyType === 'ec') {
    const curves: Record<string, string> = { prime256v1: 'P256', secp384r1: 'P384', secp521r1: 'P521' };
    return `EC-${curves[d.namedCurve ?? ''] ?? d.namedCurve ?? '?'}`;
  }
  return key.asymmetricKeyType === 'ed25519' ? 'Ed25519' : String(key.asymmetricKeyType ?? 'unknown');
}

// ---------------------------------------------------------------------------------------------
// QCStatements (ETSI EN 319 412-5): SEQUENCE OF SEQUENCE { statementId OID, statementInfo ANY OPTIONAL }.
// A tiny DER walker is enough and avoids one more schema package.

interface Tlv {
  tag: number;
  content: Uint8Array;
}

function readTlvs(buf: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < buf.length) {
    const tag = buf[i++]!;
    if ((tag & 0x1f) === 0x1f) throw new Error('high tag numbers are not expected here');
    let len = buf[i++];
    if (len === undefined) throw new Error('truncated DER');
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw new Error('unsupported DER length');
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + buf[i++]!;
    }
    if (i + len > buf.length) throw new Error('truncated DER');
    out.push({ tag, content: buf.subarray(i, i + len) });
    i += len;
  }
  return out;
}

function decodeOid(content: Uint8Array): string {
  const arcs: number[] = [];
  let v = 0;
  for (const b of content) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

const SEQUENCE = 0x30;
const OBJECT_ID = 0x06;

export function parseQcStatements(extnValue: Uint8Array): QcStatements {
  const result: QcStatements = { compliance: false, sscd: false, types: [], statementIds: [] };
  const [outer] = readTlvs(extnValue);
  if (!outer || outer.tag !== SEQUENCE) throw new Error('QCStatements is not a SEQUENCE');
  for (const statement of readTlvs(outer.content)) {
    if (statement.tag !== SEQUENCE) continue;
    const [id, info] = readTlvs(statement.content);
    if (!id || id.tag !== OBJECT_ID) continue;
    const oid = decodeOid(id.content);
    result.statementIds.push(oid);
    if (oid === OID.qcCompliance) result.compliance = true;
    if (oid === OID.qcSSCD) result.sscd = true;
    if (oid === OID.qcType && info?.tag === SEQUENCE) {
      for (const t of readTlvs(info.content)) if (t.tag === OBJECT_ID) result.types.push(decodeOid(t.content));
    }
  }
  return result;
}

export function qcStatementsOf(der: Uint8Array): QcStatements {
  const ext = parse(der).getExtension(OID.qcStatements);
  if (!ext) return { compliance: false, sscd: false, types: [], statementIds: [] };
  try {
    return parseQcStatements(new Uint8Array(ext.value));
  } catch {
    return { compliance: false, sscd: false, types: [], statementIds: [] }; // malformed: claims nothing
  }
}

// ---------------------------------------------------------------------------------------------
// Names

const NAME_KEYS: Record<string, string> = {
  G: 'GN',
  E: 'emailAddress',
  I: 'initials',
  T: 'title',
  [OID.subjectSerialNumber]: 'serialNumber',
  '2.5.4.97': 'organizationIdentifier',
  '2.5.4.9': 'STREET',
  '2.5.4.17': 'postalCode',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** RFC 4514 §2.4 escaping. */
function escapeValue(v: string): string {
  let s = v.replace(/[\\"+,;<>]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/** RFC 4514 order (most specific first), ", " between RDNs for readability. */
export function formatName(json: JsonName): string {
  return [...json]
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([key, values]) => values.map((v) => `${NAME_KEYS[key] ?? key}=${escapeValue(v)}`))
        .join('+'),
    )
    .join(', ');
}

export function naturalPersonIdentifier(der: Uint8Array): NaturalPersonId | null {
  for (const raw of parse(der).subjectName.getField(OID.subjectSerialNumber)) {
    const v = raw.trim();
    const etsi = /^(PNOPL|TINPL|IDCPL|PASPL)-(.+)$/.exec(v);
    const legacy = /^(PESEL|NIP)[:-]?\s*(\d+)$/i.exec(v);
    const m = etsi ?? legacy;
    if (!m) continue;
    const scheme = m[1]!.toUpperCase() as NaturalPersonId['scheme'];
    const value = m[2]!;
    const id: NaturalPersonId = { scheme, value };
    if ((scheme === 'PNOPL' || scheme === 'PESEL') && isValidPesel(value)) id.pesel = value;
    if ((scheme === 'TINPL' || scheme === 'NIP') && isValidNip(value)) id.nip = value;
    return id;
  }
  return null;
}

export function classifyCertificate(der: Uint8Array): CertificateClassification {
  const qc = qcStatementsOf(der);
  const nonRepudiation = keyUsageNames(der).includes('nonRepudiation');
  return {
    qc,
    nonRepudiation,
    isCa: isCaCertificate(der),
    qualified: qc.compliance && qc.sscd && qc.types.includes(OID.qcTypeEsign) && nonRepudiation,
    person: naturalPersonIdentifier(der),
  };
}

const DAY = 86_400_000;

/** The contract's classification (contract-cards): what the certificate claims, and its validity at `now`. */
export function classificationInfo(der: Uint8Array, now: Date = new Date()): ClassificationInfo {
  const c = classifyCertificate(der);
  const cert = parse(der);
  const t = now.getTime();
  return {
    qcCompliance: c.qc.compliance,
    qcSSCD: c.qc.sscd,
    qcTypes: c.qc.types,
    nonRepudiation: c.nonRepudiation,
    qualified: c.qualified,
    validity: t > cert.notAfter.getTime() ? 'expired' : t < cert.notBefore.getTime() ? 'not-yet-valid' : 'valid',
    expiresInDays: Math.floor((cert.notAfter.getTime() - t) / DAY),
    person: c.person ? { scheme: c.person.scheme, value: c.person.value, checksumValid: Boolean(c.person.pesel ?? c.person.nip) } : null,
  };
}

/** A certificate as the inventory lists it, with its token-side facts. */
export function describeTokenCertificate(
  der: Uint8Array,
  token: { ckaId: Uint8Array; label: string; alwaysAuthenticate: boolean | undefined },
  now: Date = new Date(),
): TokenCertificateInfo {
  const { token: _token, qualified: _qualified, classification: _classification, ...info } = describeCertificate(der, { label: '', module: '' }, now);
  return {
    ...info,
    ckaId: Buffer.from(token.ckaId).toString('hex'),
    label: token.label,
    alwaysAuthenticate: token.alwaysAuthenticate ?? null,
    classification: classificationInfo(der, now),
  };
}

/** The contract's CertificateInfo for a certificate found on a token (or in a key file). */
export function describeCertificate(der: Uint8Array, token: { label: string; module: string }, now: Date = new Date()): CertificateInfo {
  const cert = parse(der);
  const classification = classificationInfo(der, now);
  return {
    id: certificateId(der),
    subject: formatName(cert.subjectName.toJSON()),
    issuer: formatName(cert.issuerName.toJSON()),
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    qualified: classification.qualified,
    keyUsage: keyUsageNames(der),
    keyType: keyTypeName(der),
    token: { label: token.label, module: token.module },
    classification,
  };
}
