/**
 * Revocation status of one certificate: OCSP first (the AIA responder or a configured one), then the
 * CRL of the CRL distribution point. A response counts only when its signature verifies and its
 * signer is the issuing CA itself or a responder the CA delegated (RFC 6960 §4.2.2.2, checked by
 * pkijs; the CA is pinned as a responder because its own chain is checked separately).
 */
import type { X509Certificate } from 'node:crypto';
import axios from 'axios';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { RevocationOptions, RevocationResult } from './api';
import { ab, fromBer, toPkijsCert } from './cms-util';

const OCSP_AIA = '1.3.6.1.5.5.7.48.1';

const empty = (status: RevocationResult['status'], detail: string | null): RevocationResult => ({
  status, source: null, checkedAt: null, revokedAt: null, url: null, evidence: null, detail,
});

export async function checkRevocation(cert: X509Certificate, issuer: X509Certificate, options: RevocationOptions): Promise<RevocationResult> {
  if (!options.online) return empty('NOT_CHECKED', null);
  const p = toPkijsCert(cert);
  const problems: string[] = [];
  const ocspUrls = options.ocspUrl ? [options.ocspUrl] : urlsOf(p, 'ocsp');
  for (const url of ocspUrls) {
    try {
      return await ocsp(p, toPkijsCert(issuer), url, options.timeoutMs);
    } catch (e) {
      problems.push(`OCSP ${url}: ${(e as Error).message}`);
    }
  }
  for (const url of options.crlUrl ? [options.crlUrl] : urlsOf(p, 'crl')) {
    try {
      return await crl(p, toPkijsCert(issuer), url, options.timeoutMs);
    } catch (e) {
      problems.push(`CRL ${url}: ${(e as Error).message}`);
    }
  }
  return empty('UNAVAILABLE', problems.join('; ') || 'the certificate names no OCSP responder or CRL');
}

function urlsOf(cert: pkijs.Certificate, kind: 'ocsp' | 'crl'): string[] {
  const out: string[] = [];
  for (const ext of cert.extensions ?? []) {
    if (kind === 'ocsp' && ext.extnID === '1.3.6.1.5.5.7.1.1') {
      for (const d of (ext.parsedValue as pkijs.InfoAccess).accessDescriptions) {
        if (d.accessMethod === OCSP_AIA && d.accessLocation.type === 6) out.push(d.accessLocation.value as string);
      }
    }
    if (kind === 'crl' && ext.extnID === '2.5.29.31') {
      for (const dp of (ext.parsedValue as pkijs.CRLDistributionPoints).distributionPoints) {
        const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
        for (const n of names) if (n.type === 6 && /^https?:/i.test(String(n.value))) out.push(String(n.value));
      }
    }
  }
  return out;
}

async function fetchBytes(url: string, timeoutMs = 10_000, body?: Uint8Array): Promise<Buffer> {
  const config = { responseType: 'arraybuffer' as const, timeout: timeoutMs, maxContentLength: 16 << 20, validateStatus: () => true };
  const r = body
    ? await axios.post<ArrayBuffer>(url, Buffer.from(body), { ...config, headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response' } })
    : await axios.get<ArrayBuffer>(url, config);
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  return Buffer.from(r.data);
}

async function ocsp(cert: pkijs.Certificate, issuer: pkijs.Certificate, url: string, timeoutMs?: number): Promise<RevocationResult> {
  const req = new pkijs.OCSPRequest();
  await req.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  const der = await fetchBytes(url, timeoutMs, new Uint8Array(req.toSchema(true).toBER(false)));
  return interpretOcsp(der, cert, issuer, url);
}

/** Reads an OCSPResponse (fetched now or embedded in a B-LT signature) for `cert`. */
export async function interpretOcsp(der: Uint8Array, cert: pkijs.Certificate, issuer: pkijs.Certificate, url: string | null): Promise<RevocationResult> {
  const resp = new pkijs.OCSPResponse({ schema: fromBer(der, 'OCSP response') });
  const status = resp.responseStatus.valueBlock.valueDec;
  if (status !== 0 || !resp.responseBytes) throw new Error(`responder status ${status}`);
  const basic = new pkijs.BasicOCSPResponse({ schema: fromBer(new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView), 'BasicOCSPResponse') });
  if (!(await basic.verify({ trustedCerts: [issuer], issuerCerts: [issuer], trustedResponders: [issuer] }))) throw new Error('the response signature does not verify');
  const single = await findSingle(basic, cert, issuer);
  if (!single) throw new Error('the response is about another certificate');
  const checkedAt = single.thisUpdate;
  const base = { source: 'OCSP' as const, checkedAt, url, evidence: new Uint8Array(der), detail: null };
  const cs = single.certStatus as asn1js.BaseBlock & { idBlock: { tagNumber: number }; valueBlock: { value?: asn1js.AsnType[] } };
  if (cs.idBlock.tagNumber === 0) return { ...base, status: 'GOOD', revokedAt: null };
  if (cs.idBlock.tagNumber === 1) {
    const first = cs.valueBlock.value?.[0] as asn1js.GeneralizedTime | undefined;
    return { ...base, status: 'REVOKED', revokedAt: first?.toDate() ?? null };
  }
  return { ...base, status: 'UNKNOWN', revokedAt: null, detail: 'the responder does not know this certificate' };
}

async function findSingle(basic: pkijs.BasicOCSPResponse, cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<pkijs.SingleResponse | undefined> {
  for (const single of basic.tbsResponseData.responses) {
    const id = new pkijs.CertID();
    await id.createForCertificate(cert, { hashAlgorithm: single.certID.hashAlgorithm.algorithmId === '1.3.14.3.2.26' ? 'SHA-1' : 'SHA-256', issuerCertificate: issuer });
    if (id.isEqual(single.certID)) return single;
  }
  return undefined;
}

async function crl(cert: pkijs.Certificate, issuer: pkijs.Certificate, url: string, timeoutMs?: number): Promise<RevocationResult> {
  const der = await fetchBytes(url, timeoutMs);
  return interpretCrl(der, cert, issuer, url);
}

export async function interpretCrl(der: Uint8Array, cert: pkijs.Certificate, issuer: pkijs.Certificate, url: string | null): Promise<RevocationResult> {
  const list = new pkijs.CertificateRevocationList({ schema: fromBer(der, 'CRL') });
  if (!list.issuer.isEqual(cert.issuer)) throw new Error('the CRL is of another CA');
  if (!(await list.verify({ issuerCertificate: issuer }))) throw new Error('the CRL signature does not verify');
  const hit = list.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.serialNumber));
  const base = { source: 'CRL' as const, checkedAt: list.thisUpdate.value, url, evidence: new Uint8Array(der), detail: null };
  return hit ? { ...base, status: 'REVOKED', revokedAt: hit.revocationDate.value } : { ...base, status: 'GOOD', revokedAt: null };
}

export const pkijsCert = (der: Uint8Array) => pkijs.Certificate.fromBER(ab(der));
