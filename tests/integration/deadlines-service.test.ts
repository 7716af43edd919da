/**
 * The deadline register on a real SQLite file with a simulated clock: an ePUAP `dorecz` letter served
 * by the user's office goes notice → second notice → deemed delivery (the events an ePUAP simulator's
 * doręczyciel produces; ours is driven directly until the simulator has `dorecz`); an incoming
 * e-Doręczenia letter is collected on day 3 after the warning; a term follows with its roll-forward;
 * the UPP keeps the term; the scheduler raises each reminder once — across sleep and a restart — and
 * the .ics export parses with an independent RFC 5545 parser (ical.js).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ICAL from 'ical.js';
import { migrate, openAppDatabase, schemaVersion, type Db } from '../../electron/node/db/database';
import { openDatabase } from '../../native/sqlite';
import { createDeadlinesService, type Reminder } from '../../electron/node/deadlines/deadlines-service';
import { exportIcs } from '../../electron/node/deadlines/ics';
import { createDeadlineScheduler, type SchedulerTimers } from '../../electron/node/deadlines/scheduler';
import { silentLogger } from '../../electron/node/logger';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function open(dir?: string) {
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'nadawca-deadlines-'));
  if (!dir) dirs.push(dataDir);
  const db: Db = openAppDatabase(dataDir);
  const clock = { now: new Date('2025-12-11T08:00:00Z') };
  let uppAt: string | null = null;
  const service = createDeadlinesService({
    db, clock: () => clock.now, lang: () => 'pl', logger: silentLogger,
    filingInstants: () => ({ uppAt }),
  });
  return { dataDir, db, clock, service, setUpp: (v: string | null) => { uppAt = v; } };
}

/** Timers under test control: they never fire by themselves; `fire()` runs the pending one. */
function fakeTimers() {
  let pending: { fn: () => void; ms: number } | null = null;
  const timers: SchedulerTimers = {
    setTimeout: (fn, ms) => { pending = { fn, ms }; return pending; },
    clearTimeout: (h) => { if (pending === h) pending = null; },
  };
  return { timers, wait: () => pending?.ms ?? null, fire: () => { const p = pending; pending = null; p?.fn(); } };
}

describe('deadlines: letters served by ePUAP dorecz (U1)', () => {
  it('notice → second notice → deemed delivery, each step in the item history', () => {
    const { service, clock } = open();
    const first = service.recordDeliveryEvent({ filingId: 'f-1', kind: 'dorecz.notice1', at: '2025-12-11T08:00:00Z', title: 'Decyzja ZN.1', counterparty: 'Jan Kowalski' });
    assert.equal(first.role, 'served');
    assert.equal(first.window.state, 'open');
    assert.deepEqual(first.window.secondNotice, { due: '2025-12-18', sentAt: null });
    assert.equal(first.window.daysLeft, 14);

    clock.now = new Date('2025-12-18T08:00:00Z');
    const second = service.recordDeliveryEvent({ filingId: 'f-1', kind: 'dorecz.notice2', at: '2025-12-18T08:00:00Z' });
    assert.equal(second.window.secondNotice!.sentAt, '2025-12-18T08:00:00Z');
    assert.equal(second.window.daysLeft, 7);
    // The same event reported twice is stored once.
    service.recordDeliveryEvent({ filingId: 'f-1', kind: 'dorecz.notice2', at: '2025-12-18T08:00:00Z' });

    clock.now = new Date('2025-12-25T22:59:59.999Z'); // 23:59:59.999 Warsaw on T0
    assert.equal(service.item(first.id).window.state, 'open');
    clock.now = new Date('2025-12-25T23:00:00Z');
    const deemed = service.item(first.id);
    assert.equal(deemed.window.state, 'deemed');
    assert.deepEqual(deemed.window.delivery, { date: '2025-12-26', kind: 'deemed', source: null, basis: 'KPA art. 46 §6 (brzmienie do 4.10.2021): po upływie 14 dni' });
    assert.deepEqual(deemed.events.map((e) => e.kind), ['dorecz.notice1', 'dorecz.notice2', 'delivery.deemed']);
    assert.match(deemed.events[2]!.detail!, /"date":"2025-12-26"/);

    // The UPD the system generates arrives and overrides the computed date (§4.3 pt 4).
    const upd = service.recordDeliveryEvent({ filingId: 'f-1', kind: 'dorecz.upd', at: '2025-12-26T00:00:01+01:00', deemed: true });
    assert.equal(upd.window.delivery!.source, 'upd');
    assert.equal(upd.window.delivery!.date, '2025-12-26');
  });
});

