/**
 * Real files of the formats attachments are checked for, built from their specifications so the
 * tests need no binary fixtures: a PDF with a correct xref, a PNG with valid CRCs, ZIP containers
 * (OOXML, ODF, ASiC-E, JAR), an OLE2 compound file, a PE header, CMS signatures from openssl.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };

/** A one-page PDF 1.4 whose xref offsets are right (pdfinfo reads it). */
export function pdf(text = 'Wniosek'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 12 Tf 72 770 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 72 770 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A valid 1×1 RGB PNG. */
export function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0xff, 0x00, 0x00]))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface ZipItem {
  name: string;
  data: string | Buffer;
  /** Stored (as ODF and ASiC require for `mimetype`) instead of deflated. */
  stored?: boolean;
}

/** A ZIP archive (PKWARE APPNOTE: local headers, central directory, end record). */
export function zip(items: readonly ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const data = Buffer.isBuffer(item.data) ? item.data : Buffer.from(item.data, 'utf8');
    const body = item.stored ? data : deflateRawSync(data);
    const name = Buffer.from(item.name, 'utf8');
    const method = item.stored ? 0 : 8;
    const common = Buffer.concat([u16(20), u16(0x0800), u16(method), u16(0), u16(0x21), u32(crc32(data)), u32(body.length), u32(data.length), u16(name.length), u16(0)]);
    const local = Buffer.concat([u32(0x04034b50), common, name, body]);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(items.length), u16(items.length), u32(dir.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, dir, end]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

export function docx(): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>' },
    { name: 'word/document.xml', data: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>' },
  ]);
}

export function xlsx(): Buffer {
  return zip([{ name: '[Content_Types].xml', data: CONTENT_TYPES }, { name: 'xl/workbook.xml', data: '<workbook/>' }]);
}

/** ODF and ASiC: the `mimetype` entry first and stored. */
export function mimetypeZip(mimetype: string, rest: readonly ZipItem[]): Buffer {
  return zip([{ name: 'mimetype', data: mimetype, stored: true }, ...rest]);
}

export function odt(): Buffer {
  return mimetypeZip('application/vnd.oasis.opendocument.text', [
    { name: 'content.xml', data: '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' },
    { name: 'META-INF/manifest.xml', data: '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>' },
  ]);
}

export function asice(): Buffer {
  return mimetypeZip('application/vnd.etsi.asic-e+zip', [
    { name: 'wniosek.pdf', data: pdf() },
    { name: 'META-INF/signatures0.xml', data: '<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"/>' },
  ]);
}

/** OLE2 compound file (MS-CFB v3): header, one FAT sector, one directory sector. */
export function ole2(streams: readonly string[], rootClsid = Buffer.alloc(16)): Buffer {
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18); header.writeUInt16LE(3, 0x1a); header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e); header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // FAT sectors
  header.writeUInt32LE(1, 0x30); // first directory sector
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(END, 0x3c); header.writeUInt32LE(0, 0x40);
  header.writeUInt32LE(END, 0x44); header.writeUInt32LE(0, 0x48);
  header.writeUInt32LE(0, 0x4c); // the FAT is sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREE, 0x4c + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: FAT
  fat.writeUInt32LE(END, 4); // sector 1: the directory, one sector
  const dir = Buffer.alloc(512);
  const entry = (i: number, name: string, type: number, clsid?: Buffer) => {
    const at = i * 128;
    Buffer.from(`${name}\0`, 'utf16le').copy(dir, at);
    dir.writeUInt16LE((name.length + 1) * 2, at + 64);
    dir[at + 66] = type;
    dir.writeUInt32LE(FREE, at + 68);
    dir.writeUInt32LE(type === 2 && i < Math.min(streams.length, 3) ? i + 1 : FREE, at + 72); // right sibling: a list is a valid tree
    dir.writeUInt32LE(type === 5 && streams.length ? 1 : FREE, at + 76);
    clsid?.copy(dir, at + 80);
    dir.writeUInt32LE(END, at + 116);
  };
  entry(0, 'Root Entry', 5, rootClsid);
  streams.slice(0, 3).forEach((name, i) => entry(i + 1, name, 2));
  return Buffer.concat([header, fat, dir]);
}

/** The headers of a Windows x64 program: DOS stub header pointing at "PE\0\0" and a COFF header. */
export function windowsProgram(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt16LE(0x90, 2);
  b.writeUInt32LE(0x80, 0x3c);
  b.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x8664, 0x84); // AMD64
  b.writeUInt16LE(0xf0, 0x94); // size of the optional header
  b.writeUInt16LE(0x22, 0x96); // executable image, large address aware
  b.writeUInt16LE(0x20b, 0x98); // PE32+
  b.writeUInt16LE(3, 0xdc); // console subsystem
  return b;
}

/** CMS SignedData made by openssl with a throw-away key: detached (.p7s) or carrying the content (.p7m). */
export function cms(content: Buffer, attached: boolean): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-cms-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=TEST', '-days', '1'], { stdio: 'ignore' });
    writeFileSync(join(dir, 'in'), content);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-in', join(dir, 'in'), '-signer', cert, '-inkey', key, '-outform', 'DER', '-out', join(dir, 'out'), ...(attached ? ['-nodetach'] : [])], { stdio: 'ignore' });
    return readFileSync(join(dir, 'out'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
