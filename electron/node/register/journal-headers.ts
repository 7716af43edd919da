import type { Lang } from '../../common/messages';

/** Column titles of the CSV correspondence journal, in the user's language (sent and received letters). */
export const JOURNAL_HEADERS: Record<Lang, string[]> = {
  pl: ['Lp.', 'Data utworzenia', 'Data wysłania', 'Data doręczenia', 'Adresat / nadawca', 'Adres skrzynki', 'Tytuł', 'Znak sprawy', 'Status', 'Identyfikator dokumentu', 'Poświadczenie', 'Kierunek', 'Data udostępnienia (D.1)', 'Data odbioru'],
  en: ['No.', 'Created', 'Sent', 'Delivered', 'Addressee / sender', 'Inbox address', 'Title', 'Case reference', 'Status', 'Document id', 'Receipt', 'Direction', 'Made available (D.1)', 'Collected'],
  uk: ['№', 'Дата створення', 'Дата надсилання', 'Дата вручення', 'Адресат / відправник', 'Адреса скриньки', 'Назва', 'Номер справи', 'Статус', 'Ідентифікатор документа', 'Підтвердження', 'Напрям', 'Дата надання (D.1)', 'Дата отримання'],
};

/** The journal's direction column: a letter sent by the user or received. */
export const JOURNAL_FLOWS: Record<Lang, Record<'in' | 'out', string>> = {
  pl: { out: 'wysłane', in: 'otrzymane' },
  en: { out: 'sent', in: 'received' },
  uk: { out: 'надіслано', in: 'отримано' },
};
