/**
 * Staging: a file the user picks arrives in chunks (IPC) or from a path (CLI), is hashed while it
 * is written, and appears as <data>/staging/<id> only when complete and fsynced — the temp file
 * of an unfinished upload is never read by anyone (ARCHITECTURE §4).
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../common/errors';
import { checkFileName } from '../../common/file-names';
import type { Db } from '../db/database';
import { openAtomicWriter, type AtomicWriter } from '../storage/atomic-write';
import { digestingSink } from '../storage/blob-store';
import { assessFile } from './assess';
import { fileSource } from './byte-source';
import { FORMATS, isFormatId, type FormatId } from './formats';
import { detectFormat } from './sniff';

export interface StagingDeps {
  dataDir: string;
  db: Db;
  clock: () => Date;
}

export interface StagedRow {
  id: string;
  original_name: string;
  safe_name: string;
  size: number;
  sha256: string | null;
  media_type: string | null;
  format: string | null;
  accepted: 0 | 1 | null;
  created_at: string;
  committed_at: string | null;
}

/** A committed row: the columns commit fills are set. */
export type CommittedRow = StagedRow & { sha256: string; media_type: string; format: FormatId; accepted: 0 | 1; committed_at: string };

/** An upload nobody has touched for a day is abandoned. */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;
/** How long a file a filing used stays staged for "new from this one". */
export const FILED_KEPT_MS = 30 * 24 * 60 * 60 * 1000;
/** Uploads open at once (each holds a file descriptor); a letter takes at most 100 attachments. */
const MAX_OPEN_UPLOADS = 100;

export const stagingDir = (dataDir: string) => join(dataDir, 'staging');
const stagedPath = (dataDir: string, id: string) => join(stagingDir(dataDir), id);

export function stagedRow(db: Db, id: string): StagedRow | undefined {
  return db.prepare('SELECT * FROM staged_attachments WHERE id = ?').get(id) as StagedRow | undefined;
}

export function committedRow(db: Db, id: string): CommittedRow | undefined {
  const row = stagedRow(db, id);
  if (!row?.committed_at) return undefined;
  // A format id an older version wrote and this one no longer knows is refused as unknown.
  const format = row.format !== null && isFormatId(row.format) ? row.format : 'unknown';
  return { ...row, format } as CommittedRow;
}

interface Upload {
  name: string;
  size: number;
  writer: AtomicWriter;
  sink: ReturnType<typeof digestingSink>;
  /** Bytes accepted so far (written or queued): the offset the next chunk must have. */
  received: number;
  /** The last queued write; chunks of one upload are written one after another. */
  tail: Promise<void>;
  touched: number;
}

export type Staging = ReturnType<typeof createStaging>;

