/**
 * The shipped directory seed: valid, and holding exactly the facts of the public pages and the
 * domain document (docs/DOMAIN-inboxes.md §2.3, §7.3) — no invented addresses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { DirectoryEntry } from '../../electron/common/contract-directory';
import { serialise } from '../../electron/node/directory/exchange';
import { readSeed, seedPath } from '../../electron/node/directory/seed';

const MB = 1024 * 1024;
const seed = readSeed();
const byId = (id: string): DirectoryEntry => {
  const e = seed.find((x) => x.id === id);
  assert.ok(e, id);
  return e;
};

test('the seed file is valid, in the export format, with unique ids, a source and a check date on every entry', () => {
  assert.equal(serialise('json', seed), readFileSync(seedPath(), 'utf8'), 'canonical JSON, as an export writes it');
  assert.equal(new Set(seed.map((e) => e.id)).size, seed.length);
  for (const e of seed) {
    assert.match(e.source, /seeds\/\d{3}_[0-9a-f]{16}\.txt/, `${e.id}: source names the stored page`);
    assert.equal(e.verifiedOn, '2026-11-23', e.id);
    assert.ok(e.notes.length > 0, `${e.id}: notes`);
    assert.equal(e.kind, 'public');
  }
});

test('KRUS: headquarters with its box and 3 MB for all attachments; 16 branches with their ePUAP names and no address', () => {
  const hq = byId('krus-centrala');
  assert.equal(hq.name, 'Kasa Rolniczego Ubezpieczenia Społecznego Centrala');
  assert.deepEqual(hq.epuap?.address, '/KRUS/SkrytkaESP');
  assert.deepEqual(hq.sizeLimit, { bytes: 3 * MB, scope: 'attachments' });
  assert.equal(hq.town, undefined, 'the page does not give the seat');

  const branches = seed.filter((e) => e.id.startsWith('krus-or-'));
  assert.equal(branches.length, 16);
  const places = ['w Białymstoku', 'w Bydgoszczy', 'w Częstochowie', 'w Gdańsku', 'w Kielcach', 'w Krakowie', 'w Koszalinie', 'w Lublinie', 'w Łodzi', 'w Olsztynie', 'w Opolu', 'w Poznaniu', 'w Rzeszowie', 'w Warszawie', 'we Wrocławiu', 'w Zielonej Górze'];
  assert.deepEqual(branches.map((b) => b.name), places.map((p) => `Kasa Rolniczego Ubezpieczenia Społecznego Oddział Regionalny ${p}`));
  for (const b of branches) {
    assert.equal(b.epuap, undefined, `${b.id}: no invented box address`);
    assert.equal(b.edoreczenia, undefined, b.id);
    assert.match(b.notes, /Adres skrytki nieznany.*katalogu ePUAP/, b.id);
  }
  assert.equal(byId('krus-or-lodz').town, 'Łódź');
  assert.equal(byId('krus-or-zielona-gora').town, 'Zielona Góra');
});

test('Cieszyn: the town office box, and the two CUW boxes with what each is for, 150 MB and the formats list', () => {
  assert.equal(byId('um-cieszyn').epuap?.address, '/u390efc0tm/SEKAP');
  const citizens = byId('cuw-cieszyn-skrytka');
  const institutions = byId('cuw-cieszyn-skrytkaesp');
  assert.equal(citizens.epuap?.address, '/ZOJO_Cieszyn/skrytka');
  assert.equal(institutions.epuap?.address, '/ZOJO_Cieszyn/SkrytkaESP');
  assert.match(citizens.epuap?.note ?? '', /obywateli/);
  assert.match(institutions.epuap?.note ?? '', /niepodpisanej.*podmiotami publicznymi/);
  for (const e of [citizens, institutions]) {
    assert.equal(e.name, 'Centrum Usług Wspólnych w Cieszynie');
    assert.deepEqual(e.sizeLimit, { bytes: 150 * MB, scope: 'attachments' });
    assert.deepEqual(e.allowedFormats, ['doc', 'rtf', 'xls', 'csv', 'txt', 'gif', 'tif', 'bmp', 'jpg', 'pdf', 'zip']);
  }
});

test('Ruda Śląska 5 MB per file, Częstochowa 5 MB for the document with attachments, both without a box address; ZUS', () => {
  const ruda = byId('um-ruda-slaska');
  assert.equal(ruda.name, 'Urząd Miasta Ruda Śląska');
  assert.deepEqual(ruda.sizeLimit, { bytes: 5 * MB, scope: 'file' });
  assert.equal(ruda.epuap, undefined);
  const cz = byId('um-czestochowa');
  assert.equal(cz.name, 'Urząd Miasta Częstochowy');
  assert.deepEqual(cz.sizeLimit, { bytes: 5 * MB, scope: 'document' });
  assert.equal(cz.epuap, undefined);
  for (const e of [ruda, cz]) assert.match(e.notes, /SEKAP wyłączono 23\.12\.2021/);
  assert.equal(byId('zus').epuap?.address, '/ZUS/SkrytkaESP');
  assert.equal(seed.length, 1 + 16 + 1 + 2 + 2 + 1);
});
