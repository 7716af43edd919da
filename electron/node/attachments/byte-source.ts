import { readSync } from 'node:fs';

/**
 * Random access to a file's bytes, so the sniffer can read a ZIP's central directory or an OLE2
 * directory at the end of a large file without loading the file.
 */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(data: Uint8Array): ByteSource {
  return { size: data.byteLength, read: (offset, length) => data.subarray(offset, offset + length) };
}

/** Over an open file descriptor; the caller owns (and closes) it. */
export function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      let got = 0;
      while (got < buf.byteLength) {
        const n = readSync(fd, buf, got, buf.byteLength - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    },
  };
}
