import type { ByteSource } from './byte-source';

/**
 * Just enough of the OLE2 compound file format (MS-CFB) to tell a Word, Excel or PowerPoint 97
 * file, an installer or a password-protected OOXML file apart: the directory's entry names and
 * the root entry's class id.
 */
export interface Ole2Directory {
  names: string[];
  rootClsid: Uint8Array;
}

/** Sector numbers from 0xFFFFFFFA up mark free sectors and chain ends. */
const LAST_REGULAR_SECTOR = 0xfffffff9;
/** Bounds the walk over a damaged or hostile file; real directories are far smaller. */
const MAX_SECTORS = 4096;
const HEADER_DIFAT_ENTRIES = 109;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

export function ole2Directory(src: ByteSource): Ole2Directory | null {
  const header = src.read(0, 512);
  if (header.byteLength < 512) return null;
  const h = view(header);
  const shift = h.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  // The header takes the first sector's place, so sector n starts at (n + 1) * size.
  const sector = (n: number): DataView | null => {
    const data = src.read((n + 1) * sectorSize, sectorSize);
    return data.byteLength === sectorSize ? view(data) : null;
  };

  // Where the FAT sectors are: 109 in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) fatSectors.push(h.getUint32(0x4c + i * 4, true));
  let difat = h.getUint32(0x44, true);
  for (let left = h.getUint32(0x48, true), guard = 0; left > 0 && difat <= LAST_REGULAR_SECTOR && guard < MAX_SECTORS; left--, guard++) {
    const s = sector(difat);
    if (!s) break;
    for (let i = 0; i < perSector - 1; i++) fatSectors.push(s.getUint32(i * 4, true));
    difat = s.getUint32(sectorSize - 4, true);
  }
  const next = (n: number): number => {
    const fat = fatSectors[Math.floor(n / perSector)];
    const s = fat !== undefined && fat <= LAST_REGULAR_SECTOR ? sector(fat) : null;
    return s ? s.getUint32((n % perSector) * 4, true) : LAST_REGULAR_SECTOR + 1;
  };

  const names: string[] = [];
  let rootClsid = new Uint8Array(16);
  for (let n = h.getUint32(0x30, true), guard = 0; n <= LAST_REGULAR_SECTOR && guard < MAX_SECTORS; n = next(n), guard++) {
    const s = sector(n);
    if (!s) break;
    for (let e = 0; e + 128 <= sectorSize; e += 128) {
      const type = s.getUint8(e + 66);
      const nameBytes = s.getUint16(e + 64, true);
      if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
      const entry = new Uint8Array(s.buffer, s.byteOffset + e, 128);
      if (type === 5) rootClsid = entry.slice(80, 96);
      else names.push(Buffer.from(entry.subarray(0, nameBytes - 2)).toString('utf16le'));
    }
  }
  return { names, rootClsid };
}