describe('deadlines: incoming letters, terms, timeliness', () => {
  it('an e-Doręczenia letter awaiting collection, collected on day 3 after the warning; the appeal term follows', async () => {
    const { service, clock, setUpp } = open();
    clock.now = new Date('2026-05-21T08:00:00Z');
    const item = service.recordDeliveryEvent({ messageId: 'm-7', channel: 'edoreczenia', kind: 'D.1', at: '2026-05-21T08:00:00Z', title: 'Decyzja o podatku', counterparty: 'Urząd Skarbowy' });
    assert.equal(item.role, 'incoming');
    assert.equal(item.window.daysLeft, 15);
    assert.equal(item.window.explanation, '04.06.2026 to dzień ustawowo wolny (Boże Ciało) → 05.06.2026 (pt.)');

    const term = service.addTerm({ itemId: item.id, preset: 'appeal', label: 'Odwołanie od decyzji' });
    assert.equal(term.startKind, 'provisional');
    assert.equal(term.lastDay, '2026-06-22', 'statute: δ 06-06 + 14 → Sat 06-20 → Mon 06-22');
    assert.equal(term.fileBy, '2026-06-19', 'earliest interpretation');

    await assert.rejects(service.collect(item.id), (e: { code?: string }) => e.code === 'COLLECT_UNAVAILABLE');
    clock.now = new Date('2026-05-24T07:30:00Z');
    service.registerIncomingSource({ channel: 'edoreczenia', collect: async (id) => { assert.equal(id, 'm-7'); return { collectedAt: clock.now.toISOString() }; } });
    const collected = await service.collect(item.id);
    assert.equal(collected.window.state, 'collected');
    assert.equal(collected.window.delivery!.date, '2026-05-24');

    const after = service.term(term.id);
    assert.deepEqual([after.startKind, after.start, after.lastDay, after.fileBy], ['actual', '2026-05-24', '2026-06-08', '2026-06-08']);
    assert.equal(after.interpretations.length, 0);

    const linked = service.linkFiling(term.id, 'filing-9');
    assert.equal(linked.timeliness.status, 'open');
    setUpp('2026-06-08T23:59:58'); // UPP DataDoreczenia: Warsaw time without zone, as ePUAP writes it
    assert.deepEqual(service.term(term.id).timeliness, { status: 'timely', at: '2026-06-08T21:59:58.000Z', atRisk: false, basis: 'KPA art. 57 §5 (UPP, DataDoreczenia)' });
    setUpp('2026-06-09T00:00:01+02:00');
    assert.equal(service.term(term.id).timeliness.status, 'late');
  });

  it('suggests 7/14/30 days and a custom term with the roll-forward explained', () => {
    const { service } = open();
    const s = service.suggest('2026-12-18', { n: 1, unit: 'months' });
    assert.deepEqual(s.map((x) => [x.preset, x.lastDay]), [['appeal', '2027-01-04'], ['complaint', '2026-12-28'], ['restoration', '2026-12-28'], ['wsa', '2027-01-18'], ['custom', '2027-01-18']]);
    assert.equal(s[0]!.explanation, '01.01.2027 to dzień ustawowo wolny (Nowy Rok), 02.01.2027 to sobota, 03.01.2027 to niedziela → 04.01.2027 (pon.)');
  });

  it('settings are stored with an audit trail and re-compute open deadlines', () => {
    const { service, db } = open();
    const t = service.addTerm({ startDate: '2026-05-21', preset: 'custom', n: 14, unit: 'days', label: 'x' });
    assert.equal(t.lastDay, '2026-06-05');
    service.saveSettings({ calendar: { removedHolidays: ['2026-06-04'] } });
    assert.equal(service.term(t.id).lastDay, '2026-06-04');
    assert.equal(service.settings().edoreczenia.deemedMode, 'statute');
    assert.equal((db.prepare('SELECT count(*) AS n FROM deadline_settings_audit').get() as { n: number }).n, 1);
  });
});

