/**
 * Statutory holidays of Poland (ustawa z 18.01.1951 o dniach wolnych od pracy; DOMAIN-deadlines §3).
 * date-holidays carries the rules with their start dates ("01-06 since 2011", "12-24 since 2025");
 * only its `public` days are statutory (Good Friday, 2 May, 31 December are listed there as other
 * types and are working days). Dates are read from its "YYYY-MM-DD hh:mm:ss" strings, which do not
 * depend on the machine's time zone. Settings may add or remove days for future amendments (P6).
 */
import Holidays from 'date-holidays';
import type { Lang } from './messages';
import { parts, type LocalDate } from './legal-calendar-dates';

export interface Holiday {
  date: LocalDate;
  /** Stable key of the rule, e.g. "christmasEve"; "extra" for a day added in the settings. */
  key: string;
  names: Record<Lang, string>;
}

export interface HolidayOverrides {
  extraHolidays?: readonly { date: LocalDate; name: string }[];
  removedHolidays?: readonly LocalDate[];
}

/** date-holidays rule → our key and names (the library's uk names are incomplete). */
const RULES: Record<string, { key: string; names: Record<Lang, string> }> = {
  '01-01': { key: 'newYear', names: { pl: 'Nowy Rok', en: "New Year's Day", uk: 'Новий рік' } },
  '01-06 since 2011': { key: 'epiphany', names: { pl: 'Trzech Króli', en: 'Epiphany', uk: 'Богоявлення' } },
  easter: { key: 'easter', names: { pl: 'Wielkanoc', en: 'Easter Sunday', uk: 'Великдень' } },
  'easter 1': { key: 'easterMonday', names: { pl: 'Poniedziałek Wielkanocny', en: 'Easter Monday', uk: 'Великодній понеділок' } },
  '05-01': { key: 'labourDay', names: { pl: 'Święto Pracy (1 Maja)', en: 'Labour Day (1 May)', uk: 'День праці (1 травня)' } },
  '05-03': { key: 'constitutionDay', names: { pl: 'Święto Konstytucji 3 Maja', en: 'Constitution Day (3 May)', uk: 'День Конституції (3 травня)' } },
  'easter 49': { key: 'pentecost', names: { pl: 'Zielone Świątki', en: 'Pentecost', uk: 'Трійця' } },
  'easter 60': { key: 'corpusChristi', names: { pl: 'Boże Ciało', en: 'Corpus Christi', uk: 'Свято Тіла і Крові Христових' } },
  '08-15': { key: 'assumption', names: { pl: 'Wniebowzięcie NMP', en: 'Assumption of Mary', uk: 'Успіння Богородиці' } },
  '11-01': { key: 'allSaints', names: { pl: 'Wszystkich Świętych', en: "All Saints' Day", uk: 'День усіх святих' } },
  '11-11': { key: 'independenceDay', names: { pl: 'Narodowe Święto Niepodległości', en: 'Independence Day', uk: 'День незалежності' } },
  '12-24 since 2025': { key: 'christmasEve', names: { pl: 'Wigilia Bożego Narodzenia', en: 'Christmas Eve', uk: 'Святвечір' } },
  '12-25': { key: 'christmas', names: { pl: 'Boże Narodzenie (pierwszy dzień)', en: 'Christmas Day', uk: 'Різдво (перший день)' } },
  '12-26': { key: 'christmas2', names: { pl: 'Boże Narodzenie (drugi dzień)', en: 'Second Day of Christmas', uk: 'Різдво (другий день)' } },
};

const library = new Holidays('PL');
const byYear = new Map<number, ReadonlyMap<LocalDate, Holiday>>();

function statutoryOf(year: number): ReadonlyMap<LocalDate, Holiday> {
  let map = byYear.get(year);
  if (!map) {
    const found = new Map<LocalDate, Holiday>();
    for (const h of library.getHolidays(year, 'pl')) {
      if (h.type !== 'public') continue;
      const date = h.date.slice(0, 10);
      const known = RULES[h.rule];
      found.set(date, known ? { date, ...known } : { date, key: h.rule, names: { pl: h.name, en: h.name, uk: h.name } });
    }
    map = found;
    byYear.set(year, map);
  }
  return map;
}

/** The statutory holiday on `date`, if any (Sundays as such are handled by the weekday rule). */
export function holidayOn(date: LocalDate, overrides: HolidayOverrides = {}): Holiday | null {
  if (overrides.removedHolidays?.includes(date)) return null;
  const extra = overrides.extraHolidays?.find((h) => h.date === date);
  if (extra) return { date, key: 'extra', names: { pl: extra.name, en: extra.name, uk: extra.name } };
  return statutoryOf(parts(date).year).get(date) ?? null;
}

/** Every holiday of a year, in date order (the calendar view marks them). */
export function holidaysOf(year: number, overrides: HolidayOverrides = {}): Holiday[] {
  const dates = new Set([...statutoryOf(year).keys(), ...(overrides.extraHolidays ?? []).map((h) => h.date).filter((d) => parts(d).year === year)]);
  return [...dates].sort().map((d) => holidayOn(d, overrides)).filter((h): h is Holiday => h !== null);
}
