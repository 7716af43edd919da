/**
 * The directory entry form as plain data: the fields, how they become a `directory.save` entry,
 * and how problems (the contract schema's issues, or the router's INVALID_INPUT paths, or an
 * import's field paths) map back to fields and labels. No React here.
 */
import type { TFunction } from 'i18next';
import {
  directoryEntryInputSchema,
  type DirectoryEntryInput,
  type DirectoryEntryView,
  type SizeScope,
} from '../../electron/common/contract-directory';

const MB = 1024 * 1024;

export const ENTRY_FIELDS = [
  'name',
  'town',
  'epuapAddress',
  'epuapNote',
  'edoreczeniaAddress',
  'sizeLimitMb',
  'sizeLimitScope',
  'allowedFormats',
  'notes',
  'source',
  'verifiedOn',
] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];
export type EntryForm = Record<EntryField, string>;
export type EntryErrors = Partial<Record<EntryField, string>>;

export const emptyEntryForm = (): EntryForm => Object.fromEntries(ENTRY_FIELDS.map((f) => [f, ''])) as EntryForm;

/** Megabytes as the form shows them ("1,5" in Polish); whole numbers stay whole. */
export function formatMegabytes(bytes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3, useGrouping: false }).format(bytes / MB);
}

export function formOfEntry(e: DirectoryEntryView, locale: string): EntryForm {
  return {
    name: e.name,
    town: e.town ?? '',
    epuapAddress: e.epuap?.address ?? '',
    epuapNote: e.epuap?.note ?? '',
    edoreczeniaAddress: e.edoreczenia?.address ?? '',
    sizeLimitMb: e.sizeLimit ? formatMegabytes(e.sizeLimit.bytes, locale) : '',
    sizeLimitScope: e.sizeLimit?.scope ?? '',
    allowedFormats: e.allowedFormats?.join(', ') ?? '',
    notes: e.notes,
    source: e.source,
    verifiedOn: e.verifiedOn ?? '',
  };
}

const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

/** "3", "1,5", "1.5" → bytes; anything else → NaN, which the schema names as sizeLimit.bytes. */
function megabytesToBytes(text: string): number {
  const normalised = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(normalised) ? Math.round(Number(normalised) * MB) : Number.NaN;
}

/**
 * The entry to save. An unchanged limit keeps its exact byte count (a limit of 3 000 000 bytes
 * shows as "2,861" MB and must not come back as 2 999 975).
 */
export function toEntryInput(form: EntryForm, original: DirectoryEntryView | null, locale: string): DirectoryEntryInput {
  const keptBytes = original?.sizeLimit && form.sizeLimitMb === formatMegabytes(original.sizeLimit.bytes, locale) ? original.sizeLimit.bytes : null;
  const hasLimit = optional(form.sizeLimitMb) !== undefined || form.sizeLimitScope !== '';
  const formats = optional(form.allowedFormats)?.split(/[\s,;]+/).filter(Boolean);
  return {
    ...(original ? { id: original.id } : {}),
    name: form.name,
    town: optional(form.town),
    epuap: optional(form.epuapAddress) || optional(form.epuapNote) ? { address: form.epuapAddress.trim(), note: optional(form.epuapNote) } : undefined,
    edoreczenia: optional(form.edoreczeniaAddress) ? { address: form.edoreczeniaAddress } : undefined,
    sizeLimit: hasLimit ? { bytes: keptBytes ?? megabytesToBytes(form.sizeLimitMb), scope: form.sizeLimitScope as SizeScope } : undefined,
    allowedFormats: formats?.map((f) => f.replace(/^\./, '')),
    notes: form.notes,
    source: form.source,
    verifiedOn: optional(form.verifiedOn),
  };
}

/** Entry path ("epuap.address", "entry.sizeLimit.bytes", "allowedFormats.2") → form field. */
export function fieldOfPath(path: string): EntryField | null {
  const [head, sub] = path.replace(/^entry\./, '').split('.');
  switch (head) {
    case 'epuap':
      return sub === 'note' ? 'epuapNote' : 'epuapAddress';
    case 'edoreczenia':
      return 'edoreczeniaAddress';
    case 'sizeLimit':
      return sub === 'scope' ? 'sizeLimitScope' : 'sizeLimitMb';
    default:
      return (ENTRY_FIELDS as readonly string[]).includes(head ?? '') ? (head as EntryField) : null;
  }
}

function messageFor(t: TFunction, field: EntryField, form: EntryForm, tooLong: number | null): string {
  if (tooLong !== null) return t('validation.tooLong', { max: tooLong });
  if (field === 'epuapAddress' && form.epuapAddress.trim() === '') return t('directory.validation.epuapMissing');
  if (field === 'verifiedOn') return t('validation.date');
  return t(`directory.validation.${field}`, { defaultValue: t('validation.invalid') });
}

/** Client-side check with the contract's own schema. */
export function validateEntry(t: TFunction, input: DirectoryEntryInput, form: EntryForm): EntryErrors {
  const parsed = directoryEntryInputSchema.safeParse(input);
  if (parsed.success) return {};
  const errors: EntryErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOfPath(issue.path.map(String).join('.'));
    if (!field || errors[field]) continue;
    const max = issue.code === 'too_big' && typeof issue.maximum === 'number' && field !== 'sizeLimitMb' ? issue.maximum : null;
    errors[field] = messageFor(t, field, form, max);
  }
  return errors;
}

/** The router's INVALID_INPUT carries contract paths such as `entry.epuap.address`. */
export function errorsFromServerFields(t: TFunction, fields: readonly string[], form: EntryForm): EntryErrors {
  const errors: EntryErrors = {};
  for (const path of fields) {
    const field = fieldOfPath(path);
    if (field && !errors[field]) errors[field] = messageFor(t, field, form, null);
  }
  return errors;
}

/**
 * How an import problem reads to the user: a file-shape problem, or the form label with the CSV
 * column or JSON path as the file names it, or an unknown column.
 */
export function importFieldLabel(t: TFunction, name: string): string {
  if (['csv', 'json', 'columns', 'format', 'version', 'entries', 'id', 'kind'].includes(name)) return t(`directory.importFields.${name}`);
  const field = name === 'sizeLimitBytes' ? 'sizeLimitMb' : fieldOfPath(name);
  if (!field) return t('directory.importFields.unknownColumn', { name });
  // The file holds bytes, the form megabytes: name the limit without its unit.
  return `${field === 'sizeLimitMb' ? t('directory.card.limit') : t(`directory.fields.${field}`)} (${name})`;
}