export function createStaging(deps: StagingDeps) {
  const { db, dataDir } = deps;
  const uploads = new Map<string, Upload>();
  const now = () => deps.clock().getTime();
  const deleteRow = (id: string) => db.prepare('DELETE FROM staged_attachments WHERE id = ?').run(id);

  const open = (id: string): Upload => {
    const upload = uploads.get(id);
    if (!upload) throw new AppError('NOT_FOUND', `staged attachment ${id}`, { what: id });
    return upload;
  };

  /** Ends an unfinished upload: its temp file and row go. */
  const abandon = async (id: string): Promise<void> => {
    const upload = uploads.get(id);
    uploads.delete(id);
    await upload?.tail;
    await upload?.writer.discard();
    deleteRow(id);
  };

  /** Frees descriptors held by uploads a renderer started and forgot. */
  const evict = async (): Promise<void> => {
    for (const [id, u] of uploads) if (now() - u.touched > ABANDONED_AFTER_MS) await abandon(id);
    if (uploads.size < MAX_OPEN_UPLOADS) return;
    const oldest = [...uploads].sort(([, a], [, b]) => a.touched - b.touched)[0]!;
    await abandon(oldest[0]);
  };

  return {
    async begin(fileName: string, size: number): Promise<string> {
      await evict();
      const id = randomUUID();
      const writer = await openAtomicWriter(stagingDir(dataDir), 0o600);
      db.prepare('INSERT INTO staged_attachments (id, original_name, safe_name, size, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, fileName, checkFileName(fileName).safeName, size, deps.clock().toISOString());
      uploads.set(id, { name: fileName, size, writer, sink: digestingSink(writer), received: 0, tail: Promise.resolve(), touched: now() });
      return id;
    },

    /** Appends a chunk; `offset` must be what was received so far. Returns the new total. */
    async chunk(id: string, offset: number, data: Uint8Array): Promise<number> {
      const upload = open(id);
      if (offset !== upload.received) {
        throw new AppError('UPLOAD_OUT_OF_ORDER', `chunk at ${offset}, expected ${upload.received}`, { file: upload.name, expected: upload.received, received: offset });
      }
      if (offset + data.byteLength > upload.size) {
        throw new AppError('UPLOAD_SIZE_MISMATCH', `more than ${upload.size} bytes`, { file: upload.name, declared: upload.size, received: offset + data.byteLength });
      }
      // Taken before the write finishes, so a concurrent chunk is checked against it.
      upload.received += data.byteLength;
      upload.touched = now();
      const write = upload.tail.then(() => upload.sink.write(data));
      upload.tail = write.catch(() => undefined);
      try {
        await write;
      } catch (e) {
        await abandon(id);
        throw e;
      }
      return upload.received;
    },

    /** Makes the upload a staged file; committing again answers the same. A wrong size discards it. */
    async commit(id: string): Promise<CommittedRow> {
      const upload = uploads.get(id);
      if (!upload) {
        const done = committedRow(db, id);
        if (!done) throw new AppError('NOT_FOUND', `staged attachment ${id}`, { what: id });
        return done;
      }
      uploads.delete(id);
      await upload.tail;
      const { sha256, size } = upload.sink.digest();
      if (size !== upload.size) {
        await upload.writer.discard();
        deleteRow(id);
        throw new AppError('UPLOAD_SIZE_MISMATCH', `${size} of ${upload.size} bytes`, { file: upload.name, declared: upload.size, received: size });
      }
      const path = stagedPath(dataDir, id);
      await upload.writer.commit(path);
      const format = sniffFile(path, size, upload.name);
      const { accepted } = assessFile({ name: upload.name, size, format, nameCheck: checkFileName(upload.name) });
      db.prepare('UPDATE staged_attachments SET sha256 = ?, media_type = ?, format = ?, accepted = ?, committed_at = ? WHERE id = ?')
        .run(sha256, FORMATS[format].mediaType, format, accepted ? 1 : 0, deps.clock().toISOString(), id);
      return committedRow(db, id)!;
    },

    /** Removes an upload or a staged file; false when there was none. */
    async discard(id: string): Promise<boolean> {
      if (uploads.has(id)) {
        await abandon(id);
        return true;
      }
      if (!stagedRow(db, id)) return false;
      rmSync(stagedPath(dataDir, id), { force: true });
      deleteRow(id);
      return true;
    },
  };
}

function sniffFile(path: string, size: number, name: string): FormatId {
  const fd = openSync(path, 'r');
  try {
    return detectFormat(fileSource(fd, size), name);
  } finally {
    closeSync(fd);
  }
}

/**
 * At start: uploads begun more than a day ago and never committed are removed, with temp files
 * that old (an upload cannot outlive the process that received it, so nothing can finish them).
 * Committed files are kept while an unfiled draft refers to them, and for FILED_KEPT_MS after a filing
 * used them ("new from this one" carries them over); one no draft or recent filing refers to is
 * removed a day after it was staged. Rows go first, in one transaction: a file whose row is gone
 * is swept on the next start, never the other way round.
 */
export function cleanStaging(deps: StagingDeps): void {
  const now = deps.clock().getTime();
  const abandoned = new Date(now - ABANDONED_AFTER_MS).toISOString();
  const filedCutoff = new Date(now - FILED_KEPT_MS).toISOString();
  const dir = stagingDir(deps.dataDir);
  const unused = deps.db.transaction(() => {
    deps.db.prepare('DELETE FROM staged_attachments WHERE committed_at IS NULL AND created_at < ?').run(abandoned);
    const ids = (deps.db.prepare(`
      WITH refs(id, filed_at) AS (
        -- A draft not filed yet keeps its files (filed_at NULL); a filed one counts as its filing.
        SELECT json_extract(a.value, '$.stagedId'), f.created_at
        FROM drafts AS d LEFT JOIN filings AS f ON f.id = d.filing_id, json_each(d.spec_json, '$.attachments') AS a
        UNION ALL
        SELECT json_extract(a.value, '$.stagedId'), filings.created_at FROM filings, json_each(filings.spec_json, '$.attachments') AS a
        WHERE filings.spec_json IS NOT NULL
      )
      SELECT s.id FROM staged_attachments AS s
      WHERE s.committed_at IS NOT NULL AND s.committed_at < @abandoned
        AND NOT EXISTS (SELECT 1 FROM refs AS r WHERE r.id = s.id AND (r.filed_at IS NULL OR r.filed_at >= @filedCutoff))`)
      .all({ abandoned, filedCutoff }) as { id: string }[]).map((r) => r.id);
    const remove = deps.db.prepare('DELETE FROM staged_attachments WHERE id = ?');
    for (const id of ids) remove.run(id);
    return ids;
  })();
  if (!existsSync(dir)) return;
  for (const id of unused) rmSync(stagedPath(deps.dataDir, id), { force: true });
  const staged = new Set((deps.db.prepare('SELECT id FROM staged_attachments WHERE committed_at IS NOT NULL').all() as { id: string }[]).map((r) => r.id));
  const cutoff = now - ABANDONED_AFTER_MS;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!staged.has(name) && statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
  }
}

/** A staged file as the pismo builder streams it (filings-service's StagedFile). */
export interface ResolvedStaged {
  path: string;
  /** The safe name it travels under (§7.2). */
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  format: FormatId;
}

/** A committed, accepted staged file that is still on disk as it was staged. */
export function resolveStaged(deps: { dataDir: string; db: Db }, stagedId: string): ResolvedStaged {
  const row = committedRow(deps.db, stagedId);
  if (!row) throw new AppError('NOT_FOUND', `staged attachment ${stagedId}`, { what: stagedId });
  if (!row.accepted) throw new AppError('ATTACHMENT_REFUSED', `${row.original_name} is ${row.format}`, { file: row.original_name, format: FORMATS[row.format].label });
  const path = stagedPath(deps.dataDir, stagedId);
  // Reason keys as the pismo builder's (filings/base64-stream.ts); it checks the SHA-256 while streaming.
  const unreadable = (reason: 'notFound' | 'changed') =>
    new AppError('ATTACHMENT_UNREADABLE', `staged ${stagedId}: ${reason}`, { file: row.original_name, reason });
  if (!existsSync(path)) throw unreadable('notFound');
  if (statSync(path).size !== row.size) throw unreadable('changed');
  return { path, fileName: row.safe_name, mediaType: row.media_type, size: row.size, sha256: row.sha256, format: row.format };
}
