/** What a letter is made of: the compose description shared by the UI, IPC, the CLI and the builder. */
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
