/**
 * Property tests (fast-check) of the legal calendar: a computed last day is never a Saturday, Sunday or
 * holiday; it is monotonic in the event date; and nothing depends on the process time zone. The file
 * runs itself again in child processes under several TZ values and compares their digests with this
 * process's (each child also checks the properties); NADAWCA_TZ_CHILD marks a child.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDays, closedReason, deemedEdoreczenia, deemedEpuap, EDORECZENIA_MODES, endOfDay, EPUAP_MODES, eventDate, fromDayNumber,
  dayNumber, termEnd, type LocalDate, type TermUnit,
} from '../../electron/common/legal-calendar';

const FIRST = dayNumber('2017-01-01');
const LAST = dayNumber('2035-12-31');
const dateArb = fc.integer({ min: FIRST, max: LAST }).map(fromDayNumber);
const lengthArb = fc.record({ n: fc.integer({ min: 1, max: 60 }), unit: fc.constantFrom<TermUnit>('days', 'weeks', 'months') });
const SEED = 20261123;

describe(`legal calendar properties (TZ=${process.env.TZ ?? 'unset'})`, () => {
  it('a last day of a term is never a Saturday, Sunday or holiday', () => {
    fc.assert(fc.property(dateArb, lengthArb, (start, length) => closedReason(termEnd(start, length).date) === null), { seed: SEED, numRuns: 2000 });
  });

  it('the collection period end (L) and the rolled ePUAP day are working days; δ follows them', () => {
    fc.assert(fc.property(dateArb, (d) => {
      const statute = deemedEdoreczenia(d, 'statute');
      const r13 = deemedEdoreczenia(d, 'operatorR13');
      return closedReason(statute.lastCollectionDay!) === null && statute.date === addDays(r13.date, 1)
        && closedReason(deemedEpuap(d, 'rollDayAfter').lastCollectionDay!) === null;
    }), { seed: SEED, numRuns: 1000 });
  });

  it('monotonic in the event date: a later event never gives an earlier date', () => {
    fc.assert(fc.property(dateArb, fc.integer({ min: 0, max: 40 }), lengthArb, (a, gap, length) => {
      const b = addDays(a, gap);
      if (termEnd(a, length).date > termEnd(b, length).date) return false;
      for (const mode of EDORECZENIA_MODES) if (deemedEdoreczenia(a, mode).date > deemedEdoreczenia(b, mode).date) return false;
      for (const mode of EPUAP_MODES) if (deemedEpuap(a, mode).date > deemedEpuap(b, mode).date) return false;
      return true;
    }), { seed: SEED, numRuns: 1000 });
  });

  it('the Warsaw date of an instant is the date of its Warsaw wall clock (never the UTC date)', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(2017, 0, 1), max: Date.UTC(2035, 11, 31) }), (ms) => {
      const d = eventDate(new Date(ms).toISOString())!;
      return endOfDay(addDays(d, -1)).getTime() < ms && ms <= endOfDay(d).getTime();
    }), { seed: SEED, numRuns: 2000 });
  });

  it('gives the same results under every process time zone', { skip: process.env.NADAWCA_TZ_CHILD === '1', timeout: 300_000 }, () => {
    const here = digest();
    // A test runner's child would otherwise report to its parent instead of printing TAP.
    const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
    for (const tz of ['UTC', 'Europe/Warsaw', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', __filename], {
        env: { ...env, TZ: tz, NADAWCA_TZ_CHILD: '1' }, encoding: 'utf8', timeout: 120_000,
      });
      assert.match(out, /# fail 0/, `${tz}: the properties hold`);
      assert.equal(/DIGEST (\w+)/.exec(out)?.[1], here, `${tz}: same results as TZ=${process.env.TZ ?? 'unset'}`);
    }
  });
});

/** Every rule over every day of 2024–2028 at instants around midnight and DST changes, hashed. */
function digest(): string {
  const hash = createHash('sha256');
  for (let n = dayNumber('2024-01-01'); n <= dayNumber('2028-12-31'); n++) {
    const d: LocalDate = fromDayNumber(n);
    for (const hhmm of ['T00:30:00Z', 'T22:30:00Z', 'T23:30:00Z']) hash.update(eventDate(d + hhmm)!);
    for (const mode of EDORECZENIA_MODES) hash.update(deemedEdoreczenia(d, mode).date);
    for (const mode of EPUAP_MODES) hash.update(deemedEpuap(d, mode).date);
    hash.update(termEnd(d, { n: 14, unit: 'days' }).date + termEnd(d, { n: 1, unit: 'months' }).date + endOfDay(d).toISOString());
  }
  return hash.digest('hex');
}

if (process.env.NADAWCA_TZ_CHILD === '1') {
  it('digest', () => {
    console.log(`DIGEST ${digest()}`);
  });
}
