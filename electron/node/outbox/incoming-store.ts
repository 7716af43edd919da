/**
 * Documents collected from a box that are not receipts of ours (letters from offices): kept byte
 * for byte, recognised by content, never deleted. The register lists them as received.
 */
import { randomUUID } from 'node:crypto';
import type { Channel } from '../../common/addresses';
import type { Db } from '../db/database';
import { sha256Hex, type BlobStore } from '../storage/blob-store';
import type { CollectedItem } from './outbox';

export function createIncomingStore(db: Db, blobs: BlobStore, clock: () => Date) {
  const insert = db.prepare(`INSERT OR IGNORE INTO incoming_documents (id, channel, box, sender, file_name, sha256, sent_at, received_at)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  return {
    store(channel: Channel, item: CollectedItem): string {
      const sha = blobs.put(item.bytes, 'application/octet-stream');
      insert.run(randomUUID(), channel, item.box, item.from, item.fileName, sha, item.sentAt, clock().toISOString());
      return sha256Hex(item.bytes);
    },
    count: (): number => (db.prepare('SELECT count(*) AS n FROM incoming_documents').get() as { n: number }).n,
  };
}

export type IncomingStore = ReturnType<typeof createIncomingStore>;
