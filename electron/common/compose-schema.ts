/** What a letter is made of: the compose description shared by the UI, IPC, the CLI and the builder. */
import { z } from 'zod';
import { channelOfAddress } from './addresses';
import { stagedAttachmentRefSchema } from './contract-attachments';
import { isValidKrs, isValidNip, isValidPesel, isValidPostalCode, isValidRegon } from './identifiers';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
/** Cross-field rules run even beside type errors elsewhere, so one pass names every wrong field. */
const always = { when: () => true };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Kinds of letter users need; the pismo's `rodzaj` attribute carries the value as is. */
export const KINDS = ['wniosek', 'zawiadomienie', 'skarga', 'odwołanie', 'zażalenie', 'inne pismo'] as const;
export type Kind = (typeof KINDS)[number];
/** The kind whose name the user writes (`kindOther`, the pismo's `jakiInny`). */
export const OTHER_KIND = 'inne pismo' satisfies Kind;

export const addressSchema = z.object({
  postalCode: z.string().refine(isValidPostalCode, 'postalCode'),
  city: text(100),
  street: optionalText(100),
  building: text(20),
  flat: optionalText(20),
  voivodeship: optionalText(50),
  county: optionalText(100),
  commune: optionalText(100),
});

const PERSON_IDS = ['pesel', 'nip', 'otherId'] as const;

export const personSchema = z.object({
  firstName: text(100),
  secondName: optionalText(100),
  lastName: text(150),
  pesel: z.string().refine(isValidPesel, 'pesel').optional(),
  nip: z.string().refine(isValidNip, 'nip').optional(),
  otherId: z.object({ type: text(100), value: text(100) }).optional(),
}).superRefine((person, ctx) => {
  if (!isRecord(person)) return;
  // The pismo holds one identifier per person (oso:IdOsoby); each extra one is named.
  const given = PERSON_IDS.filter((k) => person[k] !== undefined);
  if (given.length > 1) for (const k of given) ctx.addIssue({ code: 'custom', path: [k], message: 'oneIdentifier' });
}, always);

export const institutionSchema = z.object({
  name: text(300),
  nip: z.string().refine(isValidNip, 'nip').optional(),
  regon: z.string().refine(isValidRegon, 'regon').optional(),
  krs: z.string().refine(isValidKrs, 'krs').optional(),
});

export const inboxAddressSchema = z
  .string()
  .trim()
  .refine((a) => channelOfAddress(a) !== null, 'inbox');

const descriptionSchema = optionalText(500);

/** A name a file may travel under (DOMAIN-inboxes §7.2). */
const fileNameSchema = text(128)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what file names must not hold
  .refine((n) => !/[\\/:*?"<>|\u0000-\u001f]/.test(n), 'fileName');

export const attachmentInputSchema = z.object({
  fileName: fileNameSchema,
  description: descriptionSchema,
  /** Base64 content for small files chosen in the renderer; large ones are staged files. */
  contentBase64: z.string().min(1).regex(/^[A-Za-z0-9+/=\s]+$/, 'contentBase64'),
});

export const signatorySchema = z.object({
  firstName: text(100),
  secondName: optionalText(100),
  lastName: text(150),
  position: optionalText(200),
  /** Signs on someone's authority (the pismo's wnio:ZUpowaznienia). */
  /** Whose authority the signatory acts on — the official layout prints "Z upoważnienia <this>". */
  onAuthorisationOf: z.string().trim().min(1).max(200).optional(),
});

export const composeInputSchema = z.object({
  // 4566 is the current "Pismo ogólne do podmiotu publicznego" (DOMAIN-inboxes §5.1); 1410 stays available.
  template: z.enum(['1410', '4566']).default('4566'),
  sender: z.object({
    person: personSchema.optional(),
    institution: institutionSchema.optional(),
    address: addressSchema,
    email: z.email().max(254).optional(),
    phone: optionalText(40),
  }).refine((s) => isRecord(s) && (s.person ? 1 : 0) + (s.institution ? 1 : 0) === 1, { message: 'personOrInstitution', ...always }),
  /** The inbox the letter is sent to. */
  addressee: z.object({ name: text(300), inbox: inboxAddressSchema }),
  /** Further addressees named in the letter; it still goes to `addressee.inbox` only. */
  additionalAddressees: z.array(z.object({ name: text(300) })).max(20).optional(),
  place: text(100),
  date: z.iso.date(),
  caseReference: optionalText(100),
  title: text(500),
  // Input typed as any string, so forms holding the kind as text keep compiling; the value is checked.
  kind: z.string().pipe(z.enum(KINDS)).default('wniosek'),
  kindOther: text(100).optional(),
  content: z.array(z.string().max(100_000)).min(1).max(500).refine((p) => p.some((x) => x.trim() !== ''), 'content'),
  statements: z.array(text(5_000)).max(50).optional(),
  additionalInfo: z.array(text(5_000)).max(50).optional(),
  signatory: signatorySchema.optional(),
  attachments: z.array(z.union([attachmentInputSchema, stagedAttachmentRefSchema])).max(100).default([]),
}).superRefine((spec, ctx) => {
  if (!isRecord(spec)) return;
  // `kindOther` names the kind exactly when the kind is "inne pismo" (the XSL shows @jakiInny only then).
  if ((spec.kind === OTHER_KIND) !== (spec.kindOther !== undefined)) ctx.addIssue({ code: 'custom', path: ['kindOther'], message: 'kindOther' });
}, always);

export type ComposeInput = z.input<typeof composeInputSchema>;
export type ComposeSpec = z.output<typeof composeInputSchema>;
