import type { Lang } from '../common/messages';

/** The command line's own texts; error messages come from electron/common/messages. */
const TEXTS = {
  pl: {
    demoTitle: 'Nadawca — demonstracja na wbudowanym środowisku testowym',
    certificate: 'Certyfikat',
    letter: 'Pismo',
    signed: 'Podpisano (XAdES-BES, otaczany)',
    sent: 'Wysłano; identyfikator dokumentu',
    state: 'Stan',
    receipt: 'Poświadczenie',
    verified: 'zweryfikowane',
    notVerified: 'NIEZWERYFIKOWANE',
    package: 'Pakiet dowodowy',
    noReceipt: 'Brak poświadczenia',
    empty: '(pusto)',
    notYet: 'Polecenie „{{cmd}}” nie jest jeszcze dostępne w tej wersji.',
    unknownCommand: 'Nieznane polecenie „{{cmd}}”. Zobacz: nadawca help',
    simulatorRunning: 'Symulator {{name}} działa pod adresem {{url}} (Ctrl+C kończy).',
    caCertificate: 'Certyfikat CA środowiska testowego',
  },
  en: {
    demoTitle: 'Nadawca — demonstration on the built-in test environment',
    certificate: 'Certificate',
    letter: 'Letter',
    signed: 'Signed (XAdES-BES, enveloped)',
    sent: 'Sent; document id',
    state: 'State',
    receipt: 'Receipt',
    verified: 'verified',
    notVerified: 'NOT VERIFIED',
    package: 'Proof package',
    noReceipt: 'No receipt',
    empty: '(empty)',
    notYet: 'The command "{{cmd}}" is not available in this version yet.',
    unknownCommand: 'Unknown command "{{cmd}}". See: nadawca help',
    simulatorRunning: 'The {{name}} simulator runs at {{url}} (Ctrl+C stops it).',
    caCertificate: 'Test environment CA certificate',
  },
  uk: {
    demoTitle: 'Nadawca — демонстрація у вбудованому тестовому середовищі',
    certificate: 'Сертифікат',
    letter: 'Лист',
    signed: 'Підписано (XAdES-BES, вкладений)',
    sent: 'Надіслано; ідентифікатор документа',
    state: 'Стан',
    receipt: 'Підтвердження',
    verified: 'перевірено',
    notVerified: 'НЕ ПЕРЕВІРЕНО',
    package: 'Пакет доказів',
    noReceipt: 'Немає підтвердження',
    empty: '(порожньо)',
    notYet: 'Команда «{{cmd}}» ще недоступна в цій версії.',
    unknownCommand: 'Невідома команда «{{cmd}}». Див.: nadawca help',
    simulatorRunning: 'Симулятор {{name}} працює за адресою {{url}} (Ctrl+C зупиняє).',
    caCertificate: 'Сертифікат CA тестового середовища',
  },
} satisfies Record<Lang, Record<string, string>>;

export type TextKey = keyof (typeof TEXTS)['pl'];

export function t(lang: Lang, key: TextKey, values: Record<string, string> = {}): string {
  return TEXTS[lang][key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
}