describe('deadlines: the scheduler (fake clock and timers)', () => {
  it('raises N days before and on the last day, once each, catches up after sleep and survives a restart', () => {
    const first = open();
    const { service, clock } = first;
    clock.now = new Date('2026-06-10T08:00:00Z');
    service.addTerm({ startDate: '2026-06-08', preset: 'appeal', label: 'Odwołanie' }); // last day Mon 2026-06-22
    const shown: Reminder[] = [];
    const t = fakeTimers();
    const scheduler = createDeadlineScheduler({
      clock: () => clock.now, takeDue: service.takeDue, nextDueAt: service.nextDueAt, notify: (r) => shown.push(r),
      logger: silentLogger, timers: t.timers, maxSleepMs: 60_000,
    });
    assert.equal(scheduler.start(), 0);
    assert.equal(t.wait(), 60_000, 'looks again within a minute');

    // 3 days before, 09:00 Warsaw: Fri 2026-06-19 07:00Z.
    clock.now = new Date('2026-06-19T07:00:00Z');
    t.fire();
    assert.deepEqual(shown.map((r) => [r.target, r.daysBefore]), [['2026-06-22', 3]]);
    assert.equal(shown[0]!.body, 'Za 3 dni upływa termin „Odwołanie” (22.06.2026)');
    t.fire();
    assert.equal(shown.length, 1, 'never twice');

    // The computer sleeps through the 1-day reminder; on wake the last-day one is due: only it is shown.
    clock.now = new Date('2026-06-22T10:00:00Z');
    assert.equal(scheduler.wake(), 1);
    assert.deepEqual(shown.map((r) => r.daysBefore), [3, 0]);
    assert.equal(shown[1]!.body, 'Dziś ostatni dzień terminu „Odwołanie”');
    scheduler.stop();

    // A restart on the same database raises nothing again.
    first.db.close();
    const again = open(first.dataDir);
    again.clock.now = new Date('2026-06-22T12:00:00Z');
    assert.deepEqual(again.service.takeDue(again.clock.now), []);
    // After the end of the last day nothing is raised late.
    again.clock.now = new Date('2026-06-23T09:00:00Z');
    assert.deepEqual(again.service.takeDue(again.clock.now), []);
    again.db.close();
  });

  it('sleeps until the next reminder (at most maxSleepMs); a failing notification does not stop the others', () => {
    const { service, clock } = open();
    clock.now = new Date('2026-06-19T06:59:30Z'); // 30 s before the 3-day reminder of a term ending 06-22
    service.addTerm({ startDate: '2026-06-08', preset: 'appeal', label: 'early' });
    service.addTerm({ startDate: '2026-06-08', preset: 'wsa', label: 'A' }); // ends 2026-07-08
    service.addTerm({ startDate: '2026-06-08', preset: 'wsa', label: 'B' });
    const t = fakeTimers();
    const shown: string[] = [];
    const scheduler = createDeadlineScheduler({
      clock: () => clock.now, takeDue: service.takeDue, nextDueAt: service.nextDueAt, logger: silentLogger, timers: t.timers,
      notify: (r) => { shown.push(r.title); if (r.title === 'A') throw new Error('no notification daemon'); },
    });
    scheduler.start();
    assert.equal(t.wait(), 30_000);
    clock.now = new Date('2026-07-08T07:00:00Z'); // long sleep: the early term has passed, A's and B's last day is today
    t.fire();
    assert.deepEqual(shown.sort(), ['A', 'B'], 'A failed to show, B still shown; nothing for the passed term');
    assert.equal(scheduler.wake(), 0, 'nothing new is due');
    scheduler.stop();
    assert.equal(t.wait(), null);
  });

  it('a letter awaiting collection is reminded before its last collection day', () => {
    const { service, clock } = open();
    clock.now = new Date('2026-05-21T08:00:00Z');
    service.recordDeliveryEvent({ messageId: 'm-1', channel: 'edoreczenia', kind: 'D.1', at: '2026-05-21T08:00:00Z', title: 'Wezwanie' });
    assert.equal(service.nextDueAt(clock.now)!.toISOString(), '2026-06-02T07:00:00.000Z', '3 days before 06-05 at 09:00 Warsaw');
    clock.now = new Date('2026-06-05T07:00:00Z');
    const due = service.takeDue(clock.now);
    assert.deepEqual(due.map((r) => [r.kind, r.daysBefore]), [['collection', 0]]);
    assert.match(due[0]!.body, /^Dziś ostatni dzień na odbiór pisma „Wezwanie”/);
  });
});

