/**
 * The deadlines and inbox channels through the router in front of the real services: strict input
 * (collecting needs the acknowledgement that terms start to run), localized errors, and values.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deadlineChannels } from '../../electron/common/contract-deadlines';
import { startTestServices, type TestServices } from '../harness/services';

let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
before(async () => { ctx = await startTestServices({ lang: 'pl' }); services = ctx.services; });
after(async () => { await ctx?.close(); });

async function fails(channel: string, input: unknown, field: RegExp) {
  const r = await services.router(channel, input);
  assert.equal(r.ok, false, channel);
  if (!r.ok) {
    assert.equal(r.error.code, 'INVALID_INPUT', channel);
    assert.match(String(r.error.details?.fields), field, channel);
  }
}

test('every deadlines channel refuses input of the wrong shape', async () => {
  for (const name of Object.keys(deadlineChannels)) {
    if (name === 'inbox.list') continue;
    const r = await services.router(name, { id: 42, pin: ['x'], certificateId: 'zz' });
    assert.equal(r.ok ? null : r.error.code, 'INVALID_INPUT', name);
  }
});

test('bad input names the field', async () => {
  const item = services.deadlines.recordDeliveryEvent({ messageId: 'r-1', channel: 'edoreczenia', kind: 'D.1', at: '2026-05-21T08:00:00Z', title: 'X' });
  await fails('inbox.collect', { id: item.id }, /acknowledgeTermsStart/);
  await fails('inbox.collect', { id: item.id, acknowledgeTermsStart: false }, /acknowledgeTermsStart/);
  await fails('deadlines.addTerm', { startDate: '2026-02-30', preset: 'appeal', label: 'x' }, /startDate/);
  await fails('deadlines.addTerm', { startDate: '2026-02-03', preset: 'custom', label: 'x' }, /n/);
  await fails('deadlines.addTerm', { preset: 'appeal', label: 'x' }, /startDate/);
  await fails('deadlines.settings.save', { edoreczenia: { deemedMode: 'guess' } }, /edoreczenia\.deemedMode/);
  await fails('deadlines.calendar', { year: 2026, month: 13 }, /month/);
});

test('collecting without a channel says so in Polish; a missing item is NOT_FOUND', async () => {
  const item = services.deadlines.recordDeliveryEvent({ messageId: 'r-2', channel: 'epuap', kind: 'dorecz.notice1', at: '2026-05-21T08:00:00Z', title: 'Y' });
  const r = await services.router('inbox.collect', { id: item.id, acknowledgeTermsStart: true });
  assert.deepEqual(r.ok ? null : [r.error.code, r.error.message], ['COLLECT_UNAVAILABLE', 'Odbioru pism z kanału epuap nie można jeszcze wykonać w tej wersji — odbierz pismo w aplikacji operatora; terminy liczymy od chwili odbioru.']);
  const missing = await services.router('deadlines.dismissTerm', { termId: 'nope' });
  assert.equal(missing.ok ? null : missing.error.code, 'NOT_FOUND');
});

test('values: calendar month, a term, settings round trip, .ics', async () => {
  const month = await services.router('deadlines.calendar', { year: 2025, month: 12 });
  assert.ok(month.ok);
  const days = (month.value as { days: { date: string; closed: boolean; reason: string | null }[] }).days;
  assert.deepEqual(days.filter((d) => d.closed && d.date >= '2025-12-24').map((d) => `${d.date} ${d.reason}`),
    ['2025-12-24 Wigilia Bożego Narodzenia', '2025-12-25 Boże Narodzenie (pierwszy dzień)', '2025-12-26 Boże Narodzenie (drugi dzień)', '2025-12-27 sobota', '2025-12-28 niedziela']);
  const term = await services.router('deadlines.addTerm', { startDate: '2026-04-24', preset: 'complaint', label: 'Zażalenie' });
  assert.ok(term.ok);
  assert.deepEqual((({ lastDay, explanation }) => ({ lastDay, explanation }))(term.value as { lastDay: string; explanation: string }),
    { lastDay: '2026-05-04', explanation: '01.05.2026 to dzień ustawowo wolny (Święto Pracy (1 Maja)), 02.05.2026 to sobota, 03.05.2026 to dzień ustawowo wolny (Święto Konstytucji 3 Maja) → 04.05.2026 (pon.)' });
  const saved = await services.router('deadlines.settings.save', { reminders: { daysBefore: [7, 2] } });
  assert.ok(saved.ok);
  const read = await services.router('deadlines.settings.get', {});
  assert.deepEqual(read.ok && (read.value as { reminders: { daysBefore: number[] } }).reminders.daysBefore, [7, 2]);
  const ics = await services.router('deadlines.exportIcs', {});
  assert.ok(ics.ok);
  assert.match((ics.value as { ics: string }).ics, /^BEGIN:VCALENDAR\r\n[\s\S]*DTSTART;VALUE=DATE:20260504\r\n[\s\S]*TRIGGER:-P7D\r\n[\s\S]*END:VCALENDAR$/);
});
