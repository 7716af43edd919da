/**
 * Material for B-LT: the certificates of a path and fresh revocation evidence for each of them
 * (except the self-signed anchor), gathered at signing time so a verifier years later needs no network.
 */
import type { X509Certificate } from 'node:crypto';
import { AppError } from '../../common/errors';
import type { RevocationOptions, ValidationData } from './api';
import { checkRevocation } from './revocation';

export function issuerOf(cert: X509Certificate, pool: readonly X509Certificate[]): X509Certificate | undefined {
  return pool.find((c) => c.fingerprint256 !== cert.fingerprint256 && cert.checkIssued(c) && cert.verify(c.publicKey));
}

/** The path leaf → last issuer found in `pool` (leaf first). */
export function pathOf(leaf: X509Certificate, pool: readonly X509Certificate[]): X509Certificate[] {
  const out = [leaf];
  for (let cur = leaf, next = issuerOf(cur, pool); next && out.length < 8; cur = next, next = issuerOf(cur, pool)) out.push(next);
  return out;
}

export async function gatherValidationData(leaves: X509Certificate[], pool: readonly X509Certificate[], revocation: RevocationOptions): Promise<ValidationData> {
  const certs = new Map<string, X509Certificate>();
  const ocspResponses: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const leaf of leaves) {
    const path = pathOf(leaf, pool);
    for (const [i, cert] of path.entries()) {
      certs.set(cert.fingerprint256, cert);
      const issuer = path[i + 1];
      if (!issuer) continue; // the anchor (or an unknown issuer) has no revocation evidence
      const r = await checkRevocation(cert, issuer, { ...revocation, online: true });
      if (!r.evidence) {
        throw new AppError('SERVICE_UNREACHABLE', `B-LT needs revocation data for "${cert.subject.replace(/\n/g, ', ')}": ${r.detail ?? r.status}`, {
          service: 'OCSP/CRL', url: r.url ?? revocation.ocspUrl ?? '—',
        });
      }
      if (r.status === 'REVOKED') {
        throw new AppError('INVALID_STATE', `certificate "${cert.subject.replace(/\n/g, ', ')}" is revoked`, { state: 'revoked' });
      }
      (r.source === 'OCSP' ? ocspResponses : crls).push(r.evidence);
    }
  }
  return { certificates: [...certs.values()].map((c) => new Uint8Array(c.raw)), ocspResponses, crls };
}
