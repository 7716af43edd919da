import { AppError } from '../../common/errors';
import type { Signer } from './types';

/**
 * Several signers (card modules, key files) seen as one; each certificate is signed by whoever listed it.
 * The list may be a function: certificate files come and go while the app runs.
 */
export function combineSigners(input: Signer[] | (() => Signer[])): Signer {
  const signers = typeof input === 'function' ? input : () => input;
  async function owner(certificateId: string): Promise<Signer> {
    for (const s of signers()) {
      const certs = await s.listCertificates().catch(() => []);
      if (certs.some((c) => c.id === certificateId)) return s;
    }
    throw new AppError('CERT_NOT_FOUND', `certificate ${certificateId}`, { cert: certificateId });
  }
  return {
    /** A module that fails to load must not hide the certificates of the others; only total failure is an error. */
    async listCertificates() {
      const lists = await Promise.allSettled(signers().map((s) => s.listCertificates()));
      const ok = lists.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (ok.length === 0 && lists[0]?.status === 'rejected') throw lists[0].reason;
      return ok.flat();
    },
    async certificate(id) { return (await owner(id)).certificate(id); },
    async sign(req) { return (await owner(req.certificateId)).sign(req); },
    async loginInfo(id) { return (await owner(id)).loginInfo(id); },
    async close() { await Promise.all(signers().map((s) => s.close())); },
  };
}
