/**
 * Path building from a signer certificate to the trust anchors the user (or the test environment)
 * configured. Revocation and trusted lists come with the verification work; this checks issuance,
 * signatures and validity windows along the path.
 */
import { X509Certificate } from 'node:crypto';

export interface ChainResult {
  trusted: boolean;
  reason: string | null;
}

export function verifyChain(leaf: X509Certificate, anchors: readonly X509Certificate[], intermediates: readonly X509Certificate[] = [], at = new Date()): ChainResult {
  if (anchors.length === 0) return { trusted: false, reason: 'no trust anchors configured' };
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (!withinValidity(current, at)) return { trusted: false, reason: `certificate "${current.subject.replace(/\n/g, ', ')}" is not valid at ${at.toISOString()}` };
    const anchor = anchors.find((a) => current.checkIssued(a) && current.verify(a.publicKey));
    if (anchor) {
      return withinValidity(anchor, at) ? { trusted: true, reason: null } : { trusted: false, reason: 'trust anchor is outside its validity period' };
    }
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return { trusted: true, reason: null };
    const parent = intermediates.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!parent) return { trusted: false, reason: `no path from "${leaf.subject.replace(/\n/g, ', ')}" to a trust anchor` };
    current = parent;
  }
  return { trusted: false, reason: 'certificate path too long' };
}

function withinValidity(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}

export function commonName(cert: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? cert.subject.replace(/\n/g, ', ');
}
