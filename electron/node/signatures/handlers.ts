/**
 * IPC handlers of the "Sign files" and "Verify" screens (contract-signatures.ts). Signing uses the
 * app's one signer (cards, key files); the PIN goes to it once and is not kept. Progress of the
 * streamed hashing is sent as 'signatures.progress' events.
 */
import type { X509Certificate } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { EventPayload } from '../../common/contract';
import type { FileToSign } from '../../common/contract-signatures';
import { AppError } from '../../common/errors';
import type { Handlers } from '../router';
import type { Signer } from '../signer/types';
import type { TsaConfig } from './api';
import { conventionalOutput, defaultFormat, formatsFor, freeName, signFile, verifySignedFile } from './files';
import { catalogOf, pageCount } from './pades-document';
import { openPdf } from './pades-reader';

export interface SignatureHandlerDeps {
  signer: Signer;
  progress: (payload: EventPayload<'signatures.progress'>) => void;
  /** Trusted CA certificates for verification (the environment's and the user's). */
  trustAnchors: () => X509Certificate[];
  /** The enabled time-stamping servers in order, used when the user names none. */
  tsaServers: () => TsaConfig[];
}

type SignatureHandlers = Pick<Handlers, 'signatures.defaults' | 'signatures.sign' | 'signatures.verify'>;

function regularFile(path: string): number {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AppError('INVALID_INPUT', `${path} is not a file`, { fields: [`${basename(path)}: not a regular file`] });
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('NOT_FOUND', path, { what: path });
  }
  return size;
}

function describe(path: string): FileToSign {
  const size = regularFile(path);
  const formats = formatsFor(path);
  const kind = formats[0] === 'pades' ? 'pdf' : formats[0] === 'xades' ? 'xml' : 'other';
  let pages: number | null = null;
  if (kind === 'pdf') {
    try {
      const pdf = openPdf(path);
      try { pages = pageCount(pdf, catalogOf(pdf).dict); } finally { pdf.close(); }
    } catch { /* shown without a page count; signing reports the precise problem */ }
  }
  const format = defaultFormat(path);
  return { path, name: basename(path), size, kind, formats, defaultFormat: format, pageCount: pages, proposedOutput: freeName(conventionalOutput(path, format)) };
}

export function createSignatureHandlers(d: SignatureHandlerDeps): SignatureHandlers {
  return {
    'signatures.defaults': async ({ paths }) => paths.map(describe),
    'signatures.sign': async ({ path, format, level, certificateId, pin, stamp, tsaUrl }) => {
      regularFile(path);
      const tsa = tsaUrl ? [{ url: tsaUrl }] : d.tsaServers();
      if (level !== 'B-B' && tsa.length === 0) throw new AppError('INVALID_INPUT', 'tsaUrl', { fields: [`tsaUrl: ${level} needs a time-stamping server (type its address or enable one in the settings)`] });
      if (stamp && format !== 'pades') throw new AppError('INVALID_INPUT', 'stamp', { fields: ['stamp: only PDF signatures (PAdES) have a visible stamp'] });
      let last = -1;
      return signFile({
        signer: d.signer, certificateId, pin, level, format, input: path, stamp,
        tsa: level === 'B-B' ? undefined : tsa,
        revocation: { online: true },
        onProgress: (fraction) => {
          // At most one event per percent: a 200 MB file must not flood the IPC channel.
          const pct = Math.floor(fraction * 100);
          if (pct === last) return;
          last = pct;
          d.progress({ path, fraction: Math.min(1, Math.max(0, fraction)) });
        },
      });
    },
    'signatures.verify': async ({ path, contentPath }) => {
      regularFile(path);
      return verifySignedFile({ file: path, detachedContent: contentPath, trustAnchors: d.trustAnchors(), online: true });
    },
  };
}
