import type { ErrorCode, ErrorDetails } from './errors';

export const LANGUAGES = ['pl', 'en', 'uk'] as const;
export type Lang = (typeof LANGUAGES)[number];

type Catalog = Record<ErrorCode, string>;

/** User-facing texts of the error codes; {{name}} is replaced by a detail of the same name. */
const ERROR_MESSAGES: Record<Lang, Catalog> = {
  pl: {
    INVALID_INPUT: 'Niepoprawne dane: {{fields}}.',
    UNTRUSTED_SENDER: 'Żądanie nie pochodzi z okna aplikacji i zostało odrzucone.',
    INVALID_ADDRESS: 'Niepoprawny adres skrzynki „{{address}}”. Oczekiwano adresu ePUAP (/podmiot/skrytka) lub adresu do e-Doręczeń (AE:PL-XXXXX-XXXXX-XXXXX-XX).',
    ATTACHMENT_UNREADABLE: 'Nie można odczytać załącznika „{{file}}”: {{reason}}.',
    ATTACHMENTS_REFUSED: 'Załączników nie można wysłać: {{problems}}',
    ATTACHMENT_REFUSED: 'Załącznika „{{file}}” ({{format}}) nie można wysłać: urzędy nie przyjmują takich plików.',
    UPLOAD_OUT_OF_ORDER: 'Przesyłanie pliku „{{file}}” się pomyliło: oczekiwano części od bajtu {{expected}}, a przyszła od bajtu {{received}}.',
    UPLOAD_SIZE_MISMATCH: 'Plik „{{file}}” ma inny rozmiar niż na początku dodawania ({{declared}} B, otrzymano {{received}} B) — mógł się w tym czasie zmienić. Dodaj go jeszcze raz.',
    NOT_FOUND: 'Nie znaleziono: {{what}}.',
    INVALID_STATE: 'Tej operacji nie można wykonać, gdy pismo ma stan „{{state}}”.',
    DRAFT_CONFLICT: 'Ten szkic zapisano tymczasem w innym oknie. Otwórz go ponownie, aby nie nadpisać tamtych zmian.',
    PIN_INCORRECT: 'Błędny PIN. {{triesLeft}} Nie ponawiamy próby automatycznie.',
    PIN_LOCKED: 'PIN karty jest zablokowany. Odblokuj go kodem PUK w programie dostawcy karty.',
    PIN_LEN_RANGE: 'PIN ma niepoprawną długość.',
    PIN_CANCELLED: 'Wprowadzanie PIN-u zostało anulowane.',
    SYSTEM_PIN_REJECTED: 'Karta odrzuciła PIN zapisany w profilu wysyłki „{{profile}}”. Aby nie zablokować karty, nie używamy go więcej: wpisz PIN ponownie w profilu. Pismo czeka w kolejce.',
    TOKEN_ABSENT: 'Nie znaleziono karty z wybranym certyfikatem. Włóż kartę do czytnika i spróbuj ponownie.',
    DEVICE_REMOVED: 'Karta lub czytnik zostały odłączone w trakcie operacji. Nic nie zapisano; włóż kartę i spróbuj ponownie.',
    MODULE_LOAD_FAILED: 'Nie można załadować sterownika PKCS#11 „{{module}}”: {{reason}}.',
    CERT_NOT_FOUND: 'Nie znaleziono certyfikatu „{{cert}}” na żadnej karcie.',
    SIGNER_CRASHED: 'Proces podpisu zakończył się nieoczekiwanie (sterownik „{{module}}”). Uruchomiono go ponownie; spróbuj jeszcze raz.',
    SIGNER_TIMEOUT: 'Sterownik karty nie odpowiedział w czasie {{seconds}} s. Proces podpisu uruchomiono ponownie.',
    PASSWORD_INCORRECT: 'Błędne hasło do pliku z certyfikatem „{{file}}”.',
    PINPAD_UNAVAILABLE: 'Czytnik ma klawiaturę PIN, ale składnik do jej obsługi nie został zbudowany przy instalacji. Zainstaluj Nadawcę ponownie.',
    MECHANISM_UNSUPPORTED: 'Karta nie obsługuje wybranego sposobu podpisu ({{mechanism}}).',
    CERT_FILE_UNSUPPORTED: 'Nie można odczytać pliku z certyfikatem „{{file}}”: {{reason}}.',
    SERVICE_UNREACHABLE: 'Brak połączenia z usługą {{service}} ({{url}}). Pismo czeka w kolejce i zostanie wysłane ponownie.',
    SERVICE_FAULT: 'Usługa {{service}} zgłosiła błąd {{faultCode}}: {{faultMessage}}.',
    SERVICE_REJECTED: 'Usługa {{service}} odrzuciła pismo: {{reason}}.',
    TSA_FAILED: 'Nie udało się uzyskać znacznika czasu z {{tsa}}: {{reason}}.',
    COSIGN_NOT_POSSIBLE: 'Do tego dokumentu nie można dodać kolejnego podpisu: {{reason}}.',
    TRUST_ANCHOR_UNREADABLE: 'Nie znaleziono certyfikatu X.509 (PEM albo DER) w „{{file}}”.',
    TRUST_ANCHOR_NOT_CA: 'Certyfikat „{{subject}}” nie należy do urzędu certyfikacji i nie jest samopodpisany — nie może być zaufanym certyfikatem.',
    TRUST_ANCHOR_EXPIRED: 'Certyfikat „{{subject}}” jest nieważny (ważny do {{validTo}}) — nie można mu zaufać.',
    RECEIPT_INVALID: 'Poświadczenie nie przeszło weryfikacji: {{reason}}.',
    RECEIPT_UNRECOGNISED: 'Plik {{file}} nie jest poświadczeniem, które Nadawca zna (UPP/UPD z ePUAP, potwierdzenie e-Doręczeń BP.WX/BP.OX w XML, dowód A.1/D.1/E.1 w XML albo potwierdzenie BP.WP/BP.OP w PDF).',
    RECEIPT_UNMATCHED: 'Dowodu {{type}} (wiadomość {{messageId}}) nie przypisano do żadnego pisma: żadne wyeksportowane pismo nie ma podpisanego pliku o nazwie i rozmiarze wymienionych w dowodzie ({{files}}). Nic nie zapisano.',
    RECEIPT_AMBIGUOUS: 'Dowodu {{type}} (wiadomość {{messageId}}) nie można jednoznacznie przypisać — pasuje do kilku pism: {{letters}}. Nic nie zapisano.',
    RECEIPT_ADDRESSEE_MISMATCH: 'Dowodu {{type}} (wiadomość {{messageId}}) nie przypisano do żadnego pisma: adresat w dowodzie ({{addressee}}) jest inny niż adresat pisma {{letters}}. Nic nie zapisano.',
    RECEIPT_MESSAGE_UNKNOWN: 'Dowód {{type}} wskazuje wiadomość ({{messageId}}), której nie powiązano jeszcze z żadnym pismem — najpierw zaimportuj potwierdzenie wysłania (BP.WX) lub otrzymania (BP.OX) w XML. Nic nie zapisano.',
    DATABASE_BUSY: 'Baza danych jest używana przez uruchomioną aplikację Nadawca.',
    COLLECT_UNAVAILABLE: 'Odbioru pism z kanału {{channel}} nie można jeszcze wykonać w tej wersji — odbierz pismo w aplikacji operatora; terminy liczymy od chwili odbioru.',
    DESKTOP_ONLY: 'Tę czynność ({{what}}) można wykonać tylko w oknie aplikacji Nadawca.',
    PDF_UNSUPPORTED: 'Tego pliku PDF nie można podpisać ani sprawdzić (plik zaszyfrowany, uszkodzony albo certyfikowany bez prawa zmian): {{reason}}.',
    INTERNAL: 'Błąd wewnętrzny aplikacji. Szczegóły zapisano w dzienniku.',
  },
  en: {
    INVALID_INPUT: 'Invalid data: {{fields}}.',
    UNTRUSTED_SENDER: 'The request did not come from an application window and was refused.',
    INVALID_ADDRESS: 'Invalid inbox address "{{address}}". Expected an ePUAP address (/subject/box) or an e-Doręczenia address (AE:PL-XXXXX-XXXXX-XXXXX-XX).',
    ATTACHMENT_UNREADABLE: 'Cannot read attachment "{{file}}": {{reason}}.',
    ATTACHMENTS_REFUSED: 'The attachments cannot be sent: {{problems}}',
    ATTACHMENT_REFUSED: 'Attachment "{{file}}" ({{format}}) cannot be sent: public bodies do not accept such files.',
    UPLOAD_OUT_OF_ORDER: 'The upload of "{{file}}" went wrong: the part starting at byte {{expected}} was expected, one starting at byte {{received}} came.',
    UPLOAD_SIZE_MISMATCH: 'The file "{{file}}" does not have the size it had when adding began ({{declared}} B, received {{received}} B); it may have changed meanwhile. Add it again.',
    NOT_FOUND: 'Not found: {{what}}.',
    INVALID_STATE: 'This cannot be done while the filing is "{{state}}".',
    DRAFT_CONFLICT: 'This draft was saved in another window meanwhile. Open it again so as not to overwrite those changes.',
    PIN_INCORRECT: 'Wrong PIN. {{triesLeft}} It will not be retried automatically.',
    PIN_LOCKED: 'The card PIN is locked. Unblock it with the PUK in the card vendor\'s tool.',
    PIN_LEN_RANGE: 'The PIN has an invalid length.',
    PIN_CANCELLED: 'PIN entry was cancelled.',
    SYSTEM_PIN_REJECTED: 'The card refused the PIN stored in the sending profile "{{profile}}". To avoid locking the card it is no longer used: enter the PIN again in the profile. The letter waits in the outbox.',
    TOKEN_ABSENT: 'No card with the selected certificate was found. Insert the card and try again.',
    DEVICE_REMOVED: 'The card or reader was removed during the operation. Nothing was saved; insert the card and try again.',
    MODULE_LOAD_FAILED: 'Cannot load the PKCS#11 driver "{{module}}": {{reason}}.',
    CERT_NOT_FOUND: 'Certificate "{{cert}}" was not found on any card.',
    SIGNER_CRASHED: 'The signing process ended unexpectedly (driver "{{module}}"). It was restarted; please try again.',
    SIGNER_TIMEOUT: 'The card driver did not answer within {{seconds}} s. The signing process was restarted.',
    PASSWORD_INCORRECT: 'Wrong password for the certificate file "{{file}}".',
    PINPAD_UNAVAILABLE: 'The reader has a PIN pad, but the component that drives it was not built at installation. Reinstall Nadawca.',
    MECHANISM_UNSUPPORTED: 'The card does not support the chosen signature method ({{mechanism}}).',
    CERT_FILE_UNSUPPORTED: 'Cannot read the certificate file "{{file}}": {{reason}}.',
    SERVICE_UNREACHABLE: 'Cannot reach {{service}} ({{url}}). The filing stays queued and will be sent again.',
    SERVICE_FAULT: '{{service}} reported error {{faultCode}}: {{faultMessage}}.',
    SERVICE_REJECTED: '{{service}} rejected the filing: {{reason}}.',
    TSA_FAILED: 'Could not get a timestamp from {{tsa}}: {{reason}}.',
    COSIGN_NOT_POSSIBLE: 'Another signature cannot be added to this document: {{reason}}.',
    TRUST_ANCHOR_UNREADABLE: 'No X.509 certificate (PEM or DER) found in "{{file}}".',
    TRUST_ANCHOR_NOT_CA: 'The certificate "{{subject}}" is neither a certification authority nor self-signed, so it cannot be a trusted certificate.',
    TRUST_ANCHOR_EXPIRED: 'The certificate "{{subject}}" is not valid now (valid until {{validTo}}), so it cannot be trusted.',
    RECEIPT_INVALID: 'The receipt failed verification: {{reason}}.',
    RECEIPT_UNRECOGNISED: 'The file {{file}} is not a receipt Nadawca knows (an ePUAP UPP/UPD, an e-Doręczenia BP.WX/BP.OX XML confirmation, an A.1/D.1/E.1 XML evidence or a BP.WP/BP.OP PDF confirmation).',
    RECEIPT_UNMATCHED: 'The {{type}} evidence (message {{messageId}}) was not matched to any letter: no exported letter has a signed file of a name and size the evidence lists ({{files}}). Nothing was stored.',
    RECEIPT_AMBIGUOUS: 'The {{type}} evidence (message {{messageId}}) cannot be matched to one letter — several fit: {{letters}}. Nothing was stored.',
    RECEIPT_ADDRESSEE_MISMATCH: 'The {{type}} evidence (message {{messageId}}) was not matched to any letter: its addressee ({{addressee}}) is not the addressee of {{letters}}. Nothing was stored.',
    RECEIPT_MESSAGE_UNKNOWN: 'The {{type}} evidence names a message ({{messageId}}) not yet tied to any letter — import its sending (BP.WX) or receipt (BP.OX) confirmation XML first. Nothing was stored.',
    DATABASE_BUSY: 'The database is in use by the running Nadawca app.',
    COLLECT_UNAVAILABLE: 'Letters from the {{channel}} channel cannot be collected in this version yet — collect it in the operator\'s app; terms run from the moment of collection.',
    DESKTOP_ONLY: 'This ({{what}}) can only be done in the Nadawca app window.',
    PDF_UNSUPPORTED: 'This PDF cannot be signed or verified (encrypted, damaged, or certified with no changes allowed): {{reason}}.',
    INTERNAL: 'Internal error. Details were written to the log.',
  },
  uk: {
    INVALID_INPUT: 'Неправильні дані: {{fields}}.',
    UNTRUSTED_SENDER: 'Запит надійшов не з вікна застосунку і був відхилений.',
    INVALID_ADDRESS: 'Неправильна адреса скриньки «{{address}}». Очікується адреса ePUAP (/суб’єкт/скринька) або адреса e-Doręczenia (AE:PL-XXXXX-XXXXX-XXXXX-XX).',
    ATTACHMENT_UNREADABLE: 'Не вдається прочитати додаток «{{file}}»: {{reason}}.',
    ATTACHMENTS_REFUSED: 'Додатки не можна надіслати: {{problems}}',
    ATTACHMENT_REFUSED: 'Додаток «{{file}}» ({{format}}) не можна надіслати: установи не приймають таких файлів.',
    UPLOAD_OUT_OF_ORDER: 'Під час передавання файлу «{{file}}» сталася помилка: очікувалася частина з байта {{expected}}, а надійшла з байта {{received}}.',
    UPLOAD_SIZE_MISMATCH: 'Файл «{{file}}» має інший розмір, ніж на початку додавання ({{declared}} B, отримано {{received}} B) — можливо, він тим часом змінився. Додайте його ще раз.',
    NOT_FOUND: 'Не знайдено: {{what}}.',
    INVALID_STATE: 'Цю дію неможливо виконати, коли лист має стан «{{state}}».',
    DRAFT_CONFLICT: 'Цю чернетку тим часом збережено в іншому вікні. Відкрийте її знову, щоб не перезаписати ті зміни.',
    PIN_INCORRECT: 'Неправильний PIN. {{triesLeft}} Повторної спроби автоматично не буде.',
    PIN_LOCKED: 'PIN картки заблоковано. Розблокуйте його кодом PUK у програмі постачальника картки.',
    PIN_LEN_RANGE: 'PIN має неправильну довжину.',
    PIN_CANCELLED: 'Введення PIN скасовано.',
    SYSTEM_PIN_REJECTED: 'Картка відхилила PIN, збережений у профілі надсилання «{{profile}}». Щоб не заблокувати картку, його більше не використовуємо: введіть PIN ще раз у профілі. Лист чекає в черзі.',
    TOKEN_ABSENT: 'Картку з вибраним сертифікатом не знайдено. Вставте картку й спробуйте ще раз.',
    DEVICE_REMOVED: 'Картку або зчитувач від’єднано під час операції. Нічого не збережено; вставте картку й спробуйте ще раз.',
    MODULE_LOAD_FAILED: 'Не вдається завантажити драйвер PKCS#11 «{{module}}»: {{reason}}.',
    CERT_NOT_FOUND: 'Сертифікат «{{cert}}» не знайдено на жодній картці.',
    SIGNER_CRASHED: 'Процес підпису несподівано завершився (драйвер «{{module}}»). Його перезапущено; спробуйте ще раз.',
    SIGNER_TIMEOUT: 'Драйвер картки не відповів протягом {{seconds}} с. Процес підпису перезапущено.',
    PASSWORD_INCORRECT: 'Неправильний пароль до файлу сертифіката «{{file}}».',
    PINPAD_UNAVAILABLE: 'Зчитувач має PIN-клавіатуру, але компонент для неї не було зібрано під час встановлення. Перевстановіть Nadawca.',
    MECHANISM_UNSUPPORTED: 'Картка не підтримує вибраний спосіб підпису ({{mechanism}}).',
    CERT_FILE_UNSUPPORTED: 'Не вдається прочитати файл сертифіката «{{file}}»: {{reason}}.',
    SERVICE_UNREACHABLE: 'Немає з’єднання зі службою {{service}} ({{url}}). Лист залишається в черзі й буде надісланий знову.',
    SERVICE_FAULT: 'Служба {{service}} повідомила про помилку {{faultCode}}: {{faultMessage}}.',
    SERVICE_REJECTED: 'Служба {{service}} відхилила лист: {{reason}}.',
    TSA_FAILED: 'Не вдалося отримати позначку часу від {{tsa}}: {{reason}}.',
    COSIGN_NOT_POSSIBLE: 'До цього документа не можна додати ще один підпис: {{reason}}.',
    TRUST_ANCHOR_UNREADABLE: 'У «{{file}}» не знайдено сертифіката X.509 (PEM або DER).',
    TRUST_ANCHOR_NOT_CA: 'Сертифікат «{{subject}}» не належить центру сертифікації і не є самопідписаним — він не може бути довіреним сертифікатом.',
    TRUST_ANCHOR_EXPIRED: 'Сертифікат «{{subject}}» недійсний (дійсний до {{validTo}}) — йому не можна довіряти.',
    RECEIPT_INVALID: 'Підтвердження не пройшло перевірку: {{reason}}.',
    RECEIPT_UNRECOGNISED: 'Файл {{file}} не є підтвердженням, яке знає Nadawca (UPP/UPD з ePUAP, підтвердження e-Doręczenia BP.WX/BP.OX у XML, доказ A.1/D.1/E.1 у XML або підтвердження BP.WP/BP.OP у PDF).',
    RECEIPT_UNMATCHED: 'Доказ {{type}} (повідомлення {{messageId}}) не зіставлено з жодним листом: жоден експортований лист не має підписаного файлу з назвою та розміром, зазначеними в доказі ({{files}}). Нічого не збережено.',
    RECEIPT_AMBIGUOUS: 'Доказ {{type}} (повідомлення {{messageId}}) не можна однозначно зіставити — підходить кілька листів: {{letters}}. Нічого не збережено.',
    RECEIPT_ADDRESSEE_MISMATCH: 'Доказ {{type}} (повідомлення {{messageId}}) не зіставлено з жодним листом: адресат у доказі ({{addressee}}) відрізняється від адресата листа {{letters}}. Нічого не збережено.',
    RECEIPT_MESSAGE_UNKNOWN: 'Доказ {{type}} вказує на повідомлення ({{messageId}}), ще не пов’язане з жодним листом — спершу імпортуйте підтвердження надсилання (BP.WX) або отримання (BP.OX) у XML. Нічого не збережено.',
    DATABASE_BUSY: 'Базу даних використовує запущений застосунок Nadawca.',
    COLLECT_UNAVAILABLE: 'Отримати лист із каналу {{channel}} у цій версії ще не можна — отримайте його в застосунку оператора; строки рахуються з моменту отримання.',
    DESKTOP_ONLY: 'Цю дію ({{what}}) можна виконати лише у вікні застосунку Nadawca.',
    PDF_UNSUPPORTED: 'Цей PDF не можна підписати чи перевірити (зашифрований, пошкоджений або сертифікований без права змін): {{reason}}.',
    INTERNAL: 'Внутрішня помилка. Подробиці записано в журнал.',
  },
};

