/** The outbox/register contract and the register's pure helpers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelSchema, FILING_STATES } from '../../electron/common/contract';
import { REGISTER_CHANNELS, REGISTER_STATES, registerQuerySchema } from '../../electron/common/contract-outbox';
import { ftsQuery } from '../../electron/node/register/register';
import { JOURNAL_HEADERS } from '../../electron/node/register/journal-headers';
import { retryDelayMs } from '../../electron/node/outbox/outbox';
import { pullDigest } from '../../electron/node/epuap/pull-soap';

test('contract-outbox repeats the filing states and channels of contract.ts exactly', () => {
  assert.deepEqual([...REGISTER_STATES], [...FILING_STATES]);
  assert.deepEqual([...REGISTER_CHANNELS], channelSchema.options);
});

test('register queries: defaults, limits, and unknown fields refused', () => {
  assert.deepEqual(registerQuerySchema.parse({}), { sort: 'created', direction: 'desc', offset: 0, limit: 100 });
  assert.throws(() => registerQuerySchema.parse({ limit: 501 }));
  assert.throws(() => registerQuerySchema.parse({ sort: 'rowid; DROP TABLE filings' }));
  assert.throws(() => registerQuerySchema.parse({ text: 'x'.repeat(201) }));
  assert.throws(() => registerQuerySchema.parse({ evil: 1 }));
});

test('full-text input becomes quoted prefix terms; FTS5 operators typed by the user are inert', () => {
  assert.equal(ftsQuery('Zażalenie  ZUS.12'), '"Zażalenie"* "ZUS"* "12"*');
  assert.equal(ftsQuery('a OR b NEAR(c) "d" *'), '"a"* "OR"* "b"* "NEAR"* "c"* "d"*');
  assert.equal(ftsQuery(' -:;" '), null);
});

test('journal headers: same columns in pl, en, uk', () => {
  assert.equal(JOURNAL_HEADERS.pl.length, JOURNAL_HEADERS.en.length);
  assert.equal(JOURNAL_HEADERS.uk.length, JOURNAL_HEADERS.en.length);
  assert.equal(JOURNAL_HEADERS.pl[0], 'Lp.');
});

test('retry back-off: limits and jitter bounds hold for every attempt', () => {
  for (let a = 1; a <= 20; a++) {
    const lo = retryDelayMs(a, () => 0);
    const hi = retryDelayMs(a, () => 0.999999);
    assert.ok(lo >= 24_000 && hi <= 3_600_000 * 1.2, `${a}: ${lo}..${hi}`);
    assert.ok(hi > lo);
  }
});

test('the pull skrot is Base64(SHA-1(content))', () => {
  assert.equal(pullDigest(Buffer.from('abc')), 'qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
});