describe('deadlines: iCalendar export', () => {
  it('writes RFC 5545 all-day events with alarms that ical.js reads back', () => {
    const { service, clock } = open();
    clock.now = new Date('2026-05-21T08:00:00Z');
    service.addTerm({ startDate: '2026-12-18', preset: 'appeal', label: 'Odwołanie; „test”, długi tytuł ' + 'x'.repeat(80) });
    service.recordDeliveryEvent({ messageId: 'm-2', channel: 'edoreczenia', kind: 'D.1', at: '2026-05-21T08:00:00Z', title: 'Wezwanie' });
    const text = exportIcs(service, 'pl', clock.now);
    assert.ok(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'lines folded at 75 octets');
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    assert.deepEqual(events.map((e) => [e.startDate.toString(), e.startDate.isDate]), [['2027-01-04', true], ['2026-06-05', true]]);
    assert.match(events[0]!.summary, /^Termin „Odwołanie; „test”, długi tytuł x+” upływa 04\.01\.2027$/);
    assert.deepEqual(cal.getAllSubcomponents('vevent')[0]!.getAllSubcomponents('valarm').map((a) => a.getFirstPropertyValue('trigger')!.toString()), ['-P3D', '-P1D']);
  });
});

describe('deadlines: migration 007', () => {
  it('creates the tables from schema 6; events are append-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nadawca-m7-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'nadawca.sqlite'));
    migrate(db, 6);
    assert.equal(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'deadline_%'").pluck().get(), 0);
    migrate(db, 7);
    assert.equal(schemaVersion(db), 7);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'deadline_%' ORDER BY name").pluck().all();
    assert.deepEqual(tables, ['deadline_events', 'deadline_items', 'deadline_reminders', 'deadline_settings', 'deadline_settings_audit', 'deadline_terms']);
    db.prepare("INSERT INTO deadline_items (id, role, channel, message_id, title, counterparty, public_sender, created_at) VALUES ('i', 'incoming', 'epuap', 'm', 't', 'c', 1, 'now')").run();
    db.prepare("INSERT INTO deadline_events (item_id, kind, at, recorded_at) VALUES ('i', 'dorecz.notice1', '2026-01-01T00:00:00Z', 'now')").run();
    assert.throws(() => db.prepare("UPDATE deadline_events SET at = 'x'").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM deadline_events').run(), /append-only/);
    assert.throws(() => db.prepare("INSERT INTO deadline_items (id, role, channel, title, counterparty, public_sender, created_at) VALUES ('j', 'incoming', 'epuap', 't', 'c', 1, 'now')").run(), /CHECK/);
    migrate(db);
    db.close();
  });
});
