import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeTexts, PARTS, RESOURCES, type Texts } from '../../renderer/i18n/resources';

function leaves(t: Texts, path = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${path}${k}`] : leaves(v, `${path}${k}.`)));
}

test('Polish, English and Ukrainian have the same keys, none empty', () => {
  const pl = leaves(RESOURCES.pl).sort();
  assert.ok(pl.length > 100);
  for (const lang of ['en', 'uk'] as const) {
    assert.deepEqual(leaves(RESOURCES[lang]).sort(), pl, `${lang} differs from pl`);
  }
  for (const lang of ['pl', 'en', 'uk'] as const) {
    const flat = leaves(RESOURCES[lang]);
    for (const key of flat) {
      const value = key.split('.').reduce<Texts | string>((t, k) => (t as Texts)[k]!, RESOURCES[lang]);
      assert.ok(typeof value === 'string' && value.trim().length > 0, `${lang}: ${key} is empty`);
    }
  }
});

test('no area redefines a key another part already has', () => {
  for (const lang of ['pl', 'en', 'uk'] as const) {
    const clashes: string[] = [];
    mergeTexts(PARTS[lang], clashes);
    assert.deepEqual(clashes, [], `${lang}: ${clashes.join(', ')}`);
  }
});

test('a clash between two parts is reported, nested objects merge', () => {
  const clashes: string[] = [];
  const merged = mergeTexts([{ a: { b: 'x' } }, { a: { c: 'y' } }, { a: { b: 'z' } }], clashes);
  assert.deepEqual(merged, { a: { b: 'z', c: 'y' } });
  assert.deepEqual(clashes, ['a.b']);
});
