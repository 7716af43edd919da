/** Texts the deadlines service produces itself: notifications and calendar export (pl/en/uk). */
import type { Lang } from '../../common/messages';

const TEXTS = {
  pl: {
    termDue: 'Termin „{{label}}” upływa {{date}}',
    termToday: 'Dziś ostatni dzień terminu „{{label}}”',
    termIn: 'Za {{days}} dni upływa termin „{{label}}” ({{date}})',
    collectToday: 'Dziś ostatni dzień na odbiór pisma „{{title}}” — jutro zostanie uznane za doręczone',
    collectIn: 'Za {{days}} dni pismo „{{title}}” zostanie uznane za doręczone (odbiór do {{date}})',
    collectionEnds: 'Ostatni dzień odbioru: {{title}}',
    calendarName: 'Nadawca — terminy',
    from: 'Od',
  },
  en: {
    termDue: 'The term "{{label}}" ends on {{date}}',
    termToday: 'Today is the last day of the term "{{label}}"',
    termIn: 'The term "{{label}}" ends in {{days}} days ({{date}})',
    collectToday: 'Today is the last day to collect "{{title}}" — tomorrow it is deemed delivered',
    collectIn: '"{{title}}" will be deemed delivered in {{days}} days (collect by {{date}})',
    collectionEnds: 'Last day to collect: {{title}}',
    calendarName: 'Nadawca — deadlines',
    from: 'From',
  },
  uk: {
    termDue: 'Строк «{{label}}» спливає {{date}}',
    termToday: 'Сьогодні останній день строку «{{label}}»',
    termIn: 'Через {{days}} дн. спливає строк «{{label}}» ({{date}})',
    collectToday: 'Сьогодні останній день, щоб отримати лист «{{title}}» — завтра він вважатиметься врученим',
    collectIn: 'Лист «{{title}}» вважатиметься врученим через {{days}} дн. (отримати до {{date}})',
    collectionEnds: 'Останній день отримання: {{title}}',
    calendarName: 'Nadawca — строки',
    from: 'Від',
  },
} as const;

export type DeadlineTextKey = keyof (typeof TEXTS)['pl'];

export function dt(lang: Lang, key: DeadlineTextKey, values: Record<string, string | number> = {}): string {
  return TEXTS[lang][key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}
