/**
 * The compose form as plain data: the fields, how they become the `filings.create` input, and how
 * validation problems (client-side zod issues, or the router's INVALID_INPUT field paths) map back
 * to the fields. No React here.
 *
 * Field keys are strings: a scalar field's name ("firstName"), or a repeated line's list and index
 * ("statements.2").
 */
import type { TFunction } from 'i18next';
import { composeInputSchema, type ComposeInput } from '../../electron/common/contract';
import { KINDS as SCHEMA_KINDS, OTHER_KIND } from '../../electron/common/compose-schema';
import { senderSchema, type DraftSpec, type DraftSummary, type Sender } from '../../electron/common/contract-drafts';

export const KINDS = SCHEMA_KINDS;
export { OTHER_KIND };
export const DEFAULT_INBOX = '/KRUS/SkrytkaESP';
export const MAX_ATTACHMENTS = 100;
export const MAX_LINES = 20;

export const SENDER_TYPES = ['person', 'institution'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];
export const ID_TYPES = ['pesel', 'nip', 'otherId', 'none'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** Text fields in form order. */
export const SCALAR_KEYS = [
  'firstName',
  'secondName',
  'lastName',
  'idType',
  'pesel',
  'personNip',
  'otherIdType',
  'otherIdValue',
  'institutionName',
  'institutionNip',
  'regon',
  'krs',
  'email',
  'phone',
  'postalCode',
  'city',
  'street',
  'building',
  'flat',
  'voivodeship',
  'county',
  'commune',
  'addresseeName',
  'inbox',
  'place',
  'date',
  'caseReference',
  'kind',
  'kindOther',
  'title',
  'content',
  'signatoryFirstName',
  'signatorySecondName',
  'signatoryLastName',
  'signatoryPosition',
  'signatoryOnAuthorisationOf',
] as const;
export type TextFieldKey = (typeof SCALAR_KEYS)[number];

export const LIST_KEYS = ['additionalAddressees', 'statements', 'additionalInfo'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** A scalar field, a line of a list ("statements.0"), the sender choice or the attachments. */
export type FieldKey = TextFieldKey | 'senderType' | 'attachments' | `${ListKey}.${number}`;

export type ComposeForm = Record<TextFieldKey, string> &
  Record<ListKey, string[]> & {
    senderType: SenderType;
  };
export type FieldErrors = Partial<Record<FieldKey, string>>;

/** Contract path (dots) → form field; list items keep their index. */
const PATHS: Record<string, FieldKey> = {
  'sender.person.firstName': 'firstName',
  'sender.person.secondName': 'secondName',
  'sender.person.lastName': 'lastName',
  'sender.person.pesel': 'pesel',
  'sender.person.nip': 'personNip',
  'sender.person.otherId.type': 'otherIdType',
  'sender.person.otherId.value': 'otherIdValue',
  'sender.person.otherId': 'otherIdValue',
  'sender.person': 'firstName',
  'sender.institution.name': 'institutionName',
  'sender.institution.nip': 'institutionNip',
  'sender.institution.regon': 'regon',
  'sender.institution.krs': 'krs',
  'sender.institution': 'institutionName',
  sender: 'senderType',
  'sender.email': 'email',
  'sender.phone': 'phone',
  'sender.address.postalCode': 'postalCode',
  'sender.address.city': 'city',
  'sender.address.street': 'street',
  'sender.address.building': 'building',
  'sender.address.flat': 'flat',
  'sender.address.voivodeship': 'voivodeship',
  'sender.address.county': 'county',
  'sender.address.commune': 'commune',
  'sender.address': 'postalCode',
  'addressee.name': 'addresseeName',
  'addressee.inbox': 'inbox',
  addressee: 'addresseeName',
  place: 'place',
  date: 'date',
  caseReference: 'caseReference',
  title: 'title',
  kind: 'kind',
  kindOther: 'kindOther',
  content: 'content',
  'signatory.firstName': 'signatoryFirstName',
  'signatory.secondName': 'signatorySecondName',
  'signatory.lastName': 'signatoryLastName',
  'signatory.position': 'signatoryPosition',
  'signatory.onAuthorisationOf': 'signatoryOnAuthorisationOf',
  signatory: 'signatoryFirstName',
  attachments: 'attachments',
};

/**
 * Which contract path a field is, for paths of lists the index must be mapped back through the
 * indices of the non-blank lines (blank lines are not sent).
 */
export function fieldOfPath(path: string, lineIndex: (list: ListKey, sent: number) => number = (_l, i) => i): FieldKey | null {
  const parts = path.split('.');
  const list = LIST_KEYS.find((l) => l === parts[0]);
  if (list) {
    const sent = Number(parts[1]);
    if (!Number.isInteger(sent)) return null;
    return `${list}.${lineIndex(list, sent)}`;
  }
  for (let n = parts.length; n > 0; n--) {
    const hit = PATHS[parts.slice(0, n).join('.')];
    if (hit) return hit;
  }
  return null;
}

/** Element id of a field's control. */
export function fieldId(key: FieldKey): string {
  return `compose-${key.replace(/\./g, '-')}`;
}

export function emptyForm(today: string): ComposeForm {
  const form = Object.fromEntries(SCALAR_KEYS.map((k) => [k, ''])) as Record<TextFieldKey, string>;
  return {
    ...form,
    idType: 'pesel',
    inbox: DEFAULT_INBOX,
    date: today,
    kind: 'wniosek',
    senderType: 'person',
    additionalAddressees: [],
    statements: [],
    additionalInfo: [],
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
/** Indices of the lines that are sent (blank lines are left out). */
export function sentLines(lines: readonly string[]): number[] {
  return lines.flatMap((l, i) => (l.trim() === '' ? [] : [i]));
}
const nonBlank = (lines: readonly string[]): string[] | undefined => {
  const kept = lines.filter((l) => l.trim() !== '');
  return kept.length > 0 ? kept : undefined;
};

/** The signatory block is sent when any of its fields is filled in. */
export function hasSignatory(form: ComposeForm): boolean {
  return (
    [form.signatoryFirstName, form.signatorySecondName, form.signatoryLastName, form.signatoryPosition, form.signatoryOnAuthorisationOf].some((v) => v.trim() !== '')
  );
}

export interface AttachmentRef {
  stagedId: string;
  description: string;
}

function person(form: ComposeForm): NonNullable<ComposeInput['sender']['person']> {
  return {
    firstName: form.firstName,
    secondName: optional(form.secondName),
    lastName: form.lastName,
    pesel: form.idType === 'pesel' ? optional(form.pesel) : undefined,
    nip: form.idType === 'nip' ? optional(form.personNip) : undefined,
    otherId: form.idType === 'otherId' ? { type: form.otherIdType, value: form.otherIdValue } : undefined,
  };
}

export function toComposeInput(form: ComposeForm, attachments: readonly AttachmentRef[]): ComposeInput {
  return {
    sender: {
      person: form.senderType === 'person' ? person(form) : undefined,
      institution:
        form.senderType === 'institution'
          ? { name: form.institutionName, nip: optional(form.institutionNip), regon: optional(form.regon), krs: optional(form.krs) }
          : undefined,
      address: {
        postalCode: form.postalCode.trim(),
        city: form.city,
        street: optional(form.street),
        building: form.building,
        flat: optional(form.flat),
        voivodeship: optional(form.voivodeship),
        county: optional(form.county),
        commune: optional(form.commune),
      },
      email: optional(form.email),
      phone: optional(form.phone),
    },
    addressee: { name: form.addresseeName, inbox: form.inbox.trim() },
    additionalAddressees: nonBlank(form.additionalAddressees)?.map((name) => ({ name })),
    place: form.place,
    date: form.date,
    caseReference: optional(form.caseReference),
    title: form.title,
    kind: form.kind,
    kindOther: form.kind === OTHER_KIND ? form.kindOther : undefined,
    content: splitParagraphs(form.content),
    statements: nonBlank(form.statements),
    additionalInfo: nonBlank(form.additionalInfo),
    signatory: hasSignatory(form)
      ? {
          firstName: form.signatoryFirstName,
          secondName: optional(form.signatorySecondName),
          lastName: form.signatoryLastName,
          position: optional(form.signatoryPosition),
          onAuthorisationOf: optional(form.signatoryOnAuthorisationOf),
        }
      : undefined,
    attachments: attachments.map((a) => ({ stagedId: a.stagedId, description: optional(a.description) })),
  };
}

const SPECIFIC = new Set<string>(['pesel', 'personNip', 'institutionNip', 'regon', 'krs', 'postalCode', 'inbox', 'email', 'date', 'content', 'kindOther']);
const MESSAGE_OF: Record<string, string> = { personNip: 'nip', institutionNip: 'nip' };

/** Messages for a field whose value the contract refused, when we know nothing more. */
function invalidMessage(t: TFunction, key: FieldKey): string {
  return SPECIFIC.has(key) ? t(`validation.${MESSAGE_OF[key] ?? key}`) : t('validation.invalid');
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
      if (issue.message === 'oneIdentifier') return t('validation.oneIdentifier');
      return invalidMessage(t, key);
    default:
      return invalidMessage(t, key);
  }
}

/** The current text of a field, '' for fields that are not text. */
export function valueOf(form: ComposeForm, key: FieldKey): string {
  const [head, index] = key.split('.') as [string, string | undefined];
  if (index !== undefined) return (form[head as ListKey] ?? [])[Number(index)] ?? '';
  if ((SCALAR_KEYS as readonly string[]).includes(head)) return form[head as TextFieldKey];
  return 'x';
}

function lineMapper(form: ComposeForm) {
  const sent = Object.fromEntries(LIST_KEYS.map((l) => [l, sentLines(form[l])])) as Record<ListKey, number[]>;
  return (list: ListKey, i: number) => sent[list][i] ?? i;
}

/** Client-side check mirroring the router's: the contract schema itself. */
export function validate(t: TFunction, input: ComposeInput, form: ComposeForm): FieldErrors {
  const parsed = composeInputSchema.safeParse(input);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  const lines = lineMapper(form);
  for (const issue of parsed.error.issues) {
    const key = fieldOfPath(issue.path.map(String).join('.'), lines);
    if (!key || errors[key]) continue;
    const empty = key !== 'attachments' && valueOf(form, key).trim() === '';
    errors[key] = empty && issue.message !== 'oneIdentifier' ? issueMessage(t, key, { ...issue, code: 'too_small' }) : issueMessage(t, key, issue);
  }
  return errors;
}

/** The router's INVALID_INPUT carries `details.fields`: contract paths such as `sender.person.pesel`. */
export function errorsFromServerFields(t: TFunction, fields: readonly string[], form: ComposeForm): FieldErrors {
  const errors: FieldErrors = {};
  const lines = lineMapper(form);
  for (const path of fields) {
    const key = fieldOfPath(path, lines);
    if (key && !errors[key]) errors[key] = invalidMessage(t, key);
  }
  return errors;
}

/** Every field key of the form as it stands, in form order. */
export function formOrder(form: ComposeForm): FieldKey[] {
  const keys: FieldKey[] = ['senderType'];
  for (const k of SCALAR_KEYS) {
    keys.push(k);
    if (k === 'inbox') keys.push(...form.additionalAddressees.map((_, i) => `additionalAddressees.${i}` as const));
    if (k === 'content') {
      keys.push(...form.statements.map((_, i) => `statements.${i}` as const));
      keys.push(...form.additionalInfo.map((_, i) => `additionalInfo.${i}` as const));
    }
  }
  keys.push('attachments');
  return keys;
}

export function orderedErrors(errors: FieldErrors, form: ComposeForm): [FieldKey, string][] {
  const order = formOrder(form);
  const known = order.flatMap((k) => (errors[k] ? [[k, errors[k]] as [FieldKey, string]] : []));
  const rest = (Object.keys(errors) as FieldKey[]).filter((k) => !order.includes(k) && errors[k]).map((k) => [k, errors[k]!] as [FieldKey, string]);
  return [...known, ...rest];
}

/* ——— Drafts and sender profiles ——— */

/**
 * The form as a draft: every text as typed (blank lines and empty fields kept, so a reopened draft
 * is the form the user left), only the chosen sender kind, and the identifier by what is chosen
 * (an empty PESEL still says "PESEL was chosen"; no identifier at all is "none").
 */
export function toDraftSpec(form: ComposeForm, attachments: readonly AttachmentRef[]): DraftSpec {
  const idPart =
    form.idType === 'pesel' ? { pesel: form.pesel }
    : form.idType === 'nip' ? { nip: form.personNip }
    : form.idType === 'otherId' ? { otherId: { type: form.otherIdType, value: form.otherIdValue } }
    : {};
  return {
    sender: {
      ...(form.senderType === 'person'
        ? { person: { firstName: form.firstName, secondName: form.secondName, lastName: form.lastName, ...idPart } }
        : { institution: { name: form.institutionName, nip: form.institutionNip, regon: form.regon, krs: form.krs } }),
      address: {
        postalCode: form.postalCode, city: form.city, street: form.street, building: form.building, flat: form.flat,
        voivodeship: form.voivodeship, county: form.county, commune: form.commune,
      },
      email: form.email,
      phone: form.phone,
    },
    addressee: { name: form.addresseeName, inbox: form.inbox },
    additionalAddressees: form.additionalAddressees.map((name) => ({ name })),
    place: form.place,
    date: form.date,
    caseReference: form.caseReference,
    title: form.title,
    kind: form.kind,
    kindOther: form.kindOther,
    content: form.content === '' ? [] : splitParagraphs(form.content),
    statements: [...form.statements],
    additionalInfo: [...form.additionalInfo],
    signatory: {
      firstName: form.signatoryFirstName,
      secondName: form.signatorySecondName,
      lastName: form.signatoryLastName,
      position: form.signatoryPosition,
      onAuthorisationOf: form.signatoryOnAuthorisationOf,
    },
    attachments: attachments.map((a) => ({ stagedId: a.stagedId, description: a.description === '' ? undefined : a.description })),
  };
}

/** The sender part of the form from a (draft or profile) sender; other fields are kept. */
export function withSender(form: ComposeForm, sender: DraftSpec['sender']): ComposeForm {
  const s = sender ?? {};
  const p = s.person;
  const idType: string = p?.otherId ? 'otherId' : p?.nip !== undefined ? 'nip' : p?.pesel !== undefined ? 'pesel' : p ? 'none' : form.idType;
  const a = s.address ?? {};
  return {
    ...form,
    senderType: s.institution && !p ? 'institution' : 'person',
    firstName: p?.firstName ?? '',
    secondName: p?.secondName ?? '',
    lastName: p?.lastName ?? '',
    idType,
    pesel: p?.pesel ?? '',
    personNip: p?.nip ?? '',
    otherIdType: p?.otherId?.type ?? '',
    otherIdValue: p?.otherId?.value ?? '',
    institutionName: s.institution?.name ?? '',
    institutionNip: s.institution?.nip ?? '',
    regon: s.institution?.regon ?? '',
    krs: s.institution?.krs ?? '',
    email: s.email ?? '',
    phone: s.phone ?? '',
    postalCode: a.postalCode ?? '',
    city: a.city ?? '',
    street: a.street ?? '',
    building: a.building ?? '',
    flat: a.flat ?? '',
    voivodeship: a.voivodeship ?? '',
    county: a.county ?? '',
    commune: a.commune ?? '',
  };
}

/** A draft (or a filing's letter as a draft) back into the form and its staged attachments. */
export function fromDraftSpec(spec: DraftSpec, today: string): { form: ComposeForm; attachments: AttachmentRef[] } {
  const base = emptyForm(today);
  const sig = spec.signatory ?? {};
  const form: ComposeForm = {
    ...withSender(base, spec.sender),
    addresseeName: spec.addressee?.name ?? '',
    inbox: spec.addressee?.inbox ?? base.inbox,
    additionalAddressees: (spec.additionalAddressees ?? []).map((a) => a.name ?? ''),
    place: spec.place ?? '',
    date: spec.date ?? base.date,
    caseReference: spec.caseReference ?? '',
    title: spec.title ?? '',
    kind: spec.kind ?? base.kind,
    kindOther: spec.kindOther ?? '',
    content: (spec.content ?? []).join('\n\n'),
    statements: [...(spec.statements ?? [])],
    additionalInfo: [...(spec.additionalInfo ?? [])],
    signatoryFirstName: sig.firstName ?? '',
    signatorySecondName: sig.secondName ?? '',
    signatoryLastName: sig.lastName ?? '',
    signatoryPosition: sig.position ?? '',
    signatoryOnAuthorisationOf: sig.onAuthorisationOf ?? '',
  };
  if (!spec.sender?.person && !spec.sender?.institution) form.idType = base.idType;
  const attachments = (spec.attachments ?? []).map((a) => ({ stagedId: a.stagedId, description: a.description ?? '' }));
  return { form, attachments };
}

/** The sender part of the form as a profile's sender, or null when it is not complete and valid. */
export function senderOfForm(form: ComposeForm): Sender | null {
  const parsed = senderSchema.safeParse(toComposeInput(form, []).sender);
  return parsed.success ? parsed.data : null;
}

/** The most recent draft not yet turned into a filing (drafts.list is newest first). */
export function unfinishedDraft(list: readonly DraftSummary[]): DraftSummary | null {
  return list.find((d) => d.filingId === null) ?? null;
}

/** HH:MM of an ISO time in the local zone, for "Zapisano szkic 14:02". */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
