/**
 * Turns what a format-specific check found (cryptographic result, signer certificate, claimed time,
 * timestamps, embedded validation data) into a DSS-style SignatureReport: timestamps first (they
 * give the best signature time), then certificate validity, chain to the user's anchors,
 * revocation, qualification. The first failing step decides the indication.
 */
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import type {
  CertificateSummary, Indication, Qualification, Reason, ReasonCode, RevocationSummary, SignatureReport, SignedObject, SubIndication, TimestampSummary,
} from '../../common/verification-report';
import { commonName, verifyChain } from '../trust/chain';
import type { RevocationResult } from './api';
import { ab, digest } from './cms-util';
import { checkRevocation, interpretCrl, interpretOcsp } from './revocation';
import { checkToken, tokenHash } from './tsa';
import { issuerOf, pathOf } from './validation-data';

export interface VerifyContext {
  anchors: X509Certificate[];
  online: boolean;
  at: Date;
  ocspUrl?: string;
  crlUrl?: string;
}

export interface Finding {
  id: string;
  format: SignatureReport['format'];
  form: SignatureReport['form'];
  level: SignatureReport['level'];
  /** Set when integrity already failed (digest, signature value, wrapping, missing data). */
  failure: { indication: Indication; sub: SubIndication; reasons: Reason[] } | null;
  reasons: Reason[];
  signer: X509Certificate | null;
  signingTime: Date | null;
  signedObjects: SignedObject[];
  /** Tokens with the bytes their imprint must cover. */
  timestamps: { token: Uint8Array; covered: Uint8Array; type: TimestampSummary['type'] }[];
  certificates: X509Certificate[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

export const reason = (code: ReasonCode, severity: Reason['severity'], params: Record<string, string> = {}): Reason => ({ code, severity, params });

export function summarize(cert: X509Certificate): CertificateSummary {
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    commonName: commonName(cert),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    identifier: /(?:^|\n)serialNumber=([^\n]+)/.exec(cert.subject)?.[1] ?? null,
  };
}

export function qualificationOf(cert: X509Certificate): Qualification {
  const p = pkijs.Certificate.fromBER(ab(new Uint8Array(cert.raw)));
  const ext = p.extensions?.find((e) => e.extnID === '1.3.6.1.5.5.7.1.3');
  const ids = new Set<string>();
  let qcType: Qualification['qcType'] = null;
  if (ext) {
    const statements = new pkijs.QCStatements({ schema: ext.extnValue.valueBlock.value[0] ?? pkijs.QCStatements.schema() });
    for (const s of statements.values) {
      ids.add(s.id);
      if (s.id === '0.4.0.1862.1.6' && s.type) {
        const t = JSON.stringify(s.type.toJSON());
        qcType = t.includes('0.4.0.1862.1.6.1') ? 'esign' : t.includes('0.4.0.1862.1.6.2') ? 'eseal' : t.includes('0.4.0.1862.1.6.3') ? 'eweb' : null;
      }
    }
  }
  const claimedQualified = ids.has('0.4.0.1862.1.1');
  const qscd = ids.has('0.4.0.1862.1.4');
  const seal = qcType === 'eseal';
  const status = !claimedQualified ? 'AdES' : qscd ? (seal ? 'QESeal' : 'QESig') : seal ? 'AdESeal-QC' : 'AdESig-QC';
  return { claimedQualified, qscd, qcType, status };
}

function hasNonRepudiation(cert: X509Certificate): boolean {
  const p = pkijs.Certificate.fromBER(ab(new Uint8Array(cert.raw)));
  const ku = p.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ku) return true;
  const bits = new Uint8Array((ku.parsedValue as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView);
  return ((bits[0] ?? 0) & 0x40) !== 0;
}

const iso = (d: Date) => d.toISOString();

export async function assess(f: Finding, ctx: VerifyContext): Promise<SignatureReport> {
  const reasons = [...f.reasons];
  const pool = [...f.certificates, ...ctx.anchors];
  const timestamps: TimestampSummary[] = [];
  let best: Date | null = null;
  for (const t of f.timestamps) {
    const hash = tokenHash(t.token);
    const check = hash
      ? await checkToken(t.token, digest(hash, t.covered), hash, { anchors: ctx.anchors, intermediates: pool })
      : { error: 'unknown imprint algorithm', genTime: null, tsaCertificate: null, imprintMatches: false, chainTrusted: null };
    const tsReasons: Reason[] = [];
    let indication: Indication = 'TOTAL_PASSED';
    if (check.error) {
      indication = check.imprintMatches ? 'INDETERMINATE' : 'TOTAL_FAILED';
      if (!check.imprintMatches && check.genTime) tsReasons.push(reason('TIMESTAMP_IMPRINT_MISMATCH', 'error'));
      else if (check.chainTrusted === false && check.tsaCertificate) tsReasons.push(reason('TIMESTAMP_UNTRUSTED', 'error', { subject: commonName(check.tsaCertificate) }));
      else tsReasons.push(reason('TIMESTAMP_INVALID', 'error', { detail: check.error }));
    } else {
      tsReasons.push(reason('TIMESTAMP_VALID', 'info', { date: iso(check.genTime!) }));
      if (!best || check.genTime! < best) best = check.genTime!;
      if (f.signingTime && check.genTime! < new Date(f.signingTime.getTime() - 60_000)) {
        tsReasons.push(reason('TIMESTAMP_BEFORE_SIGNING_TIME', 'warning', { date: iso(check.genTime!) }));
      }
    }
    reasons.push(...tsReasons);
    timestamps.push({ type: t.type, time: check.genTime ? iso(check.genTime) : '', tsa: check.tsaCertificate ? summarize(check.tsaCertificate) : null, indication, reasons: tsReasons });
  }
  const report: SignatureReport = {
    id: f.id, format: f.format, form: f.form, level: f.level, indication: 'TOTAL_PASSED', subIndication: null,
    signer: f.signer ? summarize(f.signer) : null,
    signingTime: f.signingTime ? iso(f.signingTime) : null,
    bestSignatureTime: best ? iso(best) : null,
    qualification: f.signer ? qualificationOf(f.signer) : null,
    timestamps,
    chain: { trusted: false, certificates: [], anchor: null },
    revocation: { status: 'NOT_CHECKED', source: null, checkedAt: null, revokedAt: null, url: null },
    signedObjects: f.signedObjects,
    reasons,
  };
  const verdict = (indication: Indication, sub: SubIndication | null) => {
    if (report.indication === 'TOTAL_FAILED') return;
    if (report.indication === 'INDETERMINATE' && indication !== 'TOTAL_FAILED') return;
    report.indication = indication;
    report.subIndication = sub;
  };
  if (f.failure) {
    reasons.push(...f.failure.reasons);
    verdict(f.failure.indication, f.failure.sub);
  }
  if (timestamps.some((t) => t.indication === 'TOTAL_FAILED')) verdict('TOTAL_FAILED', 'HASH_FAILURE');
  if (!f.signer) {
    reasons.push(reason('SIGNER_CERTIFICATE_MISSING', 'error'));
    verdict('INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND');
    return report;
  }
  const signer = f.signer;
  const time = best ?? ctx.at;
  const subject = commonName(signer);
  const validTo = new Date(signer.validTo);
  const validFrom = new Date(signer.validFrom);
  let chainTime = time;
  if (time > validTo) {
    reasons.push(reason('CERT_EXPIRED', 'error', { subject, date: iso(validTo) }));
    // A claimed signing time after expiry means it was signed with an expired certificate.
    verdict(f.signingTime && f.signingTime > validTo ? 'TOTAL_FAILED' : 'INDETERMINATE', 'EXPIRED');
    chainTime = new Date(validTo.getTime() - 1000);
  } else if (time < validFrom || (f.signingTime && f.signingTime < validFrom)) {
    reasons.push(reason('CERT_NOT_YET_VALID', 'error', { subject, date: iso(validFrom) }));
    verdict('TOTAL_FAILED', 'NOT_YET_VALID');
    chainTime = validFrom;
  }
  if (ctx.anchors.length === 0) {
    reasons.push(reason('NO_TRUST_ANCHORS', 'error'));
    verdict('INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND');
  } else {
    const chain = verifyChain(signer, ctx.anchors, pool, chainTime);
    const path = pathOf(signer, pool);
    report.chain = {
      trusted: chain.trusted,
      certificates: path.map(summarize),
      anchor: chain.trusted ? path.map((c) => ctx.anchors.find((a) => a.fingerprint256 === c.fingerprint256 || c.checkIssued(a))).find(Boolean)?.subject.replace(/\n/g, ', ') ?? null : null,
    };
    if (!chain.trusted) {
      reasons.push(reason('CHAIN_UNTRUSTED', 'error', { subject }));
      verdict('INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND');
    }
  }
  const issuer = issuerOf(signer, pool);
  if (issuer) {
    const rev = await revocationOf(signer, issuer, f, ctx);
    report.revocation = { status: rev.status, source: rev.source === null ? null : rev.embedded ? (rev.source === 'OCSP' ? 'EMBEDDED_OCSP' : 'EMBEDDED_CRL') : rev.source, checkedAt: rev.checkedAt ? iso(rev.checkedAt) : null, revokedAt: rev.revokedAt ? iso(rev.revokedAt) : null, url: rev.url } satisfies RevocationSummary;
    if (rev.status === 'REVOKED') {
      reasons.push(reason('CERT_REVOKED', 'error', { subject, date: rev.revokedAt ? iso(rev.revokedAt) : '?' }));
      if (!best || !rev.revokedAt || best >= rev.revokedAt) verdict('TOTAL_FAILED', 'REVOKED');
    } else if (rev.status === 'GOOD') {
      reasons.push(reason('REVOCATION_GOOD', 'info', { source: rev.source ?? '', date: rev.checkedAt ? iso(rev.checkedAt) : '' }));
    } else if (rev.status === 'UNKNOWN') {
      reasons.push(reason('REVOCATION_UNKNOWN', 'error', { source: rev.source ?? 'OCSP' }));
      verdict('INDETERMINATE', 'TRY_LATER');
    } else if (rev.status === 'UNAVAILABLE') {
      reasons.push(reason('REVOCATION_UNAVAILABLE', 'warning', { detail: rev.detail ?? '' }));
      verdict('INDETERMINATE', 'TRY_LATER');
    } else {
      reasons.push(reason('REVOCATION_NOT_CHECKED', 'warning'));
    }
  }
  const q = report.qualification!;
  if (q.qcType === 'eseal') reasons.push(reason('SEAL_NOT_SIGNATURE', 'info'));
  reasons.push(reason(q.claimedQualified && q.qscd ? 'QUALIFIED' : 'NOT_QUALIFIED', 'info'));
  if (!hasNonRepudiation(signer) && q.qcType !== 'eseal') reasons.push(reason('KEY_USAGE_NO_NON_REPUDIATION', 'warning'));
  return report;
}

async function revocationOf(cert: X509Certificate, issuer: X509Certificate, f: Finding, ctx: VerifyContext): Promise<RevocationResult & { embedded: boolean }> {
  const p = pkijs.Certificate.fromBER(ab(new Uint8Array(cert.raw)));
  const pi = pkijs.Certificate.fromBER(ab(new Uint8Array(issuer.raw)));
  for (const der of f.ocspResponses) {
    try { return { ...(await interpretOcsp(der, p, pi, null)), embedded: true }; } catch { /* another certificate's response */ }
  }
  for (const der of f.crls) {
    try { return { ...(await interpretCrl(der, p, pi, null)), embedded: true }; } catch { /* another CA's list */ }
  }
  return { ...(await checkRevocation(cert, issuer, { online: ctx.online, ocspUrl: ctx.ocspUrl, crlUrl: ctx.crlUrl })), embedded: false };
}
