import { inflateRawSync } from 'node:zlib';
import type { ByteSource } from './byte-source';

/**
 * Just enough of the ZIP format to tell the ZIP-based formats apart (OOXML, ODF, ASiC, JAR): the
 * entry names from the central directory and the content of a small entry such as `mimetype`.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A directory this large lists tens of thousands of entries; the ones that matter come long before. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The entries of the central directory, or null when there is none we can read (damaged, ZIP64). */
export function zipEntries(src: ByteSource): ZipEntry[] | null {
  // The end record is the last 22 bytes plus a comment of up to 64 KiB.
  const tailLength = Math.min(src.size, 22 + 0xffff);
  const tail = src.read(src.size - tailLength, tailLength);
  const v = view(tail);
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (v.getUint32(i, true) !== EOCD) continue;
    const size = v.getUint32(i + 12, true);
    const offset = v.getUint32(i + 16, true);
    if (offset + size > src.size) return null;
    return centralEntries(src.read(offset, Math.min(size, MAX_DIRECTORY_BYTES)));
  }
  return null;
}

function centralEntries(dir: Uint8Array): ZipEntry[] {
  const v = view(dir);
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= dir.byteLength && v.getUint32(p, true) === CENTRAL) {
    const nameLength = v.getUint16(p + 28, true);
    if (p + 46 + nameLength > dir.byteLength) break;
    entries.push({
      name: Buffer.from(dir.subarray(p + 46, p + 46 + nameLength)).toString('utf8'),
      method: v.getUint16(p + 10, true),
      compressedSize: v.getUint32(p + 20, true),
      localOffset: v.getUint32(p + 42, true),
    });
    p += 46 + nameLength + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return entries;
}

/** The content of a small stored or deflated entry, or null (too big, damaged, other method). */
export function readSmallEntry(src: ByteSource, entry: ZipEntry, max = 1024): Uint8Array | null {
  if (entry.compressedSize > max) return null;
  const header = src.read(entry.localOffset, 30);
  if (header.byteLength < 30 || view(header).getUint32(0, true) !== LOCAL) return null;
  const start = entry.localOffset + 30 + view(header).getUint16(26, true) + view(header).getUint16(28, true);
  const data = src.read(start, entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method !== 8) return null;
  try {
    return inflateRawSync(data, { maxOutputLength: max });
  } catch {
    return null;
  }
}
