/**
 * Outbox actions, the register and receipt rendering (issue 6), and their IPC channels.
 */
import { z } from 'zod';

// contract.ts spreads this file's channels, so it cannot be imported from here: the two enums
// repeat contract.ts FILING_STATES / channelSchema (tests/unit/outbox-contract.test.ts keeps them equal).
export const REGISTER_STATES = ['draft', 'signed', 'queued', 'sending', 'delivered', 'rejected', 'failed', 'uncertain', 'cancelled'] as const;
export const REGISTER_CHANNELS = ['edoreczenia', 'epuap', 'manual'] as const;
const filingStateSchema = z.enum(REGISTER_STATES);
/** States of received correspondence: awaiting collection (D.1), collected, deemed delivered. */
export const INCOMING_STATES = ['awaiting', 'collected', 'deemed'] as const;
const registerStateSchema = z.enum([...REGISTER_STATES, ...INCOMING_STATES]);
/** Direction in the correspondence journal: sent by the user or received. */
export const REGISTER_FLOWS = ['out', 'in'] as const;
const channelSchema = z.enum(REGISTER_CHANNELS);
const actionResult = z.object({ id: z.string(), state: filingStateSchema, paused: z.boolean() });

const idInput = z.object({ id: z.string().min(1).max(64) });

export const registerQuerySchema = z.strictObject({
  /** Full-text query (FTS5 over title, addressee, address, case reference, service id; for received letters subject, sender, message id); plain words. */
  text: z.string().max(200).optional(),
  /** Filing states select sent letters, INCOMING_STATES received ones. */
  states: z.array(registerStateSchema).max(REGISTER_STATES.length + INCOMING_STATES.length).optional(),
  /** Only sent ('out') or only received ('in') correspondence; both when absent. */
  flow: z.enum(REGISTER_FLOWS).optional(),
  channel: channelSchema.optional(),
  /** ISO dates (inclusive) on created_at (received letters: when they arrived). */
  from: z.string().max(30).optional(),
  to: z.string().max(30).optional(),
  sort: z.enum(['created', 'updated', 'title', 'addressee', 'state']).default('created'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type RegisterQuery = z.input<typeof registerQuerySchema>;

export const registerItemSchema = z.object({
  /** A filing id, or for a received letter its register_incoming id. */
  id: z.string(),
  flow: z.enum(REGISTER_FLOWS),
  state: registerStateSchema,
  channel: channelSchema,
  to: z.string(),
  addressee: z.string(),
  title: z.string(),
  caseRef: z.string(),
  remoteId: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  receiptId: z.string().nullable(),
  receiptVerified: z.boolean().nullable(),
  /** Received e-Doręczenia letters: made available (D.1) and collected. */
  availableAt: z.string().nullable().optional(),
  collectedAt: z.string().nullable().optional(),
});
export type RegisterItem = z.infer<typeof registerItemSchema>;

export const outboxChannels = {
  'outbox.pause': { input: idInput, output: actionResult },
  'outbox.resume': { input: idInput, output: actionResult },
  'outbox.cancel': { input: idInput, output: actionResult },
  'outbox.retry': { input: idInput, output: actionResult },
  'register.query': { input: registerQuerySchema, output: z.object({ total: z.number().int(), items: z.array(registerItemSchema) }) },
  /** The correspondence journal as CSV (UTF-8 with BOM, semicolons — what Polish spreadsheets open). */
  'register.exportCsv': { input: registerQuerySchema.omit({ offset: true, limit: true }), output: z.object({ csv: z.string(), rows: z.number().int() }) },
  /** The receipt rendered by the official UPO stylesheet, for a sandboxed iframe (as filings.preview). */
  'receipts.preview': { input: idInput, output: z.object({ html: z.string() }) },
} as const;

export const outboxEvents = {
  /** Upload progress of the filing being sent. */
  'outbox.progress': z.object({ id: z.string(), sent: z.number().int(), total: z.number().int() }),
} as const;
