/**
 * Content-addressed file store: payloads (documents, attachments, receipts) live as files named
 * by their SHA-256 under <data>/files/ab/cd…; the database keeps metadata and hashes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database';
import { openAtomicWriter, writeFileAtomic, type ByteSink } from './atomic-write';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A sink that passes bytes on and keeps their SHA-256 and count. */
export function digestingSink(inner: ByteSink): ByteSink & { digest(): { sha256: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  return {
    async write(chunk) {
      hash.update(chunk);
      size += chunk.byteLength;
      await inner.write(chunk);
    },
    digest: () => ({ sha256: hash.digest('hex'), size }),
  };
}

export interface BlobStore {
  put(data: Uint8Array, mediaType: string): string;
  /** Stores what `produce` writes, never holding it whole in memory; returns its SHA-256. */
  putStream(produce: (sink: ByteSink) => Promise<void>, mediaType: string): Promise<string>;
  get(sha256: string): Uint8Array;
  pathOf(sha256: string): string;
}

export function createBlobStore(dataDir: string, db: Db, clock: () => Date): BlobStore {
  const root = join(dataDir, 'files');
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha.slice(2));
  const insert = db.prepare('INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)');
  return {
    pathOf,
    put(data, mediaType) {
      const sha = sha256Hex(data);
      const path = pathOf(sha);
      // Same content, same name: an existing file is already these bytes.
      if (!existsSync(path)) writeFileAtomic(path, data, 0o600);
      insert.run(sha, data.byteLength, mediaType, clock().toISOString());
      return sha;
    },
    async putStream(produce, mediaType) {
      // The name is known only at the end, so the temp file waits in the store's root (same file system).
      const out = await openAtomicWriter(root, 0o600);
      const sink = digestingSink(out);
      try {
        await produce(sink);
        const { sha256, size } = sink.digest();
        if (existsSync(pathOf(sha256))) await out.discard();
        else await out.commit(pathOf(sha256));
        insert.run(sha256, size, mediaType, clock().toISOString());
        return sha256;
      } catch (e) {
        await out.discard();
        throw e;
      }
    },
    get(sha) {
      const data = readFileSync(pathOf(sha));
      if (sha256Hex(data) !== sha) throw new Error(`stored file ${sha} is damaged (digest mismatch)`);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    },
  };
}
