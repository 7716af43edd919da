/**
 * Delivery windows as pure functions over events (DOMAIN-deadlines §4.2, §4.3): countdowns, collection
 * before the fiction, deemed delivery, the operator's date (P7), letters from non-public senders.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadlineSettingsSchema, DEFAULT_DEADLINE_SETTINGS } from '../../electron/common/legal-calendar';
import { deliveryWindow, normaliseEventKind, type DeliveryEvent } from '../../electron/common/legal-calendar-windows';

const S = DEFAULT_DEADLINE_SETTINGS;
const ed = (events: DeliveryEvent[], publicSender = true) => ({ channel: 'edoreczenia' as const, publicSender, events });
const ep = (events: DeliveryEvent[]) => ({ channel: 'epuap' as const, publicSender: true, events });

describe('delivery windows: e-Doręczenia (E4: D.1 2026-05-21, L = 2026-06-05)', () => {
  const d1: DeliveryEvent = { kind: 'D1', at: '2026-05-21T08:00:00Z' };
  it('open: counts down to the end of the last collection day', () => {
    const w = deliveryWindow(ed([d1]), S, new Date('2026-06-01T10:00:00Z'));
    assert.equal(w.state, 'open');
    assert.equal(w.lastCollectionDay, '2026-06-05');
    assert.equal(w.daysLeft, 4);
    assert.equal(w.countdownTo, '2026-06-05T21:59:59.999Z');
    assert.equal(w.delivery, null);
    assert.deepEqual(w.interpretations.map((i) => i.date), ['2026-06-06', '2026-06-05', '2026-06-05']);
  });
  it('still open at 23:59 Warsaw on the last day, deemed one millisecond after', () => {
    assert.equal(deliveryWindow(ed([d1]), S, new Date('2026-06-05T21:59:59.999Z')).state, 'open');
    const w = deliveryWindow(ed([d1]), S, new Date('2026-06-05T22:00:00.000Z'));
    assert.equal(w.state, 'deemed');
    assert.deepEqual(w.delivery, { date: '2026-06-06', kind: 'deemed', source: null, basis: w.deemed!.basis });
    assert.match(w.delivery!.basis, /^u\.d\.e\. art\. 41 ust\. 1 pkt 3, art\. 42 ust\. 2/);
    assert.equal(w.reminderDate, '2026-06-05', 'reminders count from the earliest interpretation');
  });
  it('collection on day 3 is the delivery (E.1)', () => {
    const w = deliveryWindow(ed([d1, { kind: 'E1', at: '2026-05-24T07:30:00Z' }]), S, new Date('2026-06-10T00:00:00Z'));
    assert.equal(w.state, 'collected');
    assert.deepEqual(w.delivery, { date: '2026-05-24', kind: 'actual', source: 'E1', basis: 'u.d.e. art. 41 ust. 2, art. 42 ust. 1 pkt 1' });
  });
  it('opening after the fiction changes nothing', () => {
    const w = deliveryWindow(ed([d1, { kind: 'E1', at: '2026-06-10T07:30:00Z' }]), S, new Date('2026-06-10T08:00:00Z'));
    assert.equal(w.state, 'deemed');
    assert.equal(w.delivery!.date, '2026-06-06');
  });
  it('BP.OX with a different receiptDate is shown beside δ and the earlier drives reminders (P7)', () => {
    const w = deliveryWindow(ed([d1, { kind: 'BPOX', at: '2026-06-05T22:00:01Z', receiptDate: '2026-06-05T00:00:00+02:00' }]), deadlineSettingsSchema.parse({ edoreczenia: { enabledModes: ['statute'] } }), new Date('2026-06-07T00:00:00Z'));
    assert.equal(w.delivery!.date, '2026-06-06');
    assert.equal(w.operatorDate, '2026-06-05');
    assert.equal(w.reminderDate, '2026-06-05');
  });
  it('no fiction for letters from non-public senders', () => {
    assert.equal(deliveryWindow(ed([d1], false), S, new Date('2026-07-01T00:00:00Z')).state, 'noFiction');
  });
  it('nothing yet → awaiting', () => {
    assert.equal(deliveryWindow(ed([]), S, new Date()).state, 'awaiting');
  });
});

describe('delivery windows: ePUAP dorecz (U1: first notice 2025-12-11)', () => {
  const n1: DeliveryEvent = { kind: 'notice1', at: '2025-12-11T08:00:00Z' };
  it('second notice due after 7 days; deemed after 14 (dayAfter)', () => {
    const open = deliveryWindow(ep([n1]), S, new Date('2025-12-15T12:00:00Z'));
    assert.equal(open.state, 'open');
    assert.deepEqual(open.secondNotice, { due: '2025-12-18', sentAt: null });
    assert.equal(open.daysLeft, 10);
    const after2 = deliveryWindow(ep([n1, { kind: 'notice2', at: '2025-12-18T08:00:00Z' }]), S, new Date('2025-12-19T12:00:00Z'));
    assert.equal(after2.secondNotice!.sentAt, '2025-12-18T08:00:00Z');
    const deemed = deliveryWindow(ep([n1]), S, new Date('2025-12-26T00:00:00+01:00'));
    assert.equal(deemed.state, 'deemed');
    assert.equal(deemed.delivery!.date, '2025-12-26');
    assert.match(deemed.delivery!.basis, /KPA art\. 46 §6/);
  });
  it('an auto-generated UPD overrides the computed date', () => {
    const w = deliveryWindow(ep([n1, { kind: 'upd', at: '2025-12-25T23:59:59+01:00', deemed: true }]), S, new Date('2025-12-27T00:00:00Z'));
    assert.equal(w.state, 'deemed');
    assert.deepEqual([w.delivery!.date, w.delivery!.source, w.operatorDate], ['2025-12-25', 'upd', '2025-12-25']);
  });
  it('a UPD signed on day 3 is the collection', () => {
    const w = deliveryWindow(ep([n1, { kind: 'upd', at: '2025-12-14T10:00:00+01:00', deemed: false }]), S, new Date('2025-12-20T00:00:00Z'));
    assert.equal(w.state, 'collected');
    assert.equal(w.delivery!.date, '2025-12-14');
  });
});

describe('event kinds from the channels', () => {
  it('normalises the spellings channels use', () => {
    assert.deepEqual(['D.1', 'edoreczenia.E1', 'BP.OX', 'A.1', 'dorecz.notice1', 'dorecz.notice2', 'dorecz.upd', 'collected', 'what'].map(normaliseEventKind),
      ['D1', 'E1', 'BPOX', 'A1', 'notice1', 'notice2', 'upd', 'collected', null]);
  });
});
