/** Small display helpers in the UI language. */
import { currentLang } from './i18n';

const LOCALES = { pl: 'pl-PL', en: 'en-GB', uk: 'uk-UA' } as const;

/** The BCP 47 locale of the UI language, for Intl formatters. */
export function uiLocale(): string {
  return LOCALES[currentLang()];
}

function parse(iso: string): Date | null {
  // A bare date is a calendar day, not UTC midnight (which is the day before west of Greenwich).
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  if (!d) return iso ?? '';
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  if (!d) return iso ?? '';
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium' }).format(d);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** Today's date in the local time zone, as YYYY-MM-DD (the value of <input type="date">). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The CN of an RFC 4514 name as the services print it ("CN=Jan Kowalski, O=…"), or the whole name. */
export function commonName(dn: string): string {
  const m = /(?:^|,\s*)CN=((?:\\.|[^,])+)/i.exec(dn);
  return m?.[1]?.replace(/\\(.)/g, '$1').trim() || dn;
}
