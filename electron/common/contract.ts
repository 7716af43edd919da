/**
 * The IPC contract: every channel with its input and output schema, and the events main sends to
 * the renderer. Renderer input is untrusted: the router validates it against these schemas.
 */
import { z } from 'zod';
import { channelOfAddress } from './addresses';
import { isValidNip, isValidPesel, isValidPostalCode } from './identifiers';

const text = (max: number) => z.string().trim().min(1).max(max);

export const addressSchema = z.object({
  postalCode: z.string().refine(isValidPostalCode, 'postalCode'),
  city: text(100),
  street: z.string().trim().max(100).optional(),
  building: text(20),
  flat: z.string().trim().max(20).optional(),
});

export const personSchema = z.object({
  firstName: text(100),
  lastName: text(150),
  pesel: z.string().refine(isValidPesel, 'pesel').optional(),
  nip: z.string().refine(isValidNip, 'nip').optional(),
});

export const institutionSchema = z.object({
  name: text(300),
  nip: z.string().refine(isValidNip, 'nip').optional(),
});

export const inboxAddressSchema = z
  .string()
  .trim()
  .refine((a) => channelOfAddress(a) !== null, 'inbox');

export const attachmentInputSchema = z.object({
  // eslint-disable-next-line no-control-regex -- control characters are exactly what file names must not hold
  fileName: text(128).refine((n) => !/[\\/:*?"<>|\u0000-\u001f]/.test(n), 'fileName'),
  description: z.string().trim().max(500).optional(),
  /** Base64 content for files chosen in the renderer (small files; large ones come by path in later work). */
  contentBase64: z.string().min(1).regex(/^[A-Za-z0-9+/=\s]+$/, 'contentBase64'),
});

export const composeInputSchema = z.object({
  template: z.enum(['1410', '4566']).default('1410'),
  sender: z.object({
    person: personSchema.optional(),
    institution: institutionSchema.optional(),
    address: addressSchema,
    email: z.email().optional(),
    phone: z.string().trim().max(40).optional(),
  }).refine((s) => (s.person ? 1 : 0) + (s.institution ? 1 : 0) === 1, 'personOrInstitution'),
  addressee: z.object({ name: text(300), inbox: inboxAddressSchema }),
  place: text(100),
  date: z.iso.date(),
  caseReference: z.string().trim().max(100).optional(),
  title: text(500),
  kind: text(100).default('wniosek'),
  content: z.array(z.string().max(100_000)).min(1).refine((p) => p.some((x) => x.trim() !== ''), 'content'),
  attachments: z.array(attachmentInputSchema).max(100).default([]),
});
export type ComposeInput = z.input<typeof composeInputSchema>;
export type ComposeSpec = z.output<typeof composeInputSchema>;

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

export const certificateInfoSchema = z.object({
  id: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  qualified: z.boolean(),
  keyUsage: z.array(z.string()),
  keyType: z.string(),
  token: z.object({ label: z.string(), module: z.string() }),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

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
      /** Travels once to the signer process; never stored, logged or returned. */
      pin: z.string().min(1).max(64),
    }),
    output: filingDetailSchema,
  },
  'filings.send': { input: idInput, output: filingDetailSchema },
  'outbox.list': { input: z.object({}), output: z.array(outboxItemSchema) },
  'receipts.list': { input: z.object({}), output: z.array(receiptSummarySchema) },
  'receipts.get': { input: idInput, output: receiptDetailSchema },
} as const;

export type ChannelName = keyof typeof channels;
export type ChannelInput<C extends ChannelName> = z.input<(typeof channels)[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<(typeof channels)[C]['output']>;

/** Main → renderer events. */
export const events = {
  'outbox.changed': outboxItemSchema,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
