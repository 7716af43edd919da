import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync, unlinkSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Where bytes of a large payload go, one piece at a time. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
}

/** A file written in pieces that appears under its final name only when complete. */
export interface AtomicWriter extends ByteSink {
  /** fsync, rename to `path` (on the temp folder's file system), fsync of its folder. */
  commit(path: string): Promise<void>;
  /** Removes the unfinished temp file. */
  discard(): Promise<void>;
}

const tempPath = (dir: string, base: string) => join(dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * half-written file: temp file in the same folder, fsync, rename, fsync of the folder.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, mode = 0o644): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = tempPath(dir, basename(path));
  const fd = openSync(tmp, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  syncDir(dir);
}

/** The streaming form of writeFileAtomic, for payloads too large to hold: the temp file lives in `tempDir`. */
export async function openAtomicWriter(tempDir: string, mode = 0o644): Promise<AtomicWriter> {
  await mkdir(tempDir, { recursive: true });
  const tmp = tempPath(tempDir, 'stream');
  const handle = await open(tmp, 'wx', mode);
  let closed = false;
  const close = async () => {
    if (!closed) { closed = true; await handle.close(); }
  };
  return {
    async write(chunk) {
      let off = 0;
      while (off < chunk.byteLength) off += (await handle.write(chunk, off, chunk.byteLength - off)).bytesWritten;
    },
    async commit(path) {
      await handle.sync();
      await close();
      await mkdir(dirname(path), { recursive: true });
      await rename(tmp, path);
      syncDir(dirname(path));
    },
    async discard() {
      await close();
      await rm(tmp, { force: true });
    },
  };
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch {
    // Some platforms (Windows) cannot open a directory for fsync; the rename is still atomic there.
  }
}
