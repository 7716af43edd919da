/**
 * The proof package (docs/CLI.md): the signed filing exactly as sent under the name it was sent
 * with, every receipt exactly as received, and manifest.json with digests. A UPP references the
 * filing by that file name, so a verifier run in the folder resolves it.
 */
import { join } from 'node:path';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { AppError } from '../../common/errors';
import type { FilingsRepo } from '../filings/filings-repo';
import type { BlobStore } from '../storage/blob-store';
import { sha256Hex } from '../storage/blob-store';
import { writeFileAtomic } from '../storage/atomic-write';
import type { ReceiptsService } from './receipts-service';

export interface Manifest {
  filingId: string;
  channel: string;
  address: string;
  title: string;
  sentAt: string | null;
  documentId: string | null;
  files: { name: string; role: 'filing' | 'receipt'; sha256: string; size: number }[];
  receipts: { id: string; kind: string; file: string; verified: boolean; problems: string[] }[];
}

export function writeProofPackage(outDir: string, filingId: string, deps: { repo: FilingsRepo; blobs: BlobStore; receipts: ReceiptsService }): Manifest {
  const filing = deps.repo.get(filingId);
  if (!filing.signed_sha256) throw new AppError('INVALID_STATE', 'filing is not signed', { state: filing.state });
  mkdirSync(outDir, { recursive: true });
  if (readdirSync(outDir).length > 0 && existsSync(join(outDir, 'manifest.json'))) {
    // Never overwrite an earlier package: proof is kept, not replaced.
    throw new AppError('INVALID_INPUT', `${outDir} already holds a proof package`, { fields: ['--out'] });
  }
  const files: Manifest['files'] = [];
  const put = (name: string, role: 'filing' | 'receipt', bytes: Uint8Array) => {
    writeFileAtomic(join(outDir, name), bytes);
    files.push({ name, role, sha256: sha256Hex(bytes), size: bytes.byteLength });
  };
  put(filing.file_name, 'filing', deps.blobs.get(filing.signed_sha256));
  const receipts: Manifest['receipts'] = [];
  const used = new Set([filing.file_name]);
  for (const id of deps.repo.receiptIds(filingId)) {
    const r = deps.receipts.get(id);
    let name = r.fileName || `${r.kind.toLowerCase()}.xml`;
    for (let i = 2; used.has(name); i++) name = name.replace(/(\.\w+)?$/, `-${i}$1`);
    used.add(name);
    put(name, 'receipt', r.bytes);
    receipts.push({ id: r.id, kind: r.kind, file: name, verified: r.verified, problems: r.problems });
  }
  const sent = deps.repo.events(filingId).find((e) => e.kind === 'accepted');
  const manifest: Manifest = {
    filingId, channel: filing.channel, address: filing.to_address, title: filing.title,
    sentAt: sent?.at ?? null, documentId: filing.remote_id, files, receipts,
  };
  writeFileAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
