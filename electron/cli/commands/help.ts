import type { Lang } from '../../common/messages';

const USAGE = `
  nadawca compose SPEC.json --out FILE.xml [--template 1410|4566] [--json]
  nadawca demo [--out DIR] [--json]
  nadawca deadline --event INSTANT --rule deemed-edoreczenia|deemed-epuap|term [--days N] [--mode MODE] [--json]
  nadawca doctor [--module PATH]... [--report FILE] [--json]
  nadawca certs [--module PATH]... [--p12 FILE [--password-env VAR]] [--json]
  nadawca inbox [--json] | nadawca inbox collect ID [--yes]
  nadawca outbox [--json]
  nadawca receipts [--json] | nadawca receipts show ID [--out DIR] [--json]
  nadawca send FILE --to ADDRESS [--channel edoreczenia|epuap|manual] [--profile NAME] [--no-wait] [--json]
  nadawca profile add NAME --channel epuap --endpoint URL --address OWN_ADDRESS
               [--system-p12 FILE --password-env VAR | --system-token CERT_ID --pin-env VAR]
  nadawca profile add NAME --channel edoreczenia --endpoint URL --address AE:PL-… --token-url URL --client-id ID
               [--client-secret-env VAR] [--system-p12 FILE --password-env VAR | --system-token CERT_ID --pin-env VAR] [--ca PEM]...
  nadawca profile list [--json] | nadawca profile remove NAME [--channel edoreczenia|epuap]
  nadawca sign FILE... --format xades|xades-enveloping|xades-detached|cades|cades-attached|pades
               [--level B-B|B-T|B-LT] [--tsa URL] [--ocsp URL] [--module PATH]... [--cert ID] [--p12 FILE --password-env VAR] [--pin-env VAR] [--out PATH] [--json]
  nadawca verify FILE [--content FILE] [--trust PEM]... [--ocsp URL] [--json]
  nadawca simulator edoreczenia|epuap [--port N] [--clock-offset DAYS]
  nadawca help

  --data DIR        (NADAWCA_DATA)
  --lang pl|en|uk
  --json`;

const INTRO: Record<Lang, string> = {
  pl: 'Nadawca — podpisywanie i wysyłanie pism do urzędów (e-Doręczenia, ePUAP).\nPolecenia dostępne w tej wersji:',
  en: 'Nadawca — sign and send letters to Polish public bodies (e-Doręczenia, ePUAP).\nCommands available in this version:',
  uk: 'Nadawca — підписання та надсилання листів до польських установ (e-Doręczenia, ePUAP).\nКоманди, доступні в цій версії:',
};

const OUTRO: Record<Lang, string> = {
  pl: 'Kody wyjścia: 0 sukces, 1 wynik negatywny, 2 błędne dane, 3 środowisko, 4 błąd wewnętrzny.',
  en: 'Exit status: 0 success, 1 negative result, 2 bad input, 3 environment, 4 internal error.',
  uk: 'Коди виходу: 0 успіх, 1 негативний результат, 2 неправильні дані, 3 середовище, 4 внутрішня помилка.',
};

export function helpText(lang: Lang): string {
  return `${INTRO[lang]}\n${USAGE}\n\n${OUTRO[lang]}\n`;
}
