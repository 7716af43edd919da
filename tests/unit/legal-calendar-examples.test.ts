/**
 * Every worked example of DOMAIN-deadlines.md (§3 holiday table, §6.1 E1–E13, §6.2 C1–C5, §6.3 U1–U2,
 * §6.4 F1–F3 via timeliness) as a table test of the pure legal calendar.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deemedEdoreczenia, deemedEpuap, earliest, endOfDay, eventDate, holidayOn, holidaysOf, interpretations, isClosed, parseInstant,
  rollForward, secondNoticeDate, termEnd, warsawDate, weekday, DEFAULT_DEADLINE_SETTINGS, deadlineSettingsSchema,
} from '../../electron/common/legal-calendar';
import { explainRolls } from '../../electron/common/legal-calendar-texts';
import { filingTimeliness } from '../../electron/common/legal-calendar-filing';

const DAYS14 = { n: 14, unit: 'days' } as const;

describe('legal calendar: statutory holidays (DOMAIN-deadlines §3)', () => {
  const table: Record<string, [string, string, string]> = {
    newYear: ['2025-01-01', '2026-01-01', '2027-01-01'],
    epiphany: ['2025-01-06', '2026-01-06', '2027-01-06'],
    easter: ['2025-04-20', '2026-04-05', '2027-03-28'],
    easterMonday: ['2025-04-21', '2026-04-06', '2027-03-29'],
    labourDay: ['2025-05-01', '2026-05-01', '2027-05-01'],
    constitutionDay: ['2025-05-03', '2026-05-03', '2027-05-03'],
    pentecost: ['2025-06-08', '2026-05-24', '2027-05-16'],
    corpusChristi: ['2025-06-19', '2026-06-04', '2027-05-27'],
    assumption: ['2025-08-15', '2026-08-15', '2027-08-15'],
    allSaints: ['2025-11-01', '2026-11-01', '2027-11-01'],
    independenceDay: ['2025-11-11', '2026-11-11', '2027-11-11'],
    christmasEve: ['2025-12-24', '2026-12-24', '2027-12-24'],
    christmas: ['2025-12-25', '2026-12-25', '2027-12-25'],
    christmas2: ['2025-12-26', '2026-12-26', '2027-12-26'],
  };
  for (const [key, dates] of Object.entries(table)) {
    it(`${key}: ${dates.join(', ')}`, () => {
      for (const d of dates) assert.equal(holidayOn(d)?.key, key, d);
    });
  }
  it('exactly 14 holidays a year from 2025, 13 in 2024 (24 December from 2025)', () => {
    assert.equal(holidaysOf(2024).length, 13);
    for (const year of [2025, 2026, 2027]) assert.equal(holidaysOf(year).length, 14, String(year));
    assert.equal(holidayOn('2024-12-24'), null);
    assert.equal(holidayOn('2025-12-24')?.key, 'christmasEve');
  });
  it('Easter dates 2019–2030 (Gregorian computus)', () => {
    const easter = ['2019-04-21', '2020-04-12', '2021-04-04', '2022-04-17', '2023-04-09', '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16', '2029-04-01', '2030-04-21'];
    for (const d of easter) assert.equal(holidayOn(d)?.key, 'easter', d);
  });
  it('not holidays: Good Friday, Holy Saturday, 2 May, 31 December, Friday after Corpus Christi', () => {
    for (const d of ['2025-04-18', '2025-04-19', '2026-05-02', '2026-12-31', '2026-06-05']) assert.equal(holidayOn(d), null, d);
    assert.equal(isClosed('2026-06-05'), false);
    assert.equal(isClosed('2026-05-02'), true, 'a Saturday');
  });
  it('weekdays of the table', () => {
    assert.equal(weekday('2027-01-01'), 5);
    assert.equal(weekday('2026-08-15'), 6);
    assert.equal(weekday('2025-11-01'), 6);
  });
  it('settings may add and remove days (P6)', () => {
    const settings = deadlineSettingsSchema.parse({ calendar: { extraHolidays: [{ date: '2026-06-05', name: 'Nowe święto' }], removedHolidays: ['2026-06-04'] } });
    assert.equal(isClosed('2026-06-05', settings), true);
    assert.equal(isClosed('2026-06-04', settings), false);
  });
});

interface EdRow {
  id: string; instant: string; d: string; l: string; rolls: string[];
  statute: [string, string]; r13: [string, string]; noRoll: [string, string]; earliest: string;
}
const E: EdRow[] = [
  { id: 'E1', instant: '2026-01-13T23:30:00Z', d: '2026-01-14', l: '2026-01-28', rolls: [], statute: ['2026-01-29', '2026-02-12'], r13: ['2026-01-28', '2026-02-11'], noRoll: ['2026-01-29', '2026-02-12'], earliest: '2026-02-11' },
  { id: 'E2', instant: '2026-03-22T23:30:00Z', d: '2026-03-23', l: '2026-04-07', rolls: ['2026-04-06'], statute: ['2026-04-08', '2026-04-22'], r13: ['2026-04-07', '2026-04-21'], noRoll: ['2026-04-07', '2026-04-21'], earliest: '2026-04-21' },
  { id: 'E3', instant: '2025-04-05T09:00:00Z', d: '2025-04-05', l: '2025-04-22', rolls: ['2025-04-19', '2025-04-20', '2025-04-21'], statute: ['2025-04-23', '2025-05-07'], r13: ['2025-04-22', '2025-05-06'], noRoll: ['2025-04-20', '2025-05-05'], earliest: '2025-05-05' },
  { id: 'E4', instant: '2026-05-21T08:00:00Z', d: '2026-05-21', l: '2026-06-05', rolls: ['2026-06-04'], statute: ['2026-06-06', '2026-06-22'], r13: ['2026-06-05', '2026-06-19'], noRoll: ['2026-06-05', '2026-06-19'], earliest: '2026-06-19' },
  { id: 'E5', instant: '2026-04-17T10:00:00Z', d: '2026-04-17', l: '2026-05-04', rolls: ['2026-05-01', '2026-05-02', '2026-05-03'], statute: ['2026-05-05', '2026-05-19'], r13: ['2026-05-04', '2026-05-18'], noRoll: ['2026-05-02', '2026-05-18'], earliest: '2026-05-18' },
  { id: 'E6', instant: '2027-04-17T10:00:00Z', d: '2027-04-17', l: '2027-05-04', rolls: ['2027-05-01', '2027-05-02', '2027-05-03'], statute: ['2027-05-05', '2027-05-19'], r13: ['2027-05-04', '2027-05-18'], noRoll: ['2027-05-02', '2027-05-17'], earliest: '2027-05-17' },
  { id: 'E7', instant: '2026-10-27T23:15:00Z', d: '2026-10-28', l: '2026-11-12', rolls: ['2026-11-11'], statute: ['2026-11-13', '2026-11-27'], r13: ['2026-11-12', '2026-11-26'], noRoll: ['2026-11-12', '2026-11-26'], earliest: '2026-11-26' },
  { id: 'E8', instant: '2025-12-10T12:00:00Z', d: '2025-12-10', l: '2025-12-29', rolls: ['2025-12-24', '2025-12-25', '2025-12-26', '2025-12-27', '2025-12-28'], statute: ['2025-12-30', '2026-01-13'], r13: ['2025-12-29', '2026-01-12'], noRoll: ['2025-12-25', '2026-01-08'], earliest: '2026-01-08' },
  { id: 'E9', instant: '2026-12-08T15:00:00Z', d: '2026-12-08', l: '2026-12-22', rolls: [], statute: ['2026-12-23', '2027-01-07'], r13: ['2026-12-22', '2027-01-05'], noRoll: ['2026-12-23', '2027-01-07'], earliest: '2027-01-05' },
  { id: 'E10', instant: '2026-12-18T12:00:00Z', d: '2026-12-18', l: '2027-01-04', rolls: ['2027-01-01', '2027-01-02', '2027-01-03'], statute: ['2027-01-05', '2027-01-19'], r13: ['2027-01-04', '2027-01-18'], noRoll: ['2027-01-02', '2027-01-18'], earliest: '2027-01-18' },
  { id: 'E11', instant: '2026-02-06T12:00:00Z', d: '2026-02-06', l: '2026-02-20', rolls: [], statute: ['2026-02-21', '2026-03-09'], r13: ['2026-02-20', '2026-03-06'], noRoll: ['2026-02-21', '2026-03-09'], earliest: '2026-03-06' },
  { id: 'E12', instant: '2026-08-01T07:00:00Z', d: '2026-08-01', l: '2026-08-17', rolls: ['2026-08-15', '2026-08-16'], statute: ['2026-08-18', '2026-09-01'], r13: ['2026-08-17', '2026-08-31'], noRoll: ['2026-08-16', '2026-08-31'], earliest: '2026-08-31' },
  { id: 'E13', instant: '2026-10-24T22:30:00Z', d: '2026-10-25', l: '2026-11-09', rolls: ['2026-11-08'], statute: ['2026-11-10', '2026-11-24'], r13: ['2026-11-09', '2026-11-23'], noRoll: ['2026-11-09', '2026-11-23'], earliest: '2026-11-23' },
];

describe('legal calendar: e-Doręczenia deemed delivery (§6.1 E1–E13)', () => {
  for (const row of E) {
    it(`${row.id}: D.1 ${row.instant} → statute ${row.statute.join(' / ')}`, () => {
      const d = eventDate(row.instant);
      assert.equal(d, row.d, 'Warsaw arrival date');
      const statute = deemedEdoreczenia(row.d, 'statute');
      assert.equal(statute.lastCollectionDay, row.l, 'L');
      assert.deepEqual(statute.rolls.map((r) => r.from), row.rolls, 'rolled days');
      const modes = { statute: row.statute, operatorR13: row.r13, statuteNoRoll: row.noRoll } as const;
      for (const [mode, [delta, appeal]] of Object.entries(modes)) {
        const delivery = deemedEdoreczenia(row.d, mode as keyof typeof modes);
        assert.equal(delivery.date, delta, `${mode} δ`);
        assert.equal(termEnd(delivery.date, DAYS14).date, appeal, `${mode} appeal`);
      }
      const all = interpretations('edoreczenia', row.d, DAYS14);
      assert.equal(earliest(all.map((i) => i.term!.date)), row.earliest, 'earliest appeal');
    });
  }
  it('E1/E7 time-zone traps: the UTC date would be a day early', () => {
    assert.equal('2026-01-13T23:30:00Z'.slice(0, 10), '2026-01-13');
    assert.equal(warsawDate(parseInstant('2026-10-27T23:15:00Z')!), '2026-10-28');
  });
  it('E8 counter-check with the pre-2025 calendar: 2024-12-24 was a working day', () => {
    const r = deemedEdoreczenia('2024-12-10', 'statute');
    assert.equal(r.lastCollectionDay, '2024-12-24');
    assert.equal(r.date, '2024-12-25');
  });
  it('P2 off: the collection period does not roll', () => {
    const settings = deadlineSettingsSchema.parse({ edoreczenia: { rollCollectionTerm: false } });
    assert.equal(deemedEdoreczenia('2026-05-21', 'statute', settings).date, '2026-06-05');
  });
  it('accepts the contract form "YYYY-MM-DD HH:MM:SS+00:00" and refuses an instant without offset', () => {
    assert.equal(eventDate('2026-01-13 23:30:00+00:00'), '2026-01-14');
    assert.equal(eventDate('2026-01-13T23:30:00'), null);
    assert.equal(eventDate('2026-02-30'), null);
  });
  it('explains the E8 roll-forward in pl/en/uk', () => {
    const { rolls } = deemedEdoreczenia('2025-12-10', 'statute');
    assert.equal(explainRolls(rolls, 'en'),
      '24.12.2025 is a statutory holiday (Christmas Eve), 25.12.2025 is a statutory holiday (Christmas Day), 26.12.2025 is a statutory holiday (Second Day of Christmas), 27.12.2025 is a Saturday, 28.12.2025 is a Sunday → 29.12.2025 (Mon)');
    assert.match(explainRolls(rolls, 'pl'), /^24\.12\.2025 to dzień ustawowo wolny \(Wigilia Bożego Narodzenia\).*27\.12\.2025 to sobota.* → 29\.12\.2025 \(pon\.\)$/);
    assert.match(explainRolls(rolls, 'uk'), /27\.12\.2025 — субота.* → 29\.12\.2025 \(пн\)$/);
    assert.equal(explainRolls([], 'pl'), 'dzień roboczy — bez przesunięcia');
  });
});

describe('legal calendar: terms after an actual delivery (§6.2 C1–C5)', () => {
  const C: { id: string; event: string; delivery: string; length: { n: number; unit: 'days' | 'weeks' | 'months' }; nominal: string; end: string }[] = [
    { id: 'C1', event: '2026-12-18T20:40:00Z', delivery: '2026-12-18', length: DAYS14, nominal: '2027-01-01', end: '2027-01-04' },
    { id: 'C2', event: '2025-04-18T08:00:00Z', delivery: '2025-04-18', length: DAYS14, nominal: '2025-05-02', end: '2025-05-02' },
    { id: 'C3', event: '2026-04-24T09:00:00Z', delivery: '2026-04-24', length: { n: 7, unit: 'days' }, nominal: '2026-05-01', end: '2026-05-04' },
    { id: 'C4', event: '2026-11-13', delivery: '2026-11-13', length: { n: 30, unit: 'days' }, nominal: '2026-12-13', end: '2026-12-14' },
    { id: 'C5', event: '2026-01-31', delivery: '2026-01-31', length: { n: 1, unit: 'months' }, nominal: '2026-02-28', end: '2026-03-02' },
  ];
  for (const row of C) {
    it(`${row.id}: ${row.event} + ${row.length.n} ${row.length.unit} → ${row.end}`, () => {
      assert.equal(eventDate(row.event), row.delivery);
      const r = termEnd(row.delivery, row.length);
      assert.equal(r.rolls[0]?.from ?? r.date, row.nominal);
      assert.equal(r.date, row.end);
    });
  }
  it('weeks end on the same weekday (KPA 57 §2)', () => {
    assert.equal(termEnd('2026-11-11', { n: 2, unit: 'weeks' }).date, '2026-11-25');
  });
  it('rollForward of a working day is a no-op', () => {
    assert.deepEqual(rollForward('2026-06-22'), { date: '2026-06-22', rolls: [] });
  });
});

describe('legal calendar: legacy ePUAP deemed delivery (§6.3 U1–U2)', () => {
  const U = [
    { id: 'U1', instant: '2025-12-11T08:00:00Z', n: '2025-12-11', second: '2025-12-18', t0: '2025-12-25', day14: ['2025-12-25', '2026-01-08'], dayAfter: ['2025-12-26', '2026-01-09'], rollDayAfter: ['2025-12-30', '2026-01-13'], earliest: '2026-01-08' },
    { id: 'U2', instant: '2025-06-05T07:00:00Z', n: '2025-06-05', second: '2025-06-12', t0: '2025-06-19', day14: ['2025-06-19', '2025-07-03'], dayAfter: ['2025-06-20', '2025-07-04'], rollDayAfter: ['2025-06-21', '2025-07-07'], earliest: '2025-07-03' },
  ];
  for (const row of U) {
    it(`${row.id}: first notice ${row.instant}`, () => {
      assert.equal(eventDate(row.instant), row.n);
      assert.equal(secondNoticeDate(row.n), row.second);
      for (const mode of ['day14', 'dayAfter', 'rollDayAfter'] as const) {
        const delivery = deemedEpuap(row.n, mode);
        assert.equal(delivery.date, row[mode][0], `${mode} δ`);
        assert.equal(termEnd(delivery.date, DAYS14).date, row[mode][1], `${mode} appeal`);
      }
      assert.equal(deemedEpuap(row.n, 'day14').lastCollectionDay, row.t0);
      assert.equal(earliest(interpretations('epuap', row.n, DAYS14).map((i) => i.term!.date)), row.earliest);
      assert.equal(DEFAULT_DEADLINE_SETTINGS.epuap.deemedMode, 'dayAfter');
    });
  }
});

describe('legal calendar: timeliness of the user\'s filing (§6.4 F1–F3)', () => {
  const deadline = '2026-06-22';
  it('end instant is 23:59:59.999 Warsaw (summer time)', () => {
    assert.equal(endOfDay(deadline).toISOString(), '2026-06-22T21:59:59.999Z');
    assert.equal(endOfDay('2026-01-12').toISOString(), '2026-01-12T22:59:59.999Z');
  });
  it('F1: A.1 before the end, D.1 5 s after → timely by submission, 5 s late by arrival (at risk)', () => {
    const events = { submittedAt: '2026-06-22T21:58:31Z', arrivedAt: '2026-06-22T22:00:05Z' };
    const byArrival = filingTimeliness(deadline, events, 'arrival');
    assert.equal(byArrival.status, 'late');
    assert.equal(byArrival.marginMs, -5_001);
    assert.equal(byArrival.atRisk, true);
    const bySubmission = filingTimeliness(deadline, events, 'submission');
    assert.equal(bySubmission.status, 'timely');
    assert.equal(bySubmission.atRisk, true, 'the anchors disagree (P4)');
  });
  it('F2: both before the end → timely under both anchors', () => {
    const events = { submittedAt: '2026-06-22T20:00:00Z', arrivedAt: '2026-06-22T20:00:03Z' };
    for (const anchor of ['arrival', 'submission'] as const) {
      const r = filingTimeliness(deadline, events, anchor);
      assert.equal(r.status, 'timely');
      assert.equal(r.atRisk, false);
    }
  });
  it('F3: ePUAP UPP DataDoreczenia 23:59:58+02:00 keeps the term (KPA 57 §5)', () => {
    const r = filingTimeliness(deadline, { uppAt: '2026-06-22T23:59:58+02:00' }, 'arrival');
    assert.equal(r.status, 'timely');
    assert.match(r.basis, /KPA art\. 57 §5/);
  });
  it('no evidence yet → open', () => {
    assert.equal(filingTimeliness(deadline, {}, 'arrival').status, 'open');
  });
});
