import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { issueMessage } from '../../electron/common/attachment-issues';
import { checkFileName } from '../../electron/common/file-names';
import { assessFile } from '../../electron/node/attachments/assess';
import { bytesSource } from '../../electron/node/attachments/byte-source';
import { FORMATS, type FormatId } from '../../electron/node/attachments/formats';
import { detectFormat } from '../../electron/node/attachments/sniff';
import { detectMediaType } from '../../electron/node/filings/media-type';
import * as sample from '../harness/sample-files';

const detect = (data: Uint8Array | string, name?: string): FormatId =>
  detectFormat(bytesSource(typeof data === 'string' ? Buffer.from(data, 'utf8') : data), name);

const assess = (data: Uint8Array, name: string, allowList?: string[]) =>
  assessFile({ name, size: data.byteLength, format: detect(data, name), nameCheck: checkFileName(name) },
    allowList ? { allowList, inboxName: 'Centrum Usług Wspólnych w Cieszynie' } : undefined);

const riff = (kind: string) => Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from(kind), Buffer.alloc(32)]);
const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`), Buffer.alloc(16)]);
const withBlock = (head: number[] | string, size = 64) => Buffer.concat([Buffer.from(head as never), Buffer.alloc(size)]);

test('documents by their bytes: PDF, OOXML, ODF, OLE2 Word/Excel/PowerPoint, RTF, XPS', () => {
  assert.equal(detect(sample.pdf()), 'pdf');
  assert.equal(detect(sample.docx()), 'docx');
  assert.equal(detect(sample.xlsx()), 'xlsx');
  assert.equal(detect(sample.odt()), 'odt');
  assert.equal(detect(sample.mimetypeZip('application/vnd.oasis.opendocument.spreadsheet', [])), 'ods');
  assert.equal(detect(sample.ole2(['WordDocument', '\u0005SummaryInformation'])), 'doc');
  assert.equal(detect(sample.ole2(['Workbook'])), 'xls');
  assert.equal(detect(sample.ole2(['PowerPoint Document', 'Current User'])), 'ppt');
  assert.equal(detect(sample.ole2(['EncryptionInfo', 'EncryptedPackage'])), 'encryptedOffice');
  assert.equal(detect('{\\rtf1\\ansi Wniosek}'), 'rtf');
  assert.equal(detect(sample.zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'FixedDocumentSequence.fdseq', data: '<x/>' }])), 'xps');
});

test('images, audio and video of the KRI list, and the ones it leaves out', () => {
  assert.equal(detect(sample.png()), 'png');
  assert.equal(detect(withBlock([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00])), 'jpeg');
  assert.equal(detect(withBlock([0x49, 0x49, 0x2a, 0x00, 0x08, 0, 0, 0])), 'tiff');
  assert.equal(detect(withBlock([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])), 'tiff');
  assert.equal(detect(withBlock([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a])), 'jp2');
  assert.equal(detect('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'), 'svg');
  assert.equal(detect(withBlock('GIF89a')), 'gif');
  const bmp = Buffer.alloc(64); bmp.write('BM'); bmp.writeUInt32LE(64, 2); bmp.writeUInt32LE(54, 10); bmp.writeUInt32LE(40, 14);
  assert.equal(detect(bmp), 'bmp');
  assert.equal(detect(riff('WAVE')), 'wav');
  assert.equal(detect(riff('AVI ')), 'avi');
  assert.equal(detect(riff('WEBP')), 'webp');
  assert.equal(detect(withBlock('ID3\u0004')), 'mp3');
  assert.equal(detect(withBlock([0xff, 0xfb, 0x90, 0x64])), 'mp3');
  assert.equal(detect(withBlock([0x00, 0x00, 0x01, 0xba, 0x44])), 'mpeg');
  assert.equal(detect(ftyp('isom')), 'mp4');
  assert.equal(detect(ftyp('M4A ')), 'm4a');
  assert.equal(detect(ftyp('heic')), 'heic');
  assert.equal(detect(ftyp('qt  ')), 'mov');
  assert.equal(detect(Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24), Buffer.from('\x01vorbis', 'latin1')])), 'ogg');
  assert.equal(detect(Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24), Buffer.from('\x80theora', 'latin1')])), 'ogv');
  for (const id of ['gif', 'bmp', 'webp', 'heic', 'mov'] as const) assert.equal(FORMATS[id].kri, false, id);
});

test('archives, signature containers and CAD', () => {
  assert.equal(detect(sample.zip([{ name: 'a.txt', data: 'a' }])), 'zip');
  assert.equal(detect(gzipSync(Buffer.from('abc'))), 'gzip');
  const tar = Buffer.alloc(1024); tar.write('a.txt'); tar.write('ustar\u000000', 257);
  assert.equal(detect(tar), 'tar');
  const v7 = Buffer.alloc(1024); v7.write('a.txt'); v7.write('0000644\0', 100); v7.write('00000000001\0', 124);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : v7[i]!;
  v7.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  assert.equal(detect(v7), 'tar', 'a pre-POSIX tar has no magic, only its header checksum');
  assert.equal(detect(withBlock([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04])), 'sevenZip');
  assert.equal(detect(sample.asice()), 'asice');
  assert.equal(FORMATS.asice.mediaType, 'application/vnd.etsi.asic-e+zip');
  assert.equal(detect(sample.cms(Buffer.from('treść'), false)), 'cadesDetached');
  assert.equal(detect(sample.cms(Buffer.from('treść'), true)), 'cadesAttached');
  assert.equal(detect(withBlock('AC1027')), 'dwg');
  assert.equal(detect('  0\nSECTION\n  2\nHEADER\n'), 'dxf');
});

test('XML: a pismo, a XAdES signature, XSLT and GML are told apart by the root element', () => {
  assert.equal(detect('<?xml version="1.0"?><faktura><a/></faktura>'), 'xml');
  assert.equal(detect('\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="x"?>\n<!-- c -->\n<wnio:Dokument xmlns:wnio="http://crd.gov.pl/wzor/2013/12/12/1410/"/>'), 'pismo');
  assert.equal(detect('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>'), 'xades');
  assert.equal(detect('<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>'), 'xslt');
  assert.equal(detect('<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2"/>'), 'gml');
  assert.equal(detect('<!DOCTYPE html>\n<html><body>x</body></html>'), 'html');
  for (const id of ['xml', 'pismo', 'xades'] as const) assert.equal(FORMATS[id].mediaType, 'application/xml');
});

test('text: UTF-8, UTF-16 and Windows-1250 are text; the name tells CSV and CSS; "MZ…" text is no program', () => {
  assert.equal(detect('Zażółć gęślą jaźń\n'), 'txt');
  assert.equal(detect(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zażółć', 'utf16le')])), 'txt');
  assert.equal(detect(Buffer.from([0x5a, 0x61, 0xbf, 0xf3, 0xb3, 0xe6, 0x0d, 0x0a])), 'txt'); // "Zażółć" in Windows-1250
  assert.equal(detect('a;b\n1;2\n', 'dane.csv'), 'csv');
  assert.equal(detect('a;b\n1;2\n', 'dane.txt'), 'txt');
  assert.equal(detect('body { color: red }', 'style.css'), 'css');
  assert.equal(detect('MZK Cieszyn, raport kwartalny\n'), 'txt');
  assert.equal(detect(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x9c, 0x00])), 'unknown');
  assert.equal(detect(Buffer.alloc(0)), 'unknown');
});

test('programs and scripts: PE, ELF (/bin/true), Mach-O, installers, JARs, #! and Windows scripts', () => {
  assert.equal(detect(sample.windowsProgram()), 'exe');
  assert.equal(detect(readFileSync('/bin/true')), 'elf');
  assert.equal(detect(withBlock([0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0x00, 0x00, 0x01])), 'macho');
  const msiClsid = Buffer.from([0x84, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);
  assert.equal(detect(sample.ole2(['\u4840\u3f3f'], msiClsid)), 'msi');
  assert.equal(detect(sample.zip([{ name: 'META-INF/MANIFEST.MF', data: 'Main-Class: A\n' }, { name: 'A.class', data: Buffer.from([0xca, 0xfe, 0xba, 0xbe]) }])), 'jar');
  assert.equal(detect('#!/bin/sh\nrm -rf ~\n'), 'script');
  assert.equal(detect('@echo off\r\ndel *.*\r\n'), 'script');
  assert.equal(detect('Write-Host "x"', 'pismo.ps1'), 'script');
  assert.equal(detect('<job><script language="VBScript">x</script></job>', 'a.wsf'), 'script');
  for (const id of ['exe', 'elf', 'macho', 'msi', 'jar', 'script'] as const) assert.ok(FORMATS[id].runnable, id);
});

test('programs win over what else the bytes could be; a PDF stored in a ZIP keeps the ZIP a ZIP', () => {
  const polyglot = Buffer.concat([sample.windowsProgram(), sample.pdf()]);
  assert.equal(detect(polyglot), 'exe');
  assert.equal(detect(sample.zip([{ name: 'a.pdf', data: sample.pdf(), stored: true }])), 'zip');
  assert.equal(detect(Buffer.concat([Buffer.from('garbage\n'), sample.pdf()])), 'pdf');
});

test('detectMediaType keeps answering with the KRI contentType', () => {
  assert.equal(detectMediaType(sample.pdf()), 'application/pdf');
  assert.equal(detectMediaType(sample.png()), 'image/png');
  assert.equal(detectMediaType(Buffer.from('<a/>')), 'application/xml');
  assert.equal(detectMediaType(Buffer.from('abc')), 'text/plain');
  assert.equal(detectMediaType(sample.docx()), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(detectMediaType(Buffer.from([0, 1, 2, 3])), 'application/octet-stream');
});

test('an .exe renamed to .pdf is refused, the message naming the file and what it really is (pl, en)', () => {
  const verdict = assess(sample.windowsProgram(), 'faktura.pdf');
  assert.equal(verdict.accepted, false);
  assert.deepEqual(verdict.problems.map((p) => [p.code, p.file]), [['program', 'faktura.pdf']]);
  const pl = issueMessage('pl', verdict.problems[0]!);
  const en = issueMessage('en', verdict.problems[0]!);
  assert.match(pl, /„faktura\.pdf” to w rzeczywistości program \(EXE \(Windows\)\)/);
  assert.match(en, /"faktura\.pdf" is really a program \(EXE \(Windows\)\)/);
  const elf = assess(readFileSync('/bin/true'), 'skan.jpg');
  assert.equal(elf.accepted, false);
  assert.match(issueMessage('en', elf.problems[0]!), /ELF/);
});

test('a PDF named .txt is accepted as PDF, with a suggested rename', () => {
  const data = sample.pdf();
  const verdict = assess(data, 'Wniosek o zwrot.TXT');
  assert.equal(verdict.accepted, true);
  assert.equal(FORMATS[detect(data, 'Wniosek o zwrot.TXT')].mediaType, 'application/pdf');
  const mismatch = verdict.warnings.find((w) => w.code === 'extensionMismatch')!;
  assert.equal(mismatch.params.suggested, 'Wniosek_o_zwrot.pdf');
  assert.match(issueMessage('pl', mismatch), /to w rzeczywistości plik PDF; proponowana nazwa: „Wniosek_o_zwrot\.pdf”/);
  const name = verdict.warnings.find((w) => w.code === 'fileName')!;
  assert.deepEqual(name.params.reasons, ['forbiddenCharacters', 'upperCaseExtension']);
  assert.match(issueMessage('en', name), /spaces or forbidden characters, upper-case extension.*"Wniosek_o_zwrot\.txt"/);
});

test('formats off the KRI list and unrecognised or empty files are refused; an inbox list overrides KRI', () => {
  assert.equal(assess(withBlock('GIF89a'), 'a.gif').problems[0]?.code, 'notAccepted');
  assert.equal(assess(Buffer.from([0, 1, 2, 3]), 'a.bin').problems[0]?.code, 'unknownFormat');
  assert.equal(assess(Buffer.alloc(0), 'a.pdf').problems[0]?.code, 'empty');
  // Cieszyn CUW publishes its own list (DOMAIN-inboxes §7.1): GIF yes, DOCX no.
  const cieszyn = ['doc', 'rtf', 'xls', 'csv', 'txt', 'gif', 'tif', 'bmp', 'jpg', 'pdf', 'zip'];
  assert.equal(assess(withBlock('GIF89a'), 'a.gif', cieszyn).accepted, true);
  const docx = assess(sample.docx(), 'umowa.docx', cieszyn);
  assert.equal(docx.accepted, false);
  assert.match(issueMessage('pl', docx.problems[0]!), /^Centrum Usług Wspólnych w Cieszynie przyjmuje tylko pliki DOC, RTF, XLS, .*; „umowa\.docx” to DOCX \(Word\)\.$/);
  // Programs stay refused whatever a list says.
  assert.equal(assess(sample.windowsProgram(), 'a.exe', ['exe']).accepted, false);
});
