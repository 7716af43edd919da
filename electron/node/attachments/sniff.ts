/**
 * What a file really is, from its bytes (the name can lie). An own signature table rather than
 * the `file-type` package: detectMediaType must stay synchronous for the filings service,
 * file-type's current major needs Node 22 (the build machines run 20), and half of what matters
 * here is beyond it anyway — Word vs Excel inside OLE2, ASiC, CAdES attached or detached, a pismo
 * or XAdES among XML, scripts among text.
 */
import { extensionOf } from '../../common/file-names';
import type { ByteSource } from './byte-source';
import { cmsSignedData } from './cms';
import { FORMATS, type FormatId } from './formats';
import { ole2Directory } from './ole2';
import { readSmallEntry, zipEntries } from './zip';

/** Enough for every signature here and for a root element with many namespace declarations. */
const HEAD_BYTES = 64 * 1024;

/** The format of a file; the name only refines plain text (CSV, CSS) or marks text as a script. */
export function detectFormat(src: ByteSource, fileName?: string): FormatId {
  const format = sniff(src);
  const ext = fileName ? extensionOf(fileName).toLowerCase() : '';
  if (TEXT_FAMILY.has(format) && SCRIPT_EXTENSIONS.has(ext)) return 'script';
  return (format === 'txt' && TEXT_BY_EXTENSION.get(ext)) || format;
}

/** Plain text has no signature; its name tells CSV and CSS from other text. */
const TEXT_BY_EXTENSION = new Map<string, FormatId>([['csv', 'csv'], ['css', 'css']]);

/** Formats whose content a script can share (a .wsf is XML, an .hta is HTML). */
const TEXT_FAMILY = new Set<FormatId>(['txt', 'xml', 'html']);
const SCRIPT_EXTENSIONS = new Set([
  'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'mjs', 'wsf', 'wsh', 'hta', 'sh', 'bash', 'zsh', 'ksh', 'csh',
  'py', 'pl', 'rb', 'php', 'reg', 'applescript', 'command',
]);

type Test = (h: Uint8Array) => boolean;

const bytesAt = (h: Uint8Array, offset: number, expected: readonly number[] | string): boolean => {
  const list = typeof expected === 'string' ? [...expected].map((c) => c.charCodeAt(0)) : expected;
  return list.every((b, i) => h[offset + i] === b);
};
const at = (offset: number, expected: readonly number[] | string): Test => (h) => bytesAt(h, offset, expected);
const any = (...tests: Test[]): Test => (h) => tests.some((t) => t(h));
const u16le = (h: Uint8Array, p: number) => (h[p] ?? 0) | ((h[p + 1] ?? 0) << 8);
const u32le = (h: Uint8Array, p: number) => (u16le(h, p) + u16le(h, p + 2) * 0x10000);
const ascii = (h: Uint8Array, from: number, to: number) => Buffer.from(h.subarray(from, to)).toString('latin1');

/** "MZ" starts text too ("MZK Cieszyn…"); a program header also holds NUL bytes. */
const isDosProgram: Test = (h) => bytesAt(h, 0, 'MZ') && h.byteLength >= 64 && h.subarray(2, 64).includes(0);
/** BITMAPFILEHEADER with zero reserved words and a known DIB header size. */
const isBmp: Test = (h) => bytesAt(h, 0, 'BM') && u32le(h, 6) === 0 && [12, 40, 52, 56, 64, 108, 124].includes(u32le(h, 14));
/** An MPEG audio frame header of layer III (layer bits 01; 00 would be AAC). */
const isMp3Frame: Test = (h) => h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0 && ((h[1] ?? 0) & 0x06) === 0x02;
/** Pre-POSIX (v7) tar has no magic; the checksum of its first header gives it away. */
const isV7Tar: Test = (h) => {
  if (h.byteLength < 512) return false;
  const field = ascii(h, 148, 156).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === parseInt(field, 8);
};
/** Readers accept a PDF header anywhere in the first KiB (after the container checks, see sniff). */
const hasLatePdfHeader: Test = (h) => Buffer.from(h.subarray(0, 1024)).includes('%PDF-');

/**
 * Checked in order. Programs come first so that a file that is also something else (a polyglot)
 * is refused rather than let through as the harmless half.
 */
