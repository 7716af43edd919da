/**
 * The legal calendar (DOMAIN-deadlines §4): turning an event into a delivery date or the last day of
 * a term under Polish law, with every roll-forward and its reason. Pure: the same inputs give the same
 * dates on any machine in any time zone.
 *
 * - KPA art. 57 §1 / KC art. 111 §2: the day of the event is not counted.
 * - KPA art. 57 §2–§3: weeks end on the same weekday; months on the corresponding day or the month's last.
 * - KPA art. 57 §4 / KC art. 115: an end on a statutory holiday or a Saturday moves to the next day that is neither.
 * The disputed points (§5, P1–P7) are settings; DEFAULT_DEADLINE_SETTINGS documents the defaults.
 */
import {
  addDays, addMonths, isLocalDate, parseInstant, warsawDate, weekday, type LocalDate,
} from './legal-calendar-dates';
import { DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings, type EdoreczeniaMode, type EpuapMode } from './legal-calendar-settings';
import { holidayOn, type Holiday } from './legal-calendar-holidays';

export * from './legal-calendar-dates';
export * from './legal-calendar-settings';
export { holidayOn, holidaysOf, type Holiday } from './legal-calendar-holidays';

export type ClosedReason = { kind: 'saturday' } | { kind: 'sunday' } | { kind: 'holiday'; holiday: Holiday };

/** A day skipped while moving an end forward, and why. */
export interface Roll {
  from: LocalDate;
  to: LocalDate;
  reason: ClosedReason;
}

type CalendarSettings = Pick<DeadlineSettings, 'calendar'>;

/** Why a day cannot end a term (Saturday, Sunday or a statutory holiday), or null for a working day. */
export function closedReason(date: LocalDate, settings: CalendarSettings = DEFAULT_DEADLINE_SETTINGS): ClosedReason | null {
  const holiday = holidayOn(date, settings.calendar);
  if (holiday) return { kind: 'holiday', holiday };
  const wd = weekday(date);
  if (wd === 0) return { kind: 'sunday' };
  if (wd === 6 && date >= settings.calendar.saturdayRollFrom) return { kind: 'saturday' };
  return null;
}

export function isClosed(date: LocalDate, settings: CalendarSettings = DEFAULT_DEADLINE_SETTINGS): boolean {
  return closedReason(date, settings) !== null;
}

/** KPA art. 57 §4 / KC art. 115: the next day that is neither a holiday nor a Saturday, with each skipped day. */
export function rollForward(date: LocalDate, settings: CalendarSettings = DEFAULT_DEADLINE_SETTINGS): { date: LocalDate; rolls: Roll[] } {
  const rolls: Roll[] = [];
  let day = date;
  for (let reason = closedReason(day, settings); reason; reason = closedReason(day, settings)) {
    const next = addDays(day, 1);
    rolls.push({ from: day, to: next, reason });
    day = next;
  }
  return { date: day, rolls };
}

export type TermUnit = 'days' | 'weeks' | 'months';
export interface TermLength {
  n: number;
  unit: TermUnit;
}

/** KPA art. 57 §1–§3 without the roll: the nominal last day of a term starting with an event on `start`. */
export function nominalEnd(start: LocalDate, length: TermLength): LocalDate {
  switch (length.unit) {
    case 'days':
      return addDays(start, length.n);
    case 'weeks':
      return addDays(start, 7 * length.n);
    case 'months':
      return addMonths(start, length.n);
  }
}

/** The outcome of a rule: the date, the date it counted from, every roll, and the legal basis. */
export interface Computation {
  rule: 'deemed-edoreczenia' | 'deemed-epuap' | 'term';
  mode: string | null;
  /** The local date the computation counts from (arrival, first notice, delivery). */
  start: LocalDate;
  /** Deemed-delivery date, or the last day of the term. */
  date: LocalDate;
  /** For deemed delivery: the last day of the collection period (L, or T0 for ePUAP). */
  lastCollectionDay: LocalDate | null;
  rolls: Roll[];
  basis: string;
}

/** KPA art. 57 §1–§4: the last day of a term of `length` from the delivery (or other event) date. */
export function termEnd(start: LocalDate, length: TermLength, settings: CalendarSettings = DEFAULT_DEADLINE_SETTINGS): Computation {
  const { date, rolls } = rollForward(nominalEnd(start, length), settings);
  const section = length.unit === 'days' ? '§1' : length.unit === 'weeks' ? '§2' : '§3';
  return { rule: 'term', mode: null, start, date, lastCollectionDay: null, rolls, basis: `KPA art. 57 ${section}, §4; KC art. 111, 115` };
}

