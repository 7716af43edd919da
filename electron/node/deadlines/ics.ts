/**
 * Export of open deadlines to iCalendar (RFC 5545) through ical-generator: one all-day event per term
 * ("file by" date) and per letter awaiting collection (its last collection day), each with display
 * alarms on the configured days before. Dates are passed as "YYYY-MM-DD" strings, so the file does not
 * depend on the machine's time zone; UIDs are stable, so a re-import updates rather than duplicates.
 */
import ical, { ICalAlarmType } from 'ical-generator';
import type { Lang } from '../../common/messages';
import { addDays } from '../../common/legal-calendar-dates';
import { formatDate } from '../../common/legal-calendar-texts';
import type { DeadlinesService } from './deadlines-service';
import { dt } from './texts';

export function exportIcs(service: DeadlinesService, lang: Lang, stamp: Date): string {
  const settings = service.settings();
  const { items, terms } = service.overview();
  const cal = ical({ name: dt(lang, 'calendarName'), prodId: { company: 'Nadawca', product: 'deadlines', language: lang.toUpperCase() } });
  const event = (uid: string, date: string, summary: string, description: string) => {
    const e = cal.createEvent({ id: `${uid}@nadawca`, start: date, end: addDays(date, 1), allDay: true, summary, description, stamp });
    for (const k of settings.reminders.daysBefore) e.createAlarm({ type: ICalAlarmType.display, triggerBefore: k * 86_400, description: summary });
  };
  for (const t of terms) {
    if (t.dismissed || !t.fileBy || t.timeliness.status === 'timely') continue;
    const lines = [t.basis, t.start ? `${dt(lang, 'from')}: ${formatDate(t.start)}` : '', t.explanation, ...t.interpretations.map((i) => `${i.mode}: ${formatDate(i.lastDay)}`)];
    event(`term-${t.id}`, t.fileBy, dt(lang, 'termDue', { label: t.label, date: formatDate(t.fileBy) }), lines.filter(Boolean).join('\n'));
  }
  for (const i of items) {
    if (i.role !== 'incoming' || i.window.state !== 'open' || !i.window.lastCollectionDay) continue;
    event(`collect-${i.id}`, i.window.lastCollectionDay, dt(lang, 'collectionEnds', { title: i.title }), [i.counterparty, i.window.explanation].join('\n'));
  }
  return cal.toString();
}
