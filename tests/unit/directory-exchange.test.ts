/**
 * Directory files: RFC 4180 CSV (commas, quotes, line breaks, Polish letters) and JSON round-trip
 * exactly; bad rows are named by row and field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DirectoryEntry } from '../../electron/common/contract-directory';
import { checkEntry } from '../../electron/node/directory/entry';
import { CSV_COLUMNS, parseFile, serialise } from '../../electron/node/directory/exchange';

const awkward: DirectoryEntry = {
  id: 'u-1',
  name: 'Urząd „Miasta”, "Łódź"; ZAŻÓŁĆ',
  town: 'Łódź',
  kind: 'public',
  epuap: { address: '/ZOJO_Cieszyn/skrytka', note: 'Dla pism podpisanych,\r\nod obywateli; "cytat"\nkoniec' },
  edoreczenia: { address: 'AE:PL-28080-40239-TUSBF-26' },
  sizeLimit: { bytes: 157286400, scope: 'attachments' },
  allowedFormats: ['doc', 'pdf', 'jpg'],
  notes: 'Linia 1\nLinia 2, z przecinkiem\r\n"Linia 3" — ąęśćżźńół',
  source: 'seeds/003_08b8f74dfc0aff7b.txt',
  verifiedOn: '2026-11-23',
};
const plain: DirectoryEntry = { id: 'u-2', name: 'ZUS', kind: 'public', notes: '', source: '' };

test('CSV: UTF-8 with a byte-order mark, a header row, CRLF, quotes doubled, line breaks quoted', () => {
  const text = serialise('csv', [awkward, plain]);
  assert.ok(text.startsWith(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`));
  assert.ok(text.endsWith('\r\n'));
  assert.match(text, /"Urząd „Miasta”, ""Łódź""; ZAŻÓŁĆ"/);
  assert.match(text, /"Dla pism podpisanych,\r\nod obywateli; ""cytat""\nkoniec"/);
  assert.match(text, /\r\nu-2,ZUS,,public,,,,,,,,,\r\n$/);
});

test('CSV and JSON: export → import → export gives the same text and the same entries', () => {
  for (const format of ['csv', 'json'] as const) {
    const text = serialise(format, [awkward, plain]);
    const parsed = parseFile(format, text);
    assert.deepEqual(parsed.errors, [], format);
    assert.deepEqual(parsed.records.map((r) => r.entry), [awkward, plain], format);
    assert.deepEqual(parsed.records.map((r) => r.line), format === 'csv' ? [2, 3] : [1, 2], format);
    assert.equal(serialise(format, parsed.records.map((r) => r.entry as DirectoryEntry)), text, format);
  }
});

// Text made of the characters quoting must get right: separators, quotes, CR, LF, Polish letters.
const tricky = fc.string({ unit: fc.constantFrom(...'aąĄcćĆeęłŁńóÓśŚźżŻ ,;"\'\r\n\t„”'), maxLength: 40 });
const entryArb = fc
  .record({
    n: fc.nat(999_999),
    name: tricky,
    town: fc.option(tricky, { nil: undefined }),
    note: fc.option(tricky, { nil: undefined }),
    notes: tricky,
    source: tricky,
    bytes: fc.option(fc.integer({ min: 1, max: 10 * 1024 ** 3 }), { nil: undefined }),
  })
  .map((r) =>
    checkEntry({
      id: `u-${r.n}`,
      name: `N${r.name}`,
      town: r.town?.trim() ? r.town : undefined,
      epuap: r.note === undefined ? undefined : { address: '/KRUS/SkrytkaESP', note: r.note.trim() ? r.note : undefined },
      sizeLimit: r.bytes === undefined ? undefined : { bytes: r.bytes, scope: 'file' },
      notes: r.notes,
      source: r.source,
    }),
  )
  .filter((c) => c.ok)
  .map((c) => (c as { entry: DirectoryEntry }).entry);

test('property: any list of valid entries round-trips through CSV and JSON', () => {
  fc.assert(
    fc.property(fc.uniqueArray(entryArb, { selector: (e) => e.id, maxLength: 8 }), (entries) => {
      for (const format of ['csv', 'json'] as const) {
        const text = serialise(format, entries);
        const parsed = parseFile(format, text);
        assert.deepEqual(parsed.errors, []);
        assert.deepEqual(parsed.records.map((r) => r.entry), entries);
        assert.equal(serialise(format, parsed.records.map((r) => r.entry as DirectoryEntry)), text);
      }
    }),
    { numRuns: 300 },
  );
});

test('CSV import: a hand-made file with fewer columns, no byte-order mark and LF works; empty cells are absent values', () => {
  const parsed = parseFile('csv', 'name,town,epuapAddress\nUrząd Gminy,Żabno,/ug_zabno/SkrytkaESP\n\n,,\n"Starostwo, Powiat",,\n');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.records, [
    { line: 2, entry: { name: 'Urząd Gminy', town: 'Żabno', kind: 'public', epuap: { address: '/ug_zabno/SkrytkaESP' }, notes: '', source: '' } },
    { line: 5, entry: { name: 'Starostwo, Powiat', kind: 'public', notes: '', source: '' } },
  ]);
});

test('CSV import: each bad row is named with its row number (as a spreadsheet counts) and its columns', () => {
  const text = [
    'id,name,epuapAddress,epuapNote,edoreczeniaAddress,sizeLimitBytes,sizeLimitScope,allowedFormats,verifiedOn',
    'ok-1,Dobry,/A/B,,,,,,',
    'bad-1,,KRUS/SkrytkaESP,,AE:PL-1,,,,',
    '"bad-2","Wiele\nlinii",,notatka bez adresu,,3 MB,per-file,pdf .exe,2026-13-01',
    'ok-1,Powtórzony id,,,,,,,',
    'BAD ID,Zły identyfikator,,,,,,,',
    'short,row',
  ].join('\r\n');
  const { errors, records } = parseFile('csv', text);
  assert.deepEqual(records.map((r) => r.line), [2]);
  assert.deepEqual(errors, [
    { line: 3, fields: ['name', 'epuapAddress', 'edoreczeniaAddress'] },
    { line: 4, fields: ['epuapAddress', 'sizeLimitBytes', 'sizeLimitScope', 'allowedFormats', 'verifiedOn'] },
    { line: 5, fields: ['id'] },
    { line: 6, fields: ['id'] },
    { line: 7, fields: ['columns'] },
  ]);
});

test('CSV import: unknown columns, a missing name column and broken quoting are reported, not guessed', () => {
  assert.deepEqual(parseFile('csv', 'name,skrytka\nA,/A/B\n').errors, [{ line: 1, fields: ['skrytka'] }]);
  assert.deepEqual(parseFile('csv', 'town\nŁódź\n').errors, [{ line: 1, fields: ['columns'] }]);
  assert.deepEqual(parseFile('csv', 'name\nA\n"B\n').errors, [{ line: 3, fields: ['csv'] }]);
  assert.deepEqual(parseFile('csv', ''), { records: [], errors: [] });
});

test('JSON import: the envelope is checked; entries are numbered from 1; a syntax error refuses the file', () => {
  assert.deepEqual(parseFile('json', '[]').errors, [{ line: 1, fields: ['format'] }]);
  assert.deepEqual(parseFile('json', '{"format":"nadawca.directory","version":2,"entries":[]}').errors, [{ line: 1, fields: ['version'] }]);
  const bad = parseFile('json', JSON.stringify({ format: 'nadawca.directory', version: 1, entries: [{ name: 'A' }, { name: 'B', kind: 'private', extra: 1 }] }));
  assert.deepEqual(bad.errors, [{ line: 2, fields: ['kind', 'extra'] }]);
  assert.deepEqual(parseFile('json', '{\n  "format": "nadawca.directory",\n  "version": 1,\n  "entries": [,]\n}').errors, [{ line: 1, fields: ['json'] }]);
});
