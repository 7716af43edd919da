/**
 * The compose form as plain data: the fields, how they become the `filings.create` input, and how
 * validation problems (client-side zod issues, or the router's INVALID_INPUT field paths) map back
 * to the fields. No React here.
 */
import type { TFunction } from 'i18next';
import { composeInputSchema, type ComposeInput } from '../../electron/common/contract';

export const KINDS = ['wniosek', 'inne pismo'] as const;
export const DEFAULT_INBOX = '/KRUS/SkrytkaESP';
/** Files travel inline (base64) over IPC; large files come by path in later work. */
export const MAX_INLINE_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 100;

/** Field keys in form order; the order of the error summary. */
export const FIELD_KEYS = [
  'firstName',
  'lastName',
  'pesel',
  'email',
  'postalCode',
  'city',
  'street',
  'building',
  'flat',
  'addresseeName',
  'inbox',
  'place',
  'date',
  'caseReference',
  'kind',
  'title',
  'content',
  'attachments',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];
export type TextFieldKey = Exclude<FieldKey, 'attachments'>;
export type ComposeForm = Record<TextFieldKey, string>;
export type FieldErrors = Partial<Record<FieldKey, string>>;

export interface AttachmentDraft {
  key: string;
  fileName: string;
  size: number;
  contentBase64: string;
}

/** Contract path (dots) → form field. */
const PATHS: Record<string, FieldKey> = {
  'sender.person.firstName': 'firstName',
  'sender.person.lastName': 'lastName',
  'sender.person.pesel': 'pesel',
  'sender.person': 'firstName',
  sender: 'firstName',
  'sender.email': 'email',
  'sender.address.postalCode': 'postalCode',
  'sender.address.city': 'city',
  'sender.address.street': 'street',
  'sender.address.building': 'building',
  'sender.address.flat': 'flat',
  'sender.address': 'postalCode',
  'addressee.name': 'addresseeName',
  'addressee.inbox': 'inbox',
  addressee: 'addresseeName',
  place: 'place',
  date: 'date',
  caseReference: 'caseReference',
  title: 'title',
  kind: 'kind',
  content: 'content',
  attachments: 'attachments',
};

export function fieldOfPath(path: string): FieldKey | null {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const hit = PATHS[parts.slice(0, n).join('.')];
    if (hit) return hit;
  }
  return null;
}

/** Element id of a field's control. */
export function fieldId(key: FieldKey): string {
  return `compose-${key}`;
}

export function emptyForm(today: string): ComposeForm {
  return {
    firstName: '',
    lastName: '',
    pesel: '',
    email: '',
    postalCode: '',
    city: '',
    street: '',
    building: '',
    flat: '',
    addresseeName: '',
    inbox: DEFAULT_INBOX,
    place: '',
    date: today,
    caseReference: '',
    kind: 'wniosek',
    title: '',
    content: '',
  };
}

/** Paragraphs are separated by blank lines; line breaks inside a paragraph are kept. */
export function splitParagraphs(content: string): string[] {
  const paragraphs = content
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return paragraphs.length > 0 ? paragraphs : [''];
}

const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

export function toComposeInput(form: ComposeForm, attachments: readonly AttachmentDraft[]): ComposeInput {
  return {
    sender: {
      person: {
        firstName: form.firstName,
        lastName: form.lastName,
        pesel: optional(form.pesel),
      },
      address: {
        postalCode: form.postalCode.trim(),
        city: form.city,
        street: optional(form.street),
        building: form.building,
        flat: optional(form.flat),
      },
      email: optional(form.email),
    },
    addressee: { name: form.addresseeName, inbox: form.inbox.trim() },
    place: form.place,
    date: form.date,
    caseReference: optional(form.caseReference),
    title: form.title,
    kind: form.kind,
    content: splitParagraphs(form.content),
    attachments: attachments.map((a) => ({ fileName: a.fileName, contentBase64: a.contentBase64 })),
  };
}

/** Messages for a field whose value the contract refused, when we know nothing more. */
function invalidMessage(t: TFunction, key: FieldKey): string {
  switch (key) {
    case 'pesel':
    case 'postalCode':
    case 'inbox':
    case 'email':
    case 'date':
    case 'content':
      return t(`validation.${key}`);
    default:
      return t('validation.invalid');
  }
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  maximum?: unknown;
  input?: unknown;
}

function issueMessage(t: TFunction, key: FieldKey, issue: IssueLike): string {
  switch (issue.code) {
    case 'too_small':
      return key === 'content' ? t('validation.content') : t('validation.required');
    case 'invalid_type':
      return t('validation.required');
    case 'too_big':
      return typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint'
        ? t('validation.tooLong', { max: Number(issue.maximum) })
        : t('validation.invalid');
    case 'custom':
      if (issue.message === 'fileName') return t('validation.fileName', { name: String(issue.input ?? '') });
      if (issue.message === 'personOrInstitution') return t('validation.sender');
      return invalidMessage(t, key);
    default:
      return invalidMessage(t, key);
  }
}

/** Client-side check mirroring the router's: the contract schema itself. */
export function validate(t: TFunction, input: ComposeInput, form: ComposeForm): FieldErrors {
  const parsed = composeInputSchema.safeParse(input);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = fieldOfPath(issue.path.map(String).join('.'));
    if (!key || errors[key]) continue;
    const empty = key !== 'attachments' && form[key].trim() === '';
    errors[key] = empty ? issueMessage(t, key, { ...issue, code: 'too_small' }) : issueMessage(t, key, issue);
  }
  return errors;
}

/** The router's INVALID_INPUT carries `details.fields`: contract paths such as `sender.person.pesel`. */
export function errorsFromServerFields(t: TFunction, fields: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const path of fields) {
    const key = fieldOfPath(path);
    if (key && !errors[key]) errors[key] = invalidMessage(t, key);
  }
  return errors;
}

export function orderedErrors(errors: FieldErrors): [FieldKey, string][] {
  return FIELD_KEYS.flatMap((k) => (errors[k] ? [[k, errors[k]] as [FieldKey, string]] : []));
}