/** Phrases for PIN state details, so "tries left" reads naturally in each language. */
const PIN_TRIES: Record<Lang, Record<'low' | 'final' | 'unknown', string>> = {
  pl: { low: 'Pozostało niewiele prób.', final: 'Uwaga: następny błędny PIN zablokuje kartę!', unknown: '' },
  en: { low: 'Few tries are left.', final: 'Warning: the next wrong PIN will lock the card!', unknown: '' },
  uk: { low: 'Залишилося мало спроб.', final: 'Увага: наступний неправильний PIN заблокує картку!', unknown: '' },
};

export function errorMessage(lang: Lang, code: ErrorCode, details: ErrorDetails = {}): string {
  const values: ErrorDetails = { ...details };
  if (code === 'PIN_INCORRECT') {
    const state = String(details.pinState ?? 'unknown') as 'low' | 'final' | 'unknown';
    values.triesLeft = PIN_TRIES[lang][state] ?? '';
  }
  const text = ERROR_MESSAGES[lang][code].replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = values[name];
    return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
  });
  return text.replace(/\s{2,}/g, ' ').trim();
}

export function pickLang(candidates: readonly (string | undefined)[]): Lang {
  for (const c of candidates) {
    const short = c?.toLowerCase().slice(0, 2);
    if (short && (LANGUAGES as readonly string[]).includes(short)) return short as Lang;
  }
  return 'pl';
}
