import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkFileName, extensionOf, MAX_FILE_NAME_BYTES, sanitizeFileNames, utf8Length } from '../../electron/common/file-names';

const R1_FORBIDDEN = /[ ~"#%&*:<>?!/\\{|}]/;

test('a name that follows the rules is kept as it is', () => {
  for (const name of ['wniosek.pdf', 'Zażółć_gęślą-jaźń.2026.odt', 'skan(1).jpg', 'README']) {
    assert.deepEqual(checkFileName(name), { safeName: name, reasons: [] }, name);
  }
});

test('spaces and the forbidden characters of R1 become "_", the extension lower case', () => {
  assert.deepEqual(checkFileName('Wniosek o zwrot #2 (kopia)!.PDF'), {
    safeName: 'Wniosek_o_zwrot__2_(kopia)_.pdf',
    reasons: ['forbiddenCharacters', 'upperCaseExtension'],
  });
  assert.equal(checkFileName('a~b"c#d%e&f*g:h<i>j?k!l/m\\n{o|p}q.txt').safeName, 'a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q.txt');
  assert.equal(checkFileName('tab\there\u0000.txt').safeName, 'tab_here_.txt');
});

test('names are NFC-normalised (macOS hands out decomposed names)', () => {
  const decomposed = 'Zaz\u0307o\u0301ł\u0107.pdf';
  const r = checkFileName(decomposed);
  assert.equal(r.safeName, 'Zażółć.pdf');
  assert.deepEqual(r.reasons, ['notNfc']);
});

test('long names are cut to 128 UTF-8 bytes with the extension, on whole characters', () => {
  const r = checkFileName(`${'ż'.repeat(100)}.pdf`);
  assert.deepEqual(r.reasons, ['tooLong']);
  assert.ok(r.safeName.endsWith('.pdf'));
  assert.equal(utf8Length(r.safeName), 128);
  assert.equal(r.safeName, `${'ż'.repeat(62)}.pdf`);
  const emoji = checkFileName(`${'😀'.repeat(40)}.txt`);
  assert.ok(utf8Length(emoji.safeName) <= MAX_FILE_NAME_BYTES);
  assert.equal(emoji.safeName, `${'😀'.repeat(31)}.txt`);
});

test('names repeated within a letter get _2, _3 — case-sensitively, and still within 128 bytes', () => {
  const r = sanitizeFileNames(['skan.pdf', 'skan.pdf', 'Skan.pdf', 'skan.PDF', `${'a'.repeat(124)}.pdf`, `${'a'.repeat(124)}.pdf`]);
  assert.deepEqual(r.map((x) => x.safeName), ['skan.pdf', 'skan_2.pdf', 'Skan.pdf', 'skan_3.pdf', `${'a'.repeat(124)}.pdf`, `${'a'.repeat(122)}_2.pdf`]);
  assert.deepEqual(r[1]!.reasons, ['duplicate']);
  assert.deepEqual(r[3]!.reasons, ['upperCaseExtension', 'duplicate']);
  assert.deepEqual(r[2]!.reasons, []);
});

test('a name with nothing left gets a stem; a dot file or a trailing dot has no extension', () => {
  assert.deepEqual(checkFileName('.PDF'), { safeName: '.PDF', reasons: [] });
  assert.deepEqual(checkFileName(''), { safeName: 'zalacznik', reasons: ['empty'] });
  assert.equal(extensionOf('a.tar.gz'), 'gz');
  assert.equal(extensionOf('a.'), '');
  assert.equal(extensionOf('.bashrc'), '');
});

test('property: every safe name follows R1 and the names of a letter are unique', () => {
  fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 8 }), (names) => {
    const out = sanitizeFileNames(names);
    const safe = out.map((x) => x.safeName);
    assert.equal(new Set(safe).size, safe.length);
    for (const s of safe) {
      assert.ok(utf8Length(s) <= MAX_FILE_NAME_BYTES, s);
      assert.doesNotMatch(s, R1_FORBIDDEN);
      assert.equal(s, s.normalize('NFC'));
      assert.equal(extensionOf(s), extensionOf(s).toLowerCase());
      assert.ok(s.length > 0);
    }
    out.forEach((x, i) => assert.equal(x.reasons.length === 0, x.safeName === names[i]));
  }), { numRuns: 300 });
});
