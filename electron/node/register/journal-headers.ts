import type { Lang } from '../../common/messages';

/** Column titles of the CSV correspondence journal, in the user's language. */
export const JOURNAL_HEADERS: Record<Lang, string[]> = {
  pl: ['Lp.', 'Data utworzenia', 'Data wysłania', 'Data doręczenia', 'Adresat', 'Adres skrzynki', 'Tytuł', 'Znak sprawy', 'Status', 'Identyfikator dokumentu', 'Poświadczenie'],
  en: ['No.', 'Created', 'Sent', 'Delivered', 'Addressee', 'Inbox address', 'Title', 'Case reference', 'Status', 'Document id', 'Receipt'],
  uk: ['№', 'Дата створення', 'Дата надсилання', 'Дата вручення', 'Адресат', 'Адреса скриньки', 'Назва', 'Номер справи', 'Статус', 'Ідентифікатор документа', 'Підтвердження'],
};
