/**
 * What can be wrong with the attachments of a letter, and how each is said in pl/en/uk. Problems
 * block sending; warnings do not. Pure, so the UI can word an issue again in another language.
 */
import type { FileNameReason } from './file-names';
import type { Lang } from './messages';

export const ISSUE_CODES = [
  // problems
  'program',
  'script',
  'notAccepted',
  'notAcceptedByInbox',
  'unknownFormat',
  'empty',
  'overLimit',
  'overLimitDocument',
  'overLimitFile',
  // warnings
  'nearLimit',
  'epuapCommonLimit',
  'duplicate',
  'extensionMismatch',
  'fileName',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** Sizes (`limit`, `used`, `size`) in bytes; `reasons` are FileNameReason values. */
export type IssueParams = Record<string, string | number | string[]>;

export interface IssueData {
  code: IssueCode;
  file?: string;
  params: IssueParams;
}

type Catalog = Record<IssueCode, string>;

const MESSAGES: Record<Lang, Catalog> = {
  pl: {
    program: '„{{file}}” to w rzeczywistości program ({{format}}), a nie dokument — nie można go wysłać. Urzędy nie przyjmują programów.',
    script: '„{{file}}” to skrypt, czyli program, a nie dokument — nie można go wysłać. Urzędy nie przyjmują programów ani skryptów.',
    notAccepted: '„{{file}}” to plik {{format}}, a tego formatu nie ma na liście formatów przyjmowanych przez urzędy (KRI). Zapisz go na przykład jako PDF.',
    notAcceptedByInbox: '{{inbox}} przyjmuje tylko pliki {{formats}}; „{{file}}” to {{format}}.',
    unknownFormat: 'Nie rozpoznano formatu pliku „{{file}}”, więc nie można go wysłać. Zapisz go na przykład jako PDF.',
    empty: 'Plik „{{file}}” jest pusty.',
    overLimit: '{{inbox}} przyjmuje najwyżej {{limit}} załączników; te pliki mają {{used}} (tyle, ile zajmą w wysyłanym piśmie). Podziel je na kilka pism.',
    overLimitDocument: '{{inbox}} przyjmuje pismo z załącznikami najwyżej do {{limit}}; to pismo będzie miało około {{used}}. Podziel załączniki na kilka pism.',
    overLimitFile: '{{inbox}} przyjmuje pliki najwyżej do {{limit}}; „{{file}}” zajmie w piśmie {{used}}.',
    nearLimit: 'Blisko limitu: {{used}} z {{limit}}, które przyjmuje {{inbox}} ({{percent}}%).',
    epuapCommonLimit: 'Załączniki zajmą {{used}}. Ten urząd nie podaje limitu, a wiele skrzynek ePUAP przyjmuje najwyżej {{limit}}.',
    duplicate: '„{{file}}” ma tę samą treść co „{{other}}”.',
    extensionMismatch: '„{{file}}” to w rzeczywistości plik {{format}}; proponowana nazwa: „{{suggested}}”.',
    fileName: 'Nazwa „{{file}}” nie spełnia zasad skrzynek ({{reasons}}); plik zostanie wysłany jako „{{suggested}}”.',
  },
  en: {
    program: '"{{file}}" is really a program ({{format}}), not a document, and cannot be sent. Public bodies do not accept programs.',
    script: '"{{file}}" is a script, i.e. a program, not a document, and cannot be sent. Public bodies do not accept programs or scripts.',
    notAccepted: '"{{file}}" is a {{format}} file, a format that is not on the list public bodies accept (KRI). Save it as PDF, for example.',
    notAcceptedByInbox: '{{inbox}} accepts only {{formats}} files; "{{file}}" is {{format}}.',
    unknownFormat: 'The format of "{{file}}" was not recognised, so it cannot be sent. Save it as PDF, for example.',
    empty: 'The file "{{file}}" is empty.',
    overLimit: '{{inbox}} accepts at most {{limit}} of attachments; these files take {{used}} (as encoded in the letter). Split them across several letters.',
    overLimitDocument: '{{inbox}} accepts a letter with attachments of at most {{limit}}; this letter will take about {{used}}. Split the attachments across several letters.',
    overLimitFile: '{{inbox}} accepts files of at most {{limit}}; "{{file}}" takes {{used}} in the letter.',
    nearLimit: 'Close to the limit: {{used}} of the {{limit}} {{inbox}} accepts ({{percent}}%).',
    epuapCommonLimit: 'The attachments take {{used}}. This body states no limit, and many ePUAP inboxes accept at most {{limit}}.',
    duplicate: '"{{file}}" has the same content as "{{other}}".',
    extensionMismatch: '"{{file}}" is really a {{format}} file; suggested name: "{{suggested}}".',
    fileName: 'The name "{{file}}" breaks the inbox rules ({{reasons}}); the file will be sent as "{{suggested}}".',
  },
  uk: {
    program: '«{{file}}» насправді є програмою ({{format}}), а не документом, і його не можна надіслати. Установи не приймають програм.',
    script: '«{{file}}» — це скрипт, тобто програма, а не документ, і його не можна надіслати. Установи не приймають програм і скриптів.',
    notAccepted: '«{{file}}» — файл {{format}}, а цього формату немає в переліку форматів, які приймають установи (KRI). Збережіть його, наприклад, як PDF.',
    notAcceptedByInbox: '{{inbox}} приймає лише файли {{formats}}; «{{file}}» — це {{format}}.',
    unknownFormat: 'Формат файлу «{{file}}» не розпізнано, тому його не можна надіслати. Збережіть його, наприклад, як PDF.',
    empty: 'Файл «{{file}}» порожній.',
    overLimit: '{{inbox}} приймає щонайбільше {{limit}} додатків; ці файли займають {{used}} (у закодованому вигляді в листі). Розділіть їх на кілька листів.',
    overLimitDocument: '{{inbox}} приймає лист із додатками щонайбільше {{limit}}; цей лист займатиме близько {{used}}. Розділіть додатки на кілька листів.',
    overLimitFile: '{{inbox}} приймає файли щонайбільше {{limit}}; «{{file}}» займає в листі {{used}}.',
    nearLimit: 'Майже досягнуто ліміту: {{used}} із {{limit}}, які приймає {{inbox}} ({{percent}}%).',
    epuapCommonLimit: 'Додатки займуть {{used}}. Ця установа не вказує ліміту, а багато скриньок ePUAP приймають щонайбільше {{limit}}.',
    duplicate: '«{{file}}» має такий самий вміст, як «{{other}}».',
    extensionMismatch: '«{{file}}» насправді є файлом {{format}}; пропонована назва: «{{suggested}}».',
    fileName: 'Назва «{{file}}» порушує правила скриньок ({{reasons}}); файл буде надіслано як «{{suggested}}».',
  },
};

const REASONS: Record<Lang, Record<FileNameReason, string>> = {
  pl: {
    empty: 'pusta nazwa',
    notNfc: 'nieznormalizowane znaki Unicode',
    forbiddenCharacters: 'spacje lub niedozwolone znaki',
    upperCaseExtension: 'wielkie litery w rozszerzeniu',
    tooLong: 'ponad 128 bajtów',
    duplicate: 'nazwa powtarza się w piśmie',
  },
  en: {
    empty: 'empty name',
    notNfc: 'non-normalised Unicode characters',
    forbiddenCharacters: 'spaces or forbidden characters',
    upperCaseExtension: 'upper-case extension',
    tooLong: 'over 128 bytes',
    duplicate: 'name repeated in the letter',
  },
  uk: {
    empty: 'порожня назва',
    notNfc: 'ненормалізовані символи Unicode',
    forbiddenCharacters: 'пробіли або заборонені символи',
    upperCaseExtension: 'великі літери в розширенні',
    tooLong: 'понад 128 байтів',
    duplicate: 'назва повторюється в листі',
  },
};

const SIZE_PARAMS = new Set(['limit', 'used', 'size']);
const MIB = 1024 * 1024;

/** "4,2 MB" / "4.2 MB" (binary units, as file managers and the directory's limits count them). */
export function formatSize(lang: Lang, bytes: number): string {
  const kib = bytes < MIB;
  const value = kib ? Math.max(1, Math.ceil(bytes / 1024)) : bytes / MIB;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value)} ${kib ? 'KB' : 'MB'}`;
}

export function issueMessage(lang: Lang, issue: IssueData): string {
  const values: IssueParams = { ...issue.params, ...(issue.file === undefined ? {} : { file: issue.file }) };
  return MESSAGES[lang][issue.code].replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) return '';
    if (Array.isArray(v)) return (name === 'reasons' ? v.map((r) => REASONS[lang][r as FileNameReason] ?? r) : v).join(', ');
    return typeof v === 'number' && SIZE_PARAMS.has(name) ? formatSize(lang, v) : String(v);
  });
}
