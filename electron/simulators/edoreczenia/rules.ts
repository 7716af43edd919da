/**
 * The operator's rules the simulator enforces (COI PT §3.4, DOMAIN-inboxes §4.8, §7) and the R13
 * deemed-delivery date. R13 uses the shared legal calendar (electron/common/legal-calendar-*:
 * Polish statutory holidays in Europe/Warsaw), so the simulator and the deadline rules agree.
 */
import { checkFileName } from '../../common/file-names';
import { addDays, warsawDate, weekday, startOfDay, daysBetween, type LocalDate } from '../../common/legal-calendar-dates';
import { holidayOn } from '../../common/legal-calendar-holidays';

/** R2: standard mode, PURDE. */
export const MAX_RECIPIENTS = 15;
/** COI UC024: the JSON/base64 attachment path is for files up to 15 MB. */
export const JSON_ATTACHMENT_LIMIT = 15 * 1024 * 1024;

/** Annex E content types by extension (DOMAIN-inboxes §7.1) plus the CAdES/XAdES forms Nadawca sends. */
const KRI: Record<string, string[]> = {
  txt: ['text/plain'], rtf: ['application/rtf'], pdf: ['application/pdf'], xps: ['application/vnd.ms-xpsdocument'],
  odt: ['application/vnd.oasis.opendocument.text'], ods: ['application/vnd.oasis.opendocument.spreadsheet'], odp: ['application/vnd.oasis.opendocument.presentation'],
  doc: ['application/msword', 'application/vnd.ms-word'], xls: ['application/vnd.ms-excel'], ppt: ['application/vnd.ms-powerpoint'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'], xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'], csv: ['text/csv'],
  jpg: ['image/jpeg'], jpeg: ['image/jpeg'], tif: ['image/tiff'], tiff: ['image/tiff'], geotiff: ['image/tiff'], png: ['image/png'], svg: ['image/svg+xml'], jp2: ['image/jp2'],
  wav: ['audio/x-wav'], mp3: ['audio/mpeg'], avi: ['video/x-msvideo'], mpg: ['video/mpeg'], mpeg: ['video/mpeg'], mpeg4: ['video/mpeg'], mp4: ['video/mp4'], m4a: ['audio/mp4'], ogg: ['audio/ogg'], ogv: ['video/ogg'],
  zip: ['application/zip'], tar: ['application/x-tar'], gz: ['application/gzip'], gzip: ['application/gzip'], '7z': ['application/x-7z-compressed'],
  xml: ['application/xml', 'text/xml'], xsd: ['application/xml'], rng: ['application/xml'], xsl: ['application/xml'], xslt: ['application/xslt+xml'], gml: ['application/gml+xml'],
  html: ['text/html'], xhtml: ['text/html'], css: ['text/css'],
  p7s: ['application/pkcs7-signature', 'text/x-ttcn-asn'], p7m: ['application/pkcs7-mime', 'text/x-ttcn-asn'], sig: ['text/x-ttcn-asn', 'application/pkcs7-signature'],
  asice: ['application/vnd.etsi.asic-e+zip'], asics: ['application/vnd.etsi.asic-s+zip'],
  dwg: ['image/vnd.dwg'], dwf: ['model/vnd.dwf'], dxf: ['image/vnd.dxf'], dgn: ['application/vnd.dgn'],
};

export interface RuleViolation { error: string; error_description: string }

/** R1 for one attachment: name, extension in lower case, type on the KRI list matching the extension. */
export function attachmentViolations(filename: string | undefined, contentType: string | undefined, existing: readonly string[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!filename) return [{ error: 'R1_FILENAME', error_description: 'Brak nazwy pliku / file name missing' }];
  const check = checkFileName(filename);
  const reasons = check.reasons.filter((r) => r !== 'duplicate');
  if (reasons.length > 0) out.push({ error: 'R1_FILENAME', error_description: `Niedozwolona nazwa pliku „${filename}” (${reasons.join(', ')}) / file name not allowed` });
  if (existing.includes(filename)) out.push({ error: 'R1_DUPLICATE', error_description: `Nazwa pliku „${filename}” powtarza się w wiadomości / duplicate file name` });
  const ext = /\.([^.]+)$/.exec(filename)?.[1] ?? '';
  const allowed = KRI[ext];
  if (!allowed) out.push({ error: 'R1_FORMAT', error_description: `Format „.${ext}” nie jest na liście KRI / format not allowed` });
  else if (!contentType || !allowed.includes(contentType.split(';')[0]!.trim().toLowerCase())) {
    out.push({ error: 'R1_CONTENT_TYPE', error_description: `Typ „${contentType ?? ''}” nie odpowiada rozszerzeniu .${ext} (oczekiwano ${allowed.join(' | ')}) / content type does not match` });
  }
  return out;
}

/** Saturday, Sunday or a statutory holiday (DOMAIN-deadlines §4.1 isClosed). */
export function isClosed(date: LocalDate): boolean {
  const wd = weekday(date);
  return wd === 0 || wd === 6 || holidayOn(date) !== null;
}

export type DeemedMode = 'operatorR13' | 'statute';

export interface DeemedDelivery {
  /** Last day of the collection term (D + 14, rolled past Saturdays, Sundays and holidays). */
  lastDay: LocalDate;
  /** The delivery date the BP.OX states: R13 literal (= lastDay) or the statute (lastDay + 1). */
  deemedDate: LocalDate;
  /** When the simulator issues the BP.OX: the start of the day after the term. */
  issueAt: Date;
}

/** R13 (DOMAIN-deadlines §4.2): from the D.1 instant. */
export function deemedDelivery(d1: Date, mode: DeemedMode = 'operatorR13'): DeemedDelivery {
  let lastDay = addDays(warsawDate(d1), 14);
  while (isClosed(lastDay)) lastDay = addDays(lastDay, 1);
  const after = addDays(lastDay, 1);
  return { lastDay, deemedDate: mode === 'statute' ? after : lastDay, issueAt: startOfDay(after) };
}

/** `daysToReceive` for a Stub: days left in the collection term, 0 once it is over. */
export function daysToReceive(d1: Date, now: Date): number {
  return Math.max(0, daysBetween(warsawDate(now), deemedDelivery(d1).lastDay));
}
