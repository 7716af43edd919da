/**
 * The IPC contract: every channel with its input and output schema, and the events main sends to
 * the renderer. Renderer input is untrusted: the router validates it against these schemas.
 */
import { z } from 'zod';
import { composeInputSchema } from './compose-schema';
import { attachmentChannels } from './contract-attachments';
import { cardChannels, cardEvents, certificateInfoSchema, type CertificateInfo } from './contract-cards';
import { deadlineChannels } from './contract-deadlines';
import { diagnosticsChannels } from './contract-diagnostics';
import { directoryChannels } from './contract-directory';
import { draftChannels } from './contract-drafts';
import { edoreczeniaChannels } from './contract-edoreczenia';
import { manualChannels } from './contract-manual';
import { outboxChannels, outboxEvents } from './contract-outbox';
import { profileChannels } from './contract-profiles';
import { registerChannels } from './contract-register';
import { signatureChannels, signatureEvents } from './contract-signatures';
import { trustChannels } from './contract-trust';

export { addressSchema, attachmentInputSchema, composeInputSchema, inboxAddressSchema, institutionSchema, KINDS, OTHER_KIND, personSchema, signatorySchema } from './compose-schema';
export type { ComposeInput, ComposeSpec, Kind } from './compose-schema';

export const FILING_STATES = ['draft', 'signed', 'queued', 'sending', 'delivered', 'rejected', 'failed', 'uncertain', 'cancelled'] as const;
export const filingStateSchema = z.enum(FILING_STATES);
export type FilingState = z.infer<typeof filingStateSchema>;

export const channelSchema = z.enum(['edoreczenia', 'epuap', 'manual']);

export const outboxItemSchema = z.object({
  id: z.string(),
  state: filingStateSchema,
  channel: channelSchema,
  to: z.string(),
  title: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  updatedAt: z.string(),
  /** Held back by the user (outbox.pause); absent means no. */
  paused: z.boolean().optional(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const filingEventSchema = z.object({
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  detail: z.string().nullable(),
});

export const filingDetailSchema = outboxItemSchema.extend({
  documentSha256: z.string().nullable(),
  fileName: z.string(),
  events: z.array(filingEventSchema),
  receiptIds: z.array(z.string()),
});
export type FilingDetail = z.infer<typeof filingDetailSchema>;

// Defined with the cards area (contract-cards cannot import this file); re-exported for existing imports.
export { certificateInfoSchema, type CertificateInfo };

export const receiptCheckSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().nullable() });

export const receiptSummarySchema = z.object({
  id: z.string(),
  filingId: z.string().nullable(),
  kind: z.string(),
  channel: channelSchema,
  issuer: z.string(),
  receivedAt: z.string(),
  verified: z.boolean(),
  problems: z.array(z.string()),
});
export type ReceiptSummary = z.infer<typeof receiptSummarySchema>;

export const receiptDetailSchema = receiptSummarySchema.extend({
  fileName: z.string(),
  sha256: z.string(),
  documentId: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  checks: z.array(receiptCheckSchema),
  xml: z.string(),
});
export type ReceiptDetail = z.infer<typeof receiptDetailSchema>;

const idInput = z.object({ id: z.string().min(1).max(64) });

/** Channel name → input and output schema. */
export const channels = {
  'app.info': {
    input: z.object({}),
    output: z.object({ version: z.string(), environment: z.string(), lang: z.enum(['pl', 'en', 'uk']) }),
  },
  'certificates.list': { input: z.object({}), output: z.array(certificateInfoSchema) },
  'filings.create': { input: composeInputSchema, output: filingDetailSchema },
  'filings.get': { input: idInput, output: filingDetailSchema },
  'filings.sign': {
    input: z.object({
      id: z.string().min(1).max(64),
      certificateId: z.string().regex(/^[0-9a-f]{64}$/),
      /** Travels once to the signer process; never stored, logged or returned. null: typed on the reader's PIN pad. */
      pin: z.string().min(1).max(64).nullable(),
    }),
    output: filingDetailSchema,
  },
  'filings.send': { input: idInput, output: filingDetailSchema },
  /** The document rendered by the official stylesheet, for a sandboxed iframe. */
  'filings.preview': { input: idInput, output: z.object({ html: z.string() }) },
  /** The preview printed to PDF where the user chooses (a save dialog); desktop app only. */
  'filings.exportPdf': { input: idInput, output: z.object({ saved: z.boolean(), path: z.string().nullable() }) },
  'outbox.list': { input: z.object({}), output: z.array(outboxItemSchema) },
  'receipts.list': { input: z.object({}), output: z.array(receiptSummarySchema) },
  'receipts.get': { input: idInput, output: receiptDetailSchema },
  ...attachmentChannels,
  ...cardChannels,
  ...deadlineChannels,
  ...diagnosticsChannels,
  ...directoryChannels,
  ...draftChannels,
  ...edoreczeniaChannels,
  ...manualChannels,
  ...outboxChannels,
  ...profileChannels,
  ...registerChannels,
  ...signatureChannels,
  ...trustChannels,
} as const;

export type ChannelName = keyof typeof channels;
export type ChannelInput<C extends ChannelName> = z.input<(typeof channels)[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<(typeof channels)[C]['output']>;

/** Main → renderer events. */
export const events = {
  'outbox.changed': outboxItemSchema,
  ...outboxEvents,
  ...cardEvents,
  ...signatureEvents,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
