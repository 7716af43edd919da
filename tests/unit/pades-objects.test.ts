/**
 * The PDF object layer of PAdES: parsing the object syntax (names with #xx, literal strings with
 * escapes and nesting, hex strings, references vs. numbers), writing objects back, the visible
 * stamp's geometry and text encoding, and the default formats and free names of "Sign files".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { conventionalOutput, defaultFormat, formatsFor, freeName } from '../../electron/node/signatures/files';
import type { PdfPage } from '../../electron/node/signatures/pades-document';
import {
  parseIndirect, PdfDict, PdfLexer, PdfName, PdfReal, PdfRef, PdfString, pdfDate, serialize, textString, type PdfValue,
} from '../../electron/node/signatures/pades-objects';
import { stampBytes, stampRect } from '../../electron/node/signatures/pades-stamp';

const parse = (text: string): PdfValue => new PdfLexer(Buffer.from(text, 'latin1'), 0, true).value();

describe('PDF object syntax', () => {
  it('reads names, strings, numbers, references, arrays and dictionaries', () => {
    const d = parse('<< /Type /Sig /A#20B 1 /S (a\\(b\\)c\\n\\101 (nested)) /H <4E 61 6> /R 12 0 R /N [1 -2 +3 .5 4.25] /T true /Z null >>') as PdfDict;
    assert.ok(d instanceof PdfDict);
    assert.equal((d.get('Type') as PdfName).name, 'Sig');
    assert.equal(d.get('A B'), 1);
    assert.equal((d.get('S') as PdfString).text(), 'a(b)c\nA (nested)');
    assert.deepEqual([...(d.get('H') as PdfString).bytes], [0x4e, 0x61, 0x60]);
    assert.deepEqual(d.get('R'), new PdfRef(12, 0));
    const n = d.get('N') as PdfValue[];
    assert.deepEqual(n.slice(0, 3), [1, -2, 3]);
    assert.equal((n[3] as PdfReal).value, 0.5);
    assert.equal(d.get('T'), true);
    assert.equal(d.get('Z'), null);
  });

  it('tells "1 0 R" from two numbers', () => {
    assert.deepEqual(parse('[1 0 R 1 0 2]'), [new PdfRef(1, 0), 1, 0, 2]);
  });

  it('reads an indirect object and finds where its stream data starts', () => {
    const text = '7 0 obj\n<< /Length 3 >>\nstream\r\nabc\nendstream\nendobj\n';
    const o = parseIndirect(Buffer.from(text, 'latin1'), 100, true, new PdfRef(7, 0));
    assert.equal(o.streamStart, 100 + text.indexOf('abc'));
    assert.throws(() => parseIndirect(Buffer.from(text, 'latin1'), 0, true, new PdfRef(8, 0)), /object 8 0 expected/);
  });

  it('writes what it read back to an equal value (property)', () => {
    const leaf = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.constant(null),
      fc.string({ maxLength: 12 }).map((s) => new PdfName(s.replace(/\0/g, '') || 'x')),
      fc.uint8Array({ maxLength: 20 }).map((b) => new PdfString(Buffer.from(b), true)),
      fc.tuple(fc.nat(9999), fc.nat(5)).map(([a, b]) => new PdfRef(a, b)),
    );
    const value = fc.letrec<{ v: PdfValue }>((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.stringMatching(/^[A-Za-z]{1,6}$/), tie('v'), { maxKeys: 4 }).map((o) => new PdfDict(new Map(Object.entries(o))))),
    })).v;
    fc.assert(fc.property(value, (v) => assert.deepEqual(parse(serialize(v)), v)));
  });

  it('text strings: ASCII stays readable, Polish letters become UTF-16BE with a BOM', () => {
    assert.equal(textString('Podpis1').bytes.toString('latin1'), 'Podpis1');
    const pl = textString('Łódź');
    assert.deepEqual([...pl.bytes.subarray(0, 2)], [0xfe, 0xff]);
    assert.equal(pl.text(), 'Łódź');
    assert.equal(pdfDate(new Date('2026-11-23T10:15:30.123Z')).text(), "D:20261123101530+00'00'");
  });
});

describe('visible stamp', () => {
  const page: PdfPage = { ref: new PdfRef(3, 0), dict: new PdfDict(), box: [0, 0, 595, 842] };
  it('places the box from the chosen corner and keeps it on the page', () => {
    assert.deepEqual(stampRect(page, { page: 1, x: 36, y: 36 }), [36, 746, 236, 806]);
    assert.deepEqual(stampRect(page, { page: 1, corner: 'bottom-right', x: 36, y: 36 }), [359, 36, 559, 96]);
    assert.deepEqual(stampRect(page, { page: 1, corner: 'bottom-left', x: 0, y: 0, width: 100, height: 40 }), [0, 0, 100, 40]);
    const off = stampRect(page, { page: 1, x: 590, y: 10 });
    assert.ok(off[2] - off[0] < 20, 'clipped to the page: the caller refuses it');
  });
  it('stamp text: WinAnsi, the Polish letters it lacks on codes 1–16, anything else without diacritics', () => {
    assert.deepEqual([...stampBytes('Zażółć')], [0x5a, 0x61, 8, 0xf3, 4, 2]);
    assert.deepEqual([...stampBytes('ĄĆĘŁŃŚŹŻ')], [9, 10, 11, 12, 13, 14, 15, 16]);
    assert.deepEqual([...stampBytes('„x”')], [0x84, 0x78, 0x94]);
    assert.equal(stampBytes('Dvořák').toString('latin1'), 'Dvorák');
  });
});

describe('sign files: default formats and free names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pades-unit-'));
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  it('chooses by content, not by name: PDF → PAdES, XML → XAdES enveloped, other → CAdES .p7s', () => {
    assert.equal(defaultFormat(file('a.pdf', '%PDF-1.7\n')), 'pades');
    assert.equal(defaultFormat(file('pismo.xml', '\uFEFF<?xml version="1.0"?><a/>')), 'xades');
    assert.equal(defaultFormat(file('udaje.pdf', 'not a pdf')), 'cades');
    assert.ok(!formatsFor(file('b.docx', 'PK')).includes('pades'));
  });
  it('names results by convention and never reuses an existing name', () => {
    const pdf = file('umowa.pdf', '%PDF-1.7\n');
    assert.equal(conventionalOutput(pdf, 'pades'), join(dir, 'umowa-podpisany.pdf'));
    assert.equal(conventionalOutput(pdf, 'cades'), join(dir, 'umowa.pdf.p7s'));
    assert.equal(conventionalOutput(join(dir, 'umowa-podpisany.pdf'), 'pades'), join(dir, 'umowa-podpisany.pdf'), 'a co-signature keeps the name (then made free)');
    assert.equal(conventionalOutput(pdf, 'cades-attached'), join(dir, 'umowa.pdf.p7m'));
    assert.equal(conventionalOutput(pdf, 'xades-detached'), join(dir, 'umowa.pdf.xades'));
    assert.equal(freeName(join(dir, 'umowa-podpisany.pdf')), join(dir, 'umowa-podpisany.pdf'));
    file('umowa-podpisany.pdf', 'x');
    file('umowa-podpisany (2).pdf', 'x');
    assert.equal(freeName(join(dir, 'umowa-podpisany.pdf')), join(dir, 'umowa-podpisany (3).pdf'));
    file('umowa.pdf.p7s', 'x');
    assert.equal(freeName(join(dir, 'umowa.pdf.p7s')), join(dir, 'umowa (2).pdf.p7s'));
  });
});
