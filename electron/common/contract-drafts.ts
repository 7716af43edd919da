/**
 * Drafts (a letter as typed, autosaved) and sender profiles ("Ja", "Moja firma"), and their IPC
 * channels. A draft is checked for shape and size only — it may be incomplete; composeInputSchema
 * checks the letter when a filing is created from it. A profile's sender is checked fully.
 */
import { z } from 'zod';
import { composeInputSchema } from './compose-schema';
import { utf8Length } from './file-names';

/** Largest draft spec, as UTF-8 JSON: far above any letter, low enough for one autosave round trip. */
export const MAX_DRAFT_BYTES = 1024 * 1024;

const id = z.uuid();
const text = (max: number) => z.string().max(max).optional();
const texts = (max: number, count: number) => z.array(z.string().max(max)).max(count).optional();

const draftPersonSchema = z.strictObject({
  firstName: text(100),
  secondName: text(100),
  lastName: text(150),
  pesel: text(20),
  nip: text(20),
  otherId: z.strictObject({ type: text(100), value: text(100) }).optional(),
});

/** Every part of a letter optional and unchecked beyond its type and length: what a form holds mid-typing. */
export const draftSpecSchema = z.strictObject({
  template: z.enum(['1410', '4566']).optional(),
  sender: z.strictObject({
    person: draftPersonSchema.optional(),
    institution: z.strictObject({ name: text(300), nip: text(20), regon: text(20), krs: text(20) }).optional(),
    address: z.strictObject({
      postalCode: text(10), city: text(100), street: text(100), building: text(20), flat: text(20),
      voivodeship: text(50), county: text(100), commune: text(100),
    }).optional(),
    email: text(254),
    phone: text(40),
  }).optional(),
  addressee: z.strictObject({ name: text(300), inbox: text(300) }).optional(),
  additionalAddressees: z.array(z.strictObject({ name: text(300) })).max(20).optional(),
  place: text(100),
  date: text(32),
  caseReference: text(100),
  title: text(500),
  kind: text(100),
  kindOther: text(100),
  content: texts(100_000, 500),
  statements: texts(5_000, 50),
  additionalInfo: texts(5_000, 50),
  signatory: draftPersonSchema.pick({ firstName: true, secondName: true, lastName: true })
    .extend({ position: text(200), onAuthorisationOf: z.string().trim().max(200).optional() })
    .optional(),
  /** Staged files only: a draft never carries file content. */
  attachments: z.array(z.strictObject({ stagedId: id, description: text(500) })).max(100).optional(),
}).refine((spec) => utf8Length(JSON.stringify(spec)) <= MAX_DRAFT_BYTES, 'tooLarge');
export type DraftSpec = z.output<typeof draftSpecSchema>;

/** The `sender` part of a letter, checked as strictly as when the letter is composed. */
export const senderSchema = composeInputSchema.shape.sender;
export type Sender = z.output<typeof senderSchema>;

const revision = z.number().int().min(1);
const at = z.string();

export const draftSchema = z.strictObject({ id, revision, spec: draftSpecSchema, updatedAt: at });
export type Draft = z.output<typeof draftSchema>;

export const draftSummarySchema = z.strictObject({
  id,
  /** The letter's title as typed so far ('' when none yet). */
  title: z.string(),
  updatedAt: at,
  /** The filing created from this draft, if any. */
  filingId: z.string().nullable(),
});
export type DraftSummary = z.output<typeof draftSummarySchema>;

export const senderProfileSchema = z.strictObject({
  id,
  name: z.string().trim().min(1).max(100),
  sender: senderSchema,
  isDefault: z.boolean(),
  updatedAt: at,
});
export type SenderProfile = z.output<typeof senderProfileSchema>;

const filingId = z.string().min(1).max(64);
const idInput = z.strictObject({ id });

/** IPC channels of drafts and sender profiles. */
export const draftChannels = {
  /**
   * A new draft (no id) starts at revision 1; saving an existing one needs the revision it was read
   * at and fails with DRAFT_CONFLICT when another window saved it since. filingId links the filing
   * created from it. The draft is on disk when this returns.
   */
  'drafts.save': {
    input: z.strictObject({ id: id.optional(), revision: revision.optional(), spec: draftSpecSchema, filingId: filingId.optional() })
      .refine((i) => (i.id === undefined) === (i.revision === undefined), { message: 'revision', path: ['revision'] }),
    output: z.strictObject({ id, revision, updatedAt: at }),
  },
  'drafts.list': { input: z.strictObject({}), output: z.array(draftSummarySchema) },
  'drafts.get': { input: idInput, output: draftSchema },
  'drafts.delete': { input: idInput, output: idInput },
  /**
   * "New from this one": a copy of a draft, or the letter of a filing as it was composed. Attachments
   * given inline (not staged) are not carried over; their names are listed for the user to add again.
   */
  'drafts.duplicate': {
    input: z.union([idInput, z.strictObject({ filingId })]),
    output: draftSchema.extend({ omittedAttachments: z.array(z.string()) }),
  },
  'profiles.list': { input: z.strictObject({}), output: z.array(senderProfileSchema) },
  /** Making a profile the default takes the mark from any other; isDefault left out keeps it as it was (new: false). */
  'profiles.save': {
    input: z.strictObject({ id: id.optional(), name: senderProfileSchema.shape.name, sender: senderSchema, isDefault: z.boolean().optional() }),
    output: senderProfileSchema,
  },
  'profiles.delete': { input: idInput, output: idInput },
} as const;
