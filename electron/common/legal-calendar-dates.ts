/**
 * Calendar dates in Europe/Warsaw (DOMAIN-deadlines §4.1). All legal arithmetic works on `LocalDate`
 * strings ("YYYY-MM-DD") turned into day numbers, never on milliseconds: a DST day lasts 23 or 25 h,
 * so "+ 24 h" is not "+ 1 day". Instants appear only at the edges (parsing an event, the end
 * instant of a term). Date.UTC/getUTC* and Intl with an explicit zone never read the machine's zone.
 */

/** A calendar date, "YYYY-MM-DD". */
export type LocalDate = string;

export const LEGAL_ZONE = 'Europe/Warsaw';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The instant forms DOMAIN-deadlines §4.1 accepts: ISO with Z or an offset, or the contract's "YYYY-MM-DD HH:MM:SS+00:00". */
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

export function isLocalDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parts(date: LocalDate): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(date);
  if (!m || !isLocalDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function fromParts(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (proleptic Gregorian). */
export function dayNumber(date: LocalDate): number {
  const { year, month, day } = parts(date);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** KPA art. 57 §3: the corresponding day of the last month, or that month's last day when there is none. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return fromParts(y, m, Math.min(day, daysInMonth(y, m)));
}

const warsawParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: LEGAL_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

function wallClockMs(ms: number): number {
  const p = Object.fromEntries(warsawParts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) + (ms % 1000 + 1000) % 1000;
}

/** Parses an instant; one without a zone offset is refused (its Warsaw date would be a guess). */
export function parseInstant(text: string): Date | null {
  const m = INSTANT_RE.exec(text.trim());
  if (!m || !isLocalDate(m[1]!)) return null;
  const d = new Date(`${m[1]}T${m[2]}${m[3]}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The Warsaw calendar date of an instant (never the UTC date part, never the machine's zone). */
export function warsawDate(instant: Date): LocalDate {
  const wall = new Date(wallClockMs(instant.getTime()));
  return fromParts(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
}

/** Offset of Warsaw from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
export function warsawOffsetMs(ms: number): number {
  return wallClockMs(ms) - ms;
}

/** The instant of a Warsaw wall-clock time on a date (times inside a DST gap move forward by an hour). */
export function warsawInstant(date: LocalDate, hour = 0, minute = 0, second = 0, milli = 0): Date {
  const { year, month, day } = parts(date);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  // Two passes settle the offset on both sides of a DST change.
  let ms = wall - warsawOffsetMs(wall);
  ms = wall - warsawOffsetMs(ms);
  return new Date(ms);
}

/** DOMAIN-deadlines §4.1 pt 5: a term ending on `date` ends at 23:59:59.999 Warsaw time. */
export function endOfDay(date: LocalDate): Date {
  return warsawInstant(date, 23, 59, 59, 999);
}

export function startOfDay(date: LocalDate): Date {
  return warsawInstant(date);
}

const LOCAL_TIME_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/**
 * ePUAP writes UPP DataDoreczenia / UPD DataOdbioru as Warsaw wall-clock time without a zone; such a
 * value is read as Warsaw time (the only place a zone-less time is accepted). With an offset, as parseInstant.
 */
export function parseEpuapTime(text: string): Date | null {
  const withOffset = parseInstant(text);
  if (withOffset) return withOffset;
  const m = LOCAL_TIME_RE.exec(text.trim());
  if (!m || !isLocalDate(m[1]!)) return null;
  return warsawInstant(m[1]!, Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number((m[5] ?? '0').padEnd(3, '0')));
}