const SIGNATURES: ReadonlyArray<[FormatId, Test]> = [
  ['exe', isDosProgram],
  ['elf', at(0, [0x7f, 0x45, 0x4c, 0x46])],
  ['macho', any(at(0, [0xfe, 0xed, 0xfa, 0xce]), at(0, [0xfe, 0xed, 0xfa, 0xcf]), at(0, [0xce, 0xfa, 0xed, 0xfe]), at(0, [0xcf, 0xfa, 0xed, 0xfe]), at(0, [0xca, 0xfe, 0xba, 0xbe]))],
  ['script', at(0, '#!')],
  ['pdf', at(0, '%PDF-')],
  ['png', at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['jpeg', at(0, [0xff, 0xd8, 0xff])],
  ['tiff', any(at(0, [0x49, 0x49, 0x2a, 0x00]), at(0, [0x4d, 0x4d, 0x00, 0x2a]), at(0, [0x49, 0x49, 0x2b, 0x00]), at(0, [0x4d, 0x4d, 0x00, 0x2b]))],
  ['gif', any(at(0, 'GIF87a'), at(0, 'GIF89a'))],
  ['bmp', isBmp],
  ['jp2', any(at(0, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]), at(0, [0xff, 0x4f, 0xff, 0x51]))],
  ['wav', (h) => (bytesAt(h, 0, 'RIFF') || bytesAt(h, 0, 'RIFX') || bytesAt(h, 0, 'RF64')) && bytesAt(h, 8, 'WAVE')],
  ['avi', (h) => bytesAt(h, 0, 'RIFF') && bytesAt(h, 8, 'AVI ')],
  ['webp', (h) => bytesAt(h, 0, 'RIFF') && bytesAt(h, 8, 'WEBP')],
  ['mp3', any(at(0, 'ID3'), isMp3Frame)],
  ['mpeg', any(at(0, [0x00, 0x00, 0x01, 0xba]), at(0, [0x00, 0x00, 0x01, 0xb3]))],
  ['rtf', at(0, '{\\rtf')],
  ['sevenZip', at(0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['gzip', at(0, [0x1f, 0x8b, 0x08])],
  ['tar', any(at(257, 'ustar'), isV7Tar)],
  ['dwg', (h) => /^AC1\d{3}/.test(ascii(h, 0, 6))],
  ['dwf', at(0, '(DWF V')],
];

function sniff(src: ByteSource): FormatId {
  const head = src.read(0, HEAD_BYTES);
  if (head.byteLength === 0) return 'unknown';
  for (const [format, test] of SIGNATURES) if (test(head)) return format;
  if (bytesAt(head, 4, 'ftyp')) return isoMediaFormat(ascii(head, 8, 12));
  if (bytesAt(head, 0, 'OggS')) return Buffer.from(head).includes('\x80theora', 0, 'latin1') ? 'ogv' : 'ogg';
  if (bytesAt(head, 0, [0x50, 0x4b, 0x03, 0x04]) || bytesAt(head, 0, [0x50, 0x4b, 0x05, 0x06])) return zipFormat(src);
  if (bytesAt(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ole2Format(src);
  const cms = cmsSignedData(head);
  if (cms) return cms === 'attached' ? 'cadesAttached' : 'cadesDetached';
  // Only now: a ZIP that stores a PDF uncompressed has "%PDF-" in its first KiB too.
  if (hasLatePdfHeader(head)) return 'pdf';
  return textFormat(head);
}

/** ISO base media files (MP4 family) by their major brand. */
function isoMediaFormat(brand: string): FormatId {
  if (/^M4[ABP] $/.test(brand)) return 'm4a';
  if (brand === 'qt  ') return 'mov';
  if (brand === 'jp2 ') return 'jp2';
  if (['heic', 'heix', 'hevc', 'mif1', 'msf1', 'avif'].includes(brand)) return 'heic';
  return 'mp4';
}

/** ODF and ASiC name themselves in a `mimetype` entry. */
const BY_MIMETYPE = new Map<string, FormatId>((['odt', 'ods', 'odp', 'asice', 'asics'] as const).map((id) => [FORMATS[id].mediaType, id]));

function zipFormat(src: ByteSource): FormatId {
  const entries = zipEntries(src);
  if (!entries) return 'zip';
  const names = new Set(entries.map((e) => e.name));
  const has = (test: (name: string) => boolean) => entries.some((e) => test(e.name));
  const mimetypeEntry = entries.find((e) => e.name === 'mimetype');
  const mimetype = mimetypeEntry ? readSmallEntry(src, mimetypeEntry) : null;
  const byMimetype = mimetype && BY_MIMETYPE.get(Buffer.from(mimetype).toString('latin1').trim());
  if (byMimetype) return byMimetype;
  if (names.has('[Content_Types].xml')) {
    if (has((n) => n.startsWith('word/'))) return 'docx';
    if (has((n) => n.startsWith('xl/'))) return 'xlsx';
    if (has((n) => n.startsWith('ppt/'))) return 'pptx';
    if (has((n) => n.endsWith('.fdseq'))) return 'xps';
  }
  if (has((n) => n.endsWith('.class')) || names.has('classes.dex')) return 'jar';
  // ASiC-E without the optional mimetype entry: signatures in META-INF (§7.1 "ASiC").
  if (has((n) => /^META-INF\/[^/]*signatures[^/]*\.(xml|p7s)$/i.test(n))) return 'asice';
  return 'zip';
}

/** Root class ids of Windows Installer packages, patches and transforms: {000C1084/1086/1082-0000-0000-C000-000000000046}. */
const isInstaller = (clsid: Uint8Array) =>
  [0x82, 0x84, 0x86].includes(clsid[0]!) && bytesAt(clsid, 1, [0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);

function ole2Format(src: ByteSource): FormatId {
  const dir = ole2Directory(src);
  if (!dir) return 'ole';
  const names = new Set(dir.names);
  if (isInstaller(dir.rootClsid)) return 'msi';
  if (names.has('EncryptedPackage')) return 'encryptedOffice';
  if (names.has('WordDocument')) return 'doc';
  if (names.has('Workbook') || names.has('Book')) return 'xls';
  if (names.has('PowerPoint Document')) return 'ppt';
  return 'ole';
}

/** Text (UTF-8, UTF-16 with a BOM, or a legacy 8-bit code page such as Windows-1250) or null. */
function decodeText(h: Uint8Array): string | null {
  if (bytesAt(h, 0, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(h);
  if (bytesAt(h, 0, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(h);
  // Binary formats hold control bytes; text holds at most tab, line breaks, form feed, ESC and DOS EOF.
  if (h.some((b) => (b < 0x20 && ![0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b].includes(b)) || b === 0x7f)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(h, { stream: true });
  } catch {
    return Buffer.from(h).toString('latin1');
  }
}

const NS = {
  xmldsig: 'http://www.w3.org/2000/09/xmldsig#',
  xslt: 'http://www.w3.org/1999/XSL/Transform',
  crdWzor: 'http://crd.gov.pl/wzor/',
  gml: 'http://www.opengis.net/gml',
};

function textFormat(head: Uint8Array): FormatId {
  const text = decodeText(head);
  if (text === null) return 'unknown';
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (/^<!doctype\s+html[\s>]/i.test(t) || /^<html[\s>]/i.test(t)) return 'html';
  if (t.startsWith('<')) return markupFormat(t);
  if (/^0\r?\nSECTION\r?\n/.test(t)) return 'dxf';
  if (/^@echo\s+off/i.test(t)) return 'script';
  return 'txt';
}

/** XML by its root element: name and namespace say pismo, XAdES, XSLT, SVG, GML, HTML. */
function markupFormat(text: string): FormatId {
  // Skip the prolog: declarations, processing instructions, comments, a DOCTYPE.
  const body = text.replace(/^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i, '');
  const root = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)/.exec(body);
  if (!root) return 'txt';
  const [, prefix, local, attributes = ''] = root;
  const nsAttr = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(attributes);
  const ns = nsAttr?.[1] ?? '';
  if (local === 'html') return 'html';
  if (local === 'svg') return 'svg';
  if (local === 'Dokument' && ns.startsWith(NS.crdWzor)) return 'pismo';
  if (local === 'Signature' && ns === NS.xmldsig) return 'xades';
  if ((local === 'stylesheet' || local === 'transform') && ns === NS.xslt) return 'xslt';
  if (ns.startsWith(NS.gml)) return 'gml';
  return 'xml';
}