/** §4.2: the deemed-delivery date of an e-Doręczenia letter from a public body, from its D.1 arrival date. */
export function deemedEdoreczenia(arrival: LocalDate, mode: EdoreczeniaMode, settings: DeadlineSettings = DEFAULT_DEADLINE_SETTINGS): Computation {
  const l0 = addDays(arrival, 14);
  if (mode === 'statuteNoRoll') {
    return { rule: 'deemed-edoreczenia', mode, start: arrival, date: addDays(arrival, 15), lastCollectionDay: l0, rolls: [], basis: 'u.d.e. art. 42 ust. 2 (bez przesunięcia terminu odbioru)' };
  }
  const { date: l, rolls } = settings.edoreczenia.rollCollectionTerm ? rollForward(l0, settings) : { date: l0, rolls: [] };
  return mode === 'statute'
    ? { rule: 'deemed-edoreczenia', mode, start: arrival, date: addDays(l, 1), lastCollectionDay: l, rolls, basis: 'u.d.e. art. 41 ust. 1 pkt 3, art. 42 ust. 2; KC art. 111 §2, 115; SN III CZP 24/23' }
    : { rule: 'deemed-edoreczenia', mode, start: arrival, date: l, lastCollectionDay: l, rolls, basis: 'COI PT R13 (D.1 + 14 dni); KC art. 111 §2, 115' };
}

/** §4.3: the deemed-delivery date of a legacy ePUAP letter, from the date of its first notice. */
export function deemedEpuap(firstNotice: LocalDate, mode: EpuapMode, settings: CalendarSettings = DEFAULT_DEADLINE_SETTINGS): Computation {
  const t0 = addDays(firstNotice, 14);
  const base = { rule: 'deemed-epuap' as const, mode, start: firstNotice, lastCollectionDay: t0 };
  if (mode === 'day14') return { ...base, date: t0, rolls: [], basis: 'KPA art. 46 §6 (brzmienie do 4.10.2021): 14. dzień' };
  if (mode === 'dayAfter') return { ...base, date: addDays(t0, 1), rolls: [], basis: 'KPA art. 46 §6 (brzmienie do 4.10.2021): po upływie 14 dni' };
  const { date, rolls } = rollForward(t0, settings);
  return { ...base, date: addDays(date, 1), lastCollectionDay: date, rolls, basis: 'KPA art. 46 §6 (brzmienie do 4.10.2021); KPA art. 57 §4' };
}

/** The date a second ePUAP notice is due (old KPA art. 46 §5): 7 days after the first. */
export function secondNoticeDate(firstNotice: LocalDate): LocalDate {
  return addDays(firstNotice, 7);
}

/** A term computed under every enabled interpretation of the delivery; reminders use the earliest (§4.5). */
export interface Interpretation {
  mode: string;
  delivery: Computation;
  term: Computation | null;
}

export function interpretations(
  channel: 'edoreczenia' | 'epuap',
  start: LocalDate,
  length: TermLength | null,
  settings: DeadlineSettings = DEFAULT_DEADLINE_SETTINGS,
): Interpretation[] {
  const modes: readonly string[] = channel === 'edoreczenia' ? settings.edoreczenia.enabledModes : settings.epuap.enabledModes;
  return modes.map((mode) => {
    const delivery = channel === 'edoreczenia' ? deemedEdoreczenia(start, mode as EdoreczeniaMode, settings) : deemedEpuap(start, mode as EpuapMode, settings);
    return { mode, delivery, term: length ? termEnd(delivery.date, length, settings) : null };
  });
}

/** The earliest of several dates (reminders, §4.5 and P7). */
export function earliest(dates: readonly LocalDate[]): LocalDate {
  if (dates.length === 0) throw new RangeError('no dates');
  return [...dates].sort()[0]!;
}

/** The Warsaw date of an event given as an instant (with offset) or as a calendar date. */
export function eventDate(text: string): LocalDate | null {
  const trimmed = text.trim();
  if (isLocalDate(trimmed)) return trimmed;
  const instant = parseInstant(trimmed);
  return instant ? warsawDate(instant) : null;
}
