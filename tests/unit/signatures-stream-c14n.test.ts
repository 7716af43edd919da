/**
 * The streaming exclusive C14N against libxml2's (`xmllint --exc-c14n`, written by others): the same
 * bytes for documents with prefixed roots, unused and redeclared namespaces, default namespaces
 * and xmlns="", sorted attributes, entities, CR, CDATA, PIs inside and around the root, comments —
 * whatever the chunk size the input arrives in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ExcC14nStream } from '../../electron/node/signatures/stream-c14n';

const dir = mkdtempSync(path.join(tmpdir(), 'nadawca-c14n-'));

function xmllint(xml: string): string {
  const f = path.join(dir, 'in.xml');
  writeFileSync(f, xml);
  const r = spawnSync('xmllint', ['--exc-c14n', f], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function ours(xml: string, chunk: number): string {
  const parts: Buffer[] = [];
  const c = new ExcC14nStream((b) => parts.push(Buffer.from(b)));
  const bytes = Buffer.from(xml, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) c.write(bytes.subarray(i, i + chunk));
  c.end();
  return Buffer.concat(parts).toString('utf8');
}

const SAMPLES = [
  `<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="http://crd.gov.pl/wzor/styl.xsl"?>\n<wnio:Dokument xmlns:wnio="http://crd.gov.pl/wzor/" xmlns:meta="urn:meta" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:str="urn:str"><wnio:Opis><meta:Data typDaty="stworzony"><meta:Czas>2026-11-23</meta:Czas></meta:Data></wnio:Opis><wnio:Tresc format="text/xml" kodowanie="XML"><wnio:Tytul>Wniosek &lt;pilny&gt; &amp; ważny — „cytat”</wnio:Tytul><str:Zalacznik nazwaPliku="a&amp;b.pdf" format="application/pdf"><str:Dane>QUJDRA==</str:Dane></str:Zalacznik></wnio:Tresc></wnio:Dokument>\n<?after x?>\n`,
  `<root xmlns="urn:d" b="2" a="1" xmlns:z="urn:z" z:c="3"><!-- komentarz --><x xmlns=""><y/></x><p:q xmlns:p="urn:p" xmlns:unused="urn:u"><p:r xmlns:p="urn:p2">t&#13;x&#x41;&gt;</p:r></p:q><![CDATA[a < b & c > d]]><e attr="tab&#9;nl&#10;q&quot;s'"/></root>`,
  `<a:r xmlns:a="urn:a"\r\n  xml:lang="pl" a:x='v"1'>line1\r\nline2\rline3<a:i a:y="&lt;&amp;"/><?pi data  ?></a:r>`,
];

test('streamed exclusive C14N equals xmllint --exc-c14n for tricky documents, in any chunking', () => {
  for (const xml of SAMPLES) {
    // xmllint --exc-c14n keeps comments; a whole-document reference (URI="") drops them.
    const expected = xmllint(xml.replace(/<!--[\s\S]*?-->/g, ''));
    for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) assert.equal(ours(xml, chunk), expected, `chunk ${chunk}: ${xml.slice(0, 40)}`);
  }
});

test('random text with entities and multi-byte characters survives arbitrary chunk boundaries', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', 'ż', '&amp;', '&lt;', '>', '\r\n', '€', '"', ' ') , maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (text, chunk) => {
      const xml = `<r xmlns="urn:r" v="${text.replace(/"/g, '&quot;').replace(/>/g, '&gt;')}">${text.replace(/"/g, 'q')}</r>`;
      assert.equal(ours(xml, chunk), xmllint(xml));
    }),
    { numRuns: 40 },
  );
});

test('refuses DOCTYPE, unclosed roots and undeclared prefixes', () => {
  assert.throws(() => ours('<!DOCTYPE r [<!ENTITY x "y">]><r/>', 5), /DOCTYPE/);
  assert.throws(() => ours('<r><a></r>', 3), /does not close/);
  assert.throws(() => ours('<r>', 3), /ends before/);
  assert.throws(() => ours('<p:r/>', 3), /undeclared prefix/);
});
