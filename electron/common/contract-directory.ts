/**
 * The inbox directory ("Książka adresowa"): what an entry is, and its IPC channels. Entries come
 * from the shipped seed (resources/runtime/directory/seed.json) or from the user; the seed's
 * documentation is resources/runtime/directory/README.md. Address rules: docs/DOMAIN-inboxes.md §2,
 * size limits §7.3.
 */
import { z } from 'zod';
import { EDORECZENIA_ADDRESS, EPUAP_ADDRESS, normaliseInboxAddress, type Channel } from './addresses';

/** What a size limit counts: all attachments of one letter, the whole document with them, or each file. */
export const SIZE_SCOPES = ['attachments', 'document', 'file'] as const;
export type SizeScope = (typeof SIZE_SCOPES)[number];

/** Seed ids are readable slugs ("krus-centrala"); entries the user adds get "u-" and a UUID. */
export const DIRECTORY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A file-name extension in an inbox's allow-list, lower case, without the dot. */
export const FORMAT_EXTENSION = /^[a-z0-9]{1,10}$/;
export const MAX_LIMIT_BYTES = 10 * 1024 ** 3;
/** Directory files are small; the cap keeps a wrong file from filling memory. */
export const MAX_IMPORT_CHARS = 5_000_000;
export const EXCHANGE_FORMATS = ['csv', 'json'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

const entryShape = {
  id: z.string().regex(DIRECTORY_ID),
  name: text(300),
  town: text(100).optional(),
  kind: z.literal('public'),
  epuap: z.strictObject({ address: z.string().trim().regex(EPUAP_ADDRESS), note: text(1000).optional() }).optional(),
  edoreczenia: z.strictObject({ address: z.string().overwrite(normaliseInboxAddress).regex(EDORECZENIA_ADDRESS) }).optional(),
  sizeLimit: z.strictObject({ bytes: z.number().int().min(1).max(MAX_LIMIT_BYTES), scope: z.enum(SIZE_SCOPES) }).optional(),
  allowedFormats: z
    .array(z.string().overwrite((f) => f.trim().toLowerCase()).regex(FORMAT_EXTENSION))
    .min(1)
    .max(100)
    .refine((list) => new Set(list).size === list.length, 'duplicate')
    .optional(),
  /** Polish, for the user: what the source says beyond the fields, and what is not known. */
  notes: z.string().trim().max(4000),
  /** Where the facts come from: a URL, or the stored copy of a public page. */
  source: z.string().trim().max(500),
  /** When the facts were last checked against the source. */
  verifiedOn: z.iso.date().optional(),
};

export const directoryEntrySchema = z.strictObject(entryShape);
export type DirectoryEntry = z.output<typeof directoryEntrySchema>;

/** What the user or an import file gives: the id only to edit an entry; kind, notes and source may be left out. */
export const directoryEntryInputSchema = z.strictObject({
  ...entryShape,
  id: entryShape.id.optional(),
  kind: entryShape.kind.default('public'),
  notes: entryShape.notes.default(''),
  source: entryShape.source.default(''),
});
export type DirectoryEntryInput = z.input<typeof directoryEntryInputSchema>;
/** A checked entry that has no id yet when it is new. */
export type DirectoryEntryDraft = z.output<typeof directoryEntryInputSchema>;

/** seed: as shipped; edited: a seed entry the user changed; user: the user's own entry. */
export const ENTRY_ORIGINS = ['seed', 'edited', 'user'] as const;
export const directoryEntryViewSchema = directoryEntrySchema.extend({ origin: z.enum(ENTRY_ORIGINS) });
export type DirectoryEntryView = z.output<typeof directoryEntryViewSchema>;

/** Why a channel was proposed; the renderer words each code in the user's language. */
export const PROPOSAL_REASONS = ['edoreczenia-primary', 'epuap-before-2026', 'epuap-no-ade', 'edoreczenia-only', 'no-address'] as const;
export type ProposalReason = (typeof PROPOSAL_REASONS)[number];
const CHANNELS = ['edoreczenia', 'epuap', 'manual'] as const satisfies readonly Channel[];
export const proposalSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  /** The inbox to write to; null when the directory knows none (manual filing, or look it up first). */
  address: z.string().nullable(),
  reason: z.enum(PROPOSAL_REASONS),
});
export type Proposal = z.output<typeof proposalSchema>;

export const importReportSchema = z.strictObject({
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  /**
   * Problems that stopped the import (nothing is imported then). `line` is the row as a spreadsheet
   * numbers it (the CSV header is row 1) or, in JSON, the entry's position in `entries` from 1; a
   * problem of the whole file is on line 1. `fields` are CSV column names ("epuapAddress", also an
   * unknown column) or JSON entry paths ("epuap.address"), or "csv" / "json" / "columns" / "format" /
   * "version" / "entries" for the file's shape.
   */
  errors: z.array(z.strictObject({ line: z.number().int().min(1), fields: z.array(z.string()) })),
});
export type ImportReport = z.output<typeof importReportSchema>;

const idInput = z.strictObject({ id: z.string().regex(DIRECTORY_ID) });
const formatInput = z.enum(EXCHANGE_FORMATS);

/** IPC channels of the inbox directory. */
export const directoryChannels = {
  'directory.search': {
    input: z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(500).optional() }),
    output: z.strictObject({ entries: z.array(directoryEntryViewSchema), total: z.number().int().min(0) }),
  },
  'directory.get': { input: idInput, output: directoryEntryViewSchema },
  'directory.save': { input: z.strictObject({ entry: directoryEntryInputSchema }), output: directoryEntryViewSchema },
  /** The user's own entries are deleted; a seed entry is hidden (a later seed update does not bring it back). */
  'directory.delete': { input: idInput, output: z.strictObject({ outcome: z.enum(['deleted', 'hidden']) }) },
  'directory.import': {
    input: z.strictObject({ format: formatInput, text: z.string().max(MAX_IMPORT_CHARS) }),
    output: importReportSchema,
  },
  'directory.export': { input: z.strictObject({ format: formatInput }), output: z.strictObject({ text: z.string(), fileName: z.string() }) },
  'directory.propose': { input: idInput.extend({ date: z.iso.date() }), output: proposalSchema },
} as const;
