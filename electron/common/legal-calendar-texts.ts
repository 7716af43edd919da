/**
 * Roll-forwards explained in the user's language: "25.12.2026 is a holiday (Christmas Day),
 * 27.12.2026 is a Sunday → 28.12.2026 (Mon)". Shared by the CLI, the services and the UI.
 */
import type { Lang } from './messages';
import { parts, weekday, type LocalDate } from './legal-calendar-dates';
import type { ClosedReason, Roll } from './legal-calendar';

const WEEKDAYS: Record<Lang, readonly string[]> = {
  pl: ['niedz.', 'pon.', 'wt.', 'śr.', 'czw.', 'pt.', 'sob.'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  uk: ['нд', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб'],
};

const TEXTS: Record<Lang, { saturday: string; sunday: string; isHoliday: string; isSaturday: string; isSunday: string; noRoll: string }> = {
  pl: { saturday: 'sobota', sunday: 'niedziela', isHoliday: '{{date}} to dzień ustawowo wolny ({{name}})', isSaturday: '{{date}} to sobota', isSunday: '{{date}} to niedziela', noRoll: 'dzień roboczy — bez przesunięcia' },
  en: { saturday: 'Saturday', sunday: 'Sunday', isHoliday: '{{date}} is a statutory holiday ({{name}})', isSaturday: '{{date}} is a Saturday', isSunday: '{{date}} is a Sunday', noRoll: 'a working day — no roll-forward' },
  uk: { saturday: 'субота', sunday: 'неділя', isHoliday: '{{date}} — офіційний вихідний ({{name}})', isSaturday: '{{date}} — субота', isSunday: '{{date}} — неділя', noRoll: 'робочий день — без перенесення' },
};

const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** "25.12.2026" — the Polish written form, used in every language of the UI. */
export function formatDate(date: LocalDate): string {
  const { year, month, day } = parts(date);
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

export function formatDateWithWeekday(date: LocalDate, lang: Lang): string {
  return `${formatDate(date)} (${WEEKDAYS[lang][weekday(date)]})`;
}

export function weekdayName(date: LocalDate, lang: Lang): string {
  return WEEKDAYS[lang][weekday(date)]!;
}

/** Short reason of one skipped day: the holiday's name, "sobota" or "niedziela". */
export function reasonText(reason: ClosedReason, lang: Lang): string {
  if (reason.kind === 'holiday') return reason.holiday.names[lang];
  return TEXTS[lang][reason.kind];
}

function sentence(roll: Roll, lang: Lang): string {
  const date = formatDate(roll.from);
  const t = TEXTS[lang];
  if (roll.reason.kind === 'holiday') return fill(t.isHoliday, { date, name: roll.reason.holiday.names[lang] });
  return fill(roll.reason.kind === 'saturday' ? t.isSaturday : t.isSunday, { date });
}

/** The whole roll-forward in one line; for no rolls, says that the day is a working day. */
export function explainRolls(rolls: readonly Roll[], lang: Lang): string {
  if (rolls.length === 0) return TEXTS[lang].noRoll;
  const last = rolls[rolls.length - 1]!;
  return `${rolls.map((r) => sentence(r, lang)).join(', ')} → ${formatDateWithWeekday(last.to, lang)}`;
}
