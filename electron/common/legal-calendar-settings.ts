/**
 * Settings of the disputed points of DOMAIN-deadlines §5 (P1–P6), each with its documented default.
 * Kept apart from the calendar so the IPC contract (and the renderer) can use the schema without the
 * holiday data.
 */
import { z } from 'zod';
import { isLocalDate } from './legal-calendar-dates';

const localDate = z.string().refine(isLocalDate, 'date');

export const EDORECZENIA_MODES = ['statute', 'operatorR13', 'statuteNoRoll'] as const;
export const EPUAP_MODES = ['dayAfter', 'day14', 'rollDayAfter'] as const;
export type EdoreczeniaMode = (typeof EDORECZENIA_MODES)[number];
export type EpuapMode = (typeof EPUAP_MODES)[number];

/** The user's settings for the disputed points; every field has the default DOMAIN-deadlines §5 names. */
export const deadlineSettingsSchema = z.strictObject({
  edoreczenia: z.strictObject({
    /** P1: statute = the day after the 14 days (u.d.e. art. 42 ust. 2); operatorR13 = D.1 + 14 days. */
    deemedMode: z.enum(EDORECZENIA_MODES).default('statute'),
    /** P2: whether the 14-day collection period rolls over Saturdays and holidays (COI PT R13 says it does). */
    rollCollectionTerm: z.boolean().default(true),
    enabledModes: z.array(z.enum(EDORECZENIA_MODES)).min(1).default([...EDORECZENIA_MODES]),
  }).prefault({}),
  epuap: z.strictObject({
    /** P3: old KPA art. 46 §6 — the day after the 14 days by default. */
    deemedMode: z.enum(EPUAP_MODES).default('dayAfter'),
    enabledModes: z.array(z.enum(EPUAP_MODES)).min(1).default([...EPUAP_MODES]),
  }).prefault({}),
  filing: z.strictObject({
    /** P4: arrival at the public body's ADE (conservative) or the moment of sending (A.1). */
    timelinessAnchor: z.enum(['arrival', 'submission']).default('arrival'),
  }).prefault({}),
  calendar: z.strictObject({
    /** P6: days added to or removed from the statutory list (future amendments). */
    extraHolidays: z.array(z.strictObject({ date: localDate, name: z.string().min(1).max(100) })).max(100).default([]),
    removedHolidays: z.array(localDate).max(100).default([]),
    /** P5: Saturday ends a term like a holiday from this date (KC 115 since 1.01.2017); only for recomputing old terms. */
    saturdayRollFrom: localDate.default('2017-01-01'),
  }).prefault({}),
  reminders: z.strictObject({
    /** §4.5: reminders use the earliest date of all enabled interpretations. */
    policy: z.enum(['earliest', 'selected']).default('earliest'),
    /** Days before the last day on which a desktop notification is raised (the last day itself always is). */
    daysBefore: z.array(z.number().int().min(1).max(60)).max(5).default([3, 1]),
  }).prefault({}),
});
export type DeadlineSettings = z.output<typeof deadlineSettingsSchema>;
export type DeadlineSettingsInput = z.input<typeof deadlineSettingsSchema>;
export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = deadlineSettingsSchema.parse({});
