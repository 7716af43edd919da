/**
 * Base64 of a file written into a sink piece by piece. Pieces are whole groups of 3 bytes, so
 * their encodings join into exactly the encoding of the whole file; the file's size and SHA-256
 * are checked on the way, so what goes out is what was chosen.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { AppError } from '../../common/errors';
import type { ByteSink } from '../storage/atomic-write';

/** 192 KiB read, 256 KiB written: large enough for speed, small enough to never matter for memory. */
const CHUNK = 3 * 64 * 1024;

export interface FileRef {
  path: string;
  /** Size and digest taken when the file was chosen; a file that differs now is refused. */
  size?: number | undefined;
  sha256?: string | undefined;
}

/** Reason keys of ATTACHMENT_UNREADABLE (the CLI and UI put them in words). */
export type UnreadableReason = 'notFound' | 'permissionDenied' | 'notAFile' | 'empty' | 'changed' | 'readError';

export function unreadable(fileName: string, reason: UnreadableReason): AppError {
  return new AppError('ATTACHMENT_UNREADABLE', `attachment ${fileName}: ${reason}`, { file: fileName, reason });
}

export function reasonOf(e: unknown): UnreadableReason {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT': return 'notFound';
    case 'EACCES': case 'EPERM': return 'permissionDenied';
    case 'EISDIR': return 'notAFile';
    default: return 'readError';
  }
}

export async function writeFileBase64(file: FileRef, fileName: string, sink: ByteSink): Promise<void> {
  const handle = await open(file.path, 'r').catch((e: unknown) => { throw unreadable(fileName, reasonOf(e)); });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw unreadable(fileName, 'notAFile');
    if (file.size !== undefined && stat.size !== file.size) throw unreadable(fileName, 'changed');
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let carry = 0; // 0–2 bytes left from the last piece, kept at the start of buf
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, carry, CHUNK - carry, null).catch((e: unknown) => { throw unreadable(fileName, reasonOf(e)); });
      if (bytesRead === 0) break;
      hash.update(buf.subarray(carry, carry + bytesRead));
      total += bytesRead;
      const have = carry + bytesRead;
      const whole = have - (have % 3);
      await sink.write(Buffer.from(buf.toString('base64', 0, whole), 'latin1'));
      buf.copy(buf, 0, whole, have);
      carry = have - whole;
    }
    if (carry > 0) await sink.write(Buffer.from(buf.toString('base64', 0, carry), 'latin1'));
    if (total === 0) throw unreadable(fileName, 'empty');
    if ((file.size !== undefined && total !== file.size) || (file.sha256 !== undefined && hash.digest('hex') !== file.sha256)) {
      throw unreadable(fileName, 'changed');
    }
  } finally {
    await handle.close();
  }
}
