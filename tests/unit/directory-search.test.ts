/** Directory search: case, Polish diacritics (ł included) and case endings do not stand in the way. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DirectoryEntry } from '../../electron/common/contract-directory';
import { foldForSearch, matchesQuery, queryTokens, searchEntries } from '../../electron/node/directory/search';

const entry = (id: string, name: string, more: Partial<DirectoryEntry> = {}): DirectoryEntry => ({ id, name, kind: 'public', notes: '', source: '', ...more });
const find = (q: string, e: DirectoryEntry) => matchesQuery(e, queryTokens(q));

const lodz = entry('krus-or-lodz', 'Kasa Rolniczego Ubezpieczenia Społecznego Oddział Regionalny w Łodzi');
const czestochowy = entry('um-czestochowa', 'Urząd Miasta Częstochowy');
const krusCzestochowa = entry('krus-or-czestochowa', 'Kasa Rolniczego Ubezpieczenia Społecznego Oddział Regionalny w Częstochowie');
const ruda = entry('um-ruda-slaska', 'Urząd Miasta Ruda Śląska', { town: 'Ruda Śląska' });
const zus = entry('zus', 'Zakład Ubezpieczeń Społecznych', { town: 'Warszawa', epuap: { address: '/ZUS/SkrytkaESP' } });

test('folding drops case and diacritics, Ł and ł included', () => {
  assert.equal(foldForSearch('ŁÓDŹ'), 'lodz');
  assert.equal(foldForSearch('Zażółć gęślą jaźń'), 'zazolc gesla jazn');
  assert.equal(foldForSearch('  Ruda\n Śląska '), 'ruda slaska');
  // Decomposed input (as some keyboards and file systems give it) folds the same way.
  assert.equal(foldForSearch('Cze\u0328stochowa'), 'czestochowa');
});

test('"lodz" finds "Łodzi", "czestochowa" finds "Częstochowy" and "w Częstochowie"', () => {
  assert.ok(find('lodz', lodz));
  assert.ok(find('ŁÓDŹ', lodz));
  assert.ok(find('czestochowa', czestochowy), 'genitive');
  assert.ok(find('czestochowa', krusCzestochowa), 'locative');
  assert.ok(find('Częstochowy', czestochowy));
  assert.ok(find('slaska', ruda));
  assert.ok(find('RUDA śląska', ruda), 'every word must match, in any case');
});

test('the town and the inbox address are searched too', () => {
  assert.ok(find('warszawa', zus));
  assert.ok(find('/zus/skrytkaesp', zus));
  assert.ok(find('skrytkaesp', zus));
});

test('no match when a word is missing; short words are not stemmed', () => {
  assert.equal(find('lodz gdansk', lodz), false);
  assert.equal(find('czestochowa', lodz), false);
  assert.equal(find('gory', entry('x', 'Oddział Regionalny w Zielonej Górze')), false, 'four letters must match as typed');
  assert.equal(find('opolskie', lodz), false);
});

test('an empty query lists everything in Polish alphabetical order; name prefixes rank first', () => {
  const all = [zus, ruda, czestochowy, lodz, krusCzestochowa];
  assert.deepEqual(searchEntries(all, '').map((e) => e.id), ['krus-or-czestochowa', 'krus-or-lodz', 'um-czestochowa', 'um-ruda-slaska', 'zus']);
  assert.deepEqual(searchEntries(all, 'urzad').map((e) => e.id), ['um-czestochowa', 'um-ruda-slaska']);
  assert.deepEqual(searchEntries(all, 'czestochow').map((e) => e.id), ['krus-or-czestochowa', 'um-czestochowa']);
  assert.deepEqual(searchEntries(all, 'zaklad').map((e) => e.id), ['zus']);
  // "Ł" sorts after "L" in Polish, not at the end.
  const order = searchEntries([entry('b', 'Łomża'), entry('a', 'Lublin'), entry('c', 'Mława')], '').map((e) => e.name);
  assert.deepEqual(order, ['Lublin', 'Łomża', 'Mława']);
});
