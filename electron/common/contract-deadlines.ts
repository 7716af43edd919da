/**
 * Delivery windows, deadlines and incoming letters awaiting collection: the IPC channels of issue 8.
 * Dates are Warsaw calendar dates ("YYYY-MM-DD"); instants are ISO strings with an offset.
 */
import { z } from 'zod';
import { deadlineSettingsSchema } from './legal-calendar-settings';
import { isLocalDate } from './legal-calendar-dates';

const localDate = z.string().refine(isLocalDate, 'date');
const id = z.string().min(1).max(64);

export const TERM_PRESETS = {
  appeal: { n: 14, unit: 'days', basis: 'KPA art. 129 §2' },
  complaint: { n: 7, unit: 'days', basis: 'KPA art. 141 §2' },
  restoration: { n: 7, unit: 'days', basis: 'KPA art. 58' },
  wsa: { n: 30, unit: 'days', basis: 'PPSA art. 53 §1' },
} as const;
export type TermPreset = keyof typeof TERM_PRESETS | 'custom';
export const termPresetSchema = z.enum(['appeal', 'complaint', 'restoration', 'wsa', 'custom']);
export const termUnitSchema = z.enum(['days', 'weeks', 'months']);

export const rollSchema = z.object({ from: localDate, to: localDate, reason: z.string() });

export const deliveryWindowSchema = z.object({
  state: z.enum(['awaiting', 'open', 'collected', 'deemed', 'noFiction']),
  start: localDate.nullable(),
  secondNotice: z.object({ due: localDate, sentAt: z.string().nullable() }).nullable(),
  lastCollectionDay: localDate.nullable(),
  countdownTo: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  deemedDate: localDate.nullable(),
  interpretations: z.array(z.object({ mode: z.string(), date: localDate })),
  delivery: z.object({ date: localDate, kind: z.enum(['actual', 'deemed']), source: z.string().nullable(), basis: z.string() }).nullable(),
  operatorDate: localDate.nullable(),
  reminderDate: localDate.nullable(),
  rolls: z.array(rollSchema),
  explanation: z.string(),
});
export type DeliveryWindowView = z.infer<typeof deliveryWindowSchema>;

export const trackedEventSchema = z.object({ kind: z.string(), at: z.string(), recordedAt: z.string(), detail: z.string().nullable() });

export const trackedItemSchema = z.object({
  id,
  role: z.enum(['served', 'incoming', 'filed']),
  channel: z.enum(['edoreczenia', 'epuap']),
  filingId: z.string().nullable(),
  messageId: z.string().nullable(),
  title: z.string(),
  counterparty: z.string(),
  publicSender: z.boolean(),
  window: deliveryWindowSchema,
  events: z.array(trackedEventSchema),
});
export type TrackedItem = z.infer<typeof trackedItemSchema>;

export const termViewSchema = z.object({
  id,
  itemId: z.string().nullable(),
  label: z.string(),
  preset: termPresetSchema,
  n: z.number().int(),
  unit: termUnitSchema,
  basis: z.string(),
  /** The delivery date counted from (null while the delivery is not yet known and cannot be deemed). */
  start: localDate.nullable(),
  startKind: z.enum(['actual', 'deemed', 'provisional', 'given']).nullable(),
  /** The last day under the selected interpretation, and the earliest over all enabled ones ("file by"). */
  lastDay: localDate.nullable(),
  fileBy: localDate.nullable(),
  endsAt: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  rolls: z.array(rollSchema),
  explanation: z.string(),
  interpretations: z.array(z.object({ mode: z.string(), delivery: localDate, lastDay: localDate })),
  filingId: z.string().nullable(),
  timeliness: z.object({
    status: z.enum(['timely', 'late', 'open']),
    at: z.string().nullable(),
    atRisk: z.boolean(),
    basis: z.string(),
  }),
  dismissed: z.boolean(),
});
export type TermView = z.infer<typeof termViewSchema>;

export const calendarDaySchema = z.object({
  date: localDate,
  weekday: z.number().int().min(0).max(6),
  closed: z.boolean(),
  reason: z.string().nullable(),
  entries: z.array(z.object({ kind: z.enum(['term', 'collection', 'delivery']), id, label: z.string() })),
});
export type CalendarDay = z.infer<typeof calendarDaySchema>;

export const addTermInputSchema = z.strictObject({
  itemId: id.optional(),
  startDate: localDate.optional(),
  preset: termPresetSchema,
  n: z.number().int().min(1).max(3650).optional(),
  unit: termUnitSchema.optional(),
  label: z.string().trim().min(1).max(200),
}).refine((i) => i.itemId !== undefined || i.startDate !== undefined, { message: 'startDate', path: ['startDate'] })
  .refine((i) => i.preset !== 'custom' || (i.n !== undefined && i.unit !== undefined), { message: 'n', path: ['n'] });
export type AddTermInput = z.infer<typeof addTermInputSchema>;

export const deadlineChannels = {
  'deadlines.overview': {
    input: z.strictObject({}),
    output: z.object({ today: localDate, items: z.array(trackedItemSchema), terms: z.array(termViewSchema) }),
  },
  /** The suggested terms from a start date with their last days and roll-forwards (before the user confirms). */
  'deadlines.suggest': {
    input: z.strictObject({ start: localDate, n: z.number().int().min(1).max(3650).optional(), unit: termUnitSchema.optional() }),
    output: z.array(z.object({ preset: termPresetSchema, n: z.number().int(), unit: termUnitSchema, basis: z.string(), lastDay: localDate, rolls: z.array(rollSchema), explanation: z.string() })),
  },
  'deadlines.addTerm': { input: addTermInputSchema, output: termViewSchema },
  /** Links the filing that answers a term (its UPP/arrival shows whether the term was kept), or unlinks it. */
  'deadlines.linkFiling': { input: z.strictObject({ termId: id, filingId: id.nullable() }), output: termViewSchema },
  'deadlines.dismissTerm': { input: z.strictObject({ termId: id }), output: termViewSchema },
  'deadlines.calendar': {
    input: z.strictObject({ year: z.number().int().min(2000).max(2100), month: z.number().int().min(1).max(12) }),
    output: z.object({ year: z.number().int(), month: z.number().int(), days: z.array(calendarDaySchema) }),
  },
  'deadlines.exportIcs': { input: z.strictObject({}), output: z.object({ fileName: z.string(), ics: z.string() }) },
  'deadlines.settings.get': { input: z.strictObject({}), output: deadlineSettingsSchema },
  'deadlines.settings.save': { input: deadlineSettingsSchema, output: deadlineSettingsSchema },
  /** Incoming letters awaiting collection, with days left until deemed delivery. */
  'inbox.list': { input: z.strictObject({}), output: z.array(trackedItemSchema) },
  /**
   * Collects a letter (ePUAP: signs the UPD; e-Doręczenia: opens it). Terms start to run from that
   * moment, so the caller must confirm it has shown the warning.
   */
  'inbox.collect': { input: z.strictObject({ id, acknowledgeTermsStart: z.literal(true) }), output: trackedItemSchema },
} as const;
