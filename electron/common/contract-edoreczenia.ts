/**
 * IPC channels of the e-Doręczenia box: its profile (address, system certificate, environment),
 * a connection test, incoming and sent messages with their evidences, and the deliberate opening
 * of an incoming letter — for a non-public addressee that is the legal act of collection
 * (u.d.e. art. 41), so the input must say the user confirmed it.
 */
import { z } from 'zod';
import { EDORECZENIA_ADDRESS } from './addresses';
import { systemCertificateSchema, systemTokenInputSchema } from './contract-profiles';

const at = z.string().nullable();
const ade = z.string().trim().toUpperCase().regex(EDORECZENIA_ADDRESS, 'edoreczeniaAddress');
const boxEnvironment = z.enum(['builtin', 'integration', 'production']);
const httpsUrl = z.url({ protocol: /^https$/ });

export const boxProfileSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  environment: boxEnvironment,
  apiUrl: z.string().nullable(),
  tokenUrl: z.string().nullable(),
  clientId: z.string().nullable(),
  /** Whether a secret / certificate is stored (never the values themselves). */
  hasClientSecret: z.boolean(),
  hasCertificate: z.boolean(),
  /** The system certificate's subject and validity (PKCS#12 file or token), public; null: none or not read. */
  certificate: systemCertificateSchema.nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type BoxProfile = z.output<typeof boxProfileSchema>;

export const boxMessageSchema = z.strictObject({
  messageId: z.string(),
  subject: z.string(),
  from: z.string(),
  fromName: z.string().nullable(),
  to: z.string(),
  status: z.string().nullable(),
  /** Stub: a letter waiting to be collected (reading it in full is collection). */
  stub: z.boolean(),
  opened: z.boolean(),
  submissionDate: at,
  eventDate: at,
  receiptDate: at,
  /** Days left until deemed delivery (public sender, non-public addressee); null when no fiction applies. */
  daysToReceive: z.number().int().nullable(),
  /** The filing this sent message carries, when it was sent by Nadawca. */
  filingId: z.string().nullable(),
});
export type BoxMessage = z.output<typeof boxMessageSchema>;

export const evidenceSummarySchema = z.strictObject({
  evidenceId: z.string(),
  messageId: z.string(),
  type: z.string(),
  eventDate: at,
  verified: z.boolean(),
  problems: z.array(z.string()),
  receiptId: z.string().nullable(),
  /** Rendered by the official stylesheet (BP.OX/BP.WX). */
  viewable: z.boolean(),
  /** 'pdf' for the PDF forms (BP.WP/BP.OP), saved as they are (edoreczenia.evidence.save). */
  format: z.enum(['xml', 'pdf']).optional(),
});
export type EvidenceSummary = z.output<typeof evidenceSummarySchema>;

export const openedFileSchema = z.strictObject({
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** XML signatures found in the file and whether each verified; null when the file is not signed XML. */
  signature: z.strictObject({ count: z.number().int(), valid: z.boolean(), signers: z.array(z.string()), problems: z.array(z.string()) }).nullable(),
});

const profileInput = z.strictObject({
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(100),
  address: ade,
  environment: boxEnvironment,
  apiUrl: httpsUrl.optional(),
  tokenUrl: httpsUrl.optional(),
  clientId: z.string().trim().min(1).max(200).optional(),
  /** Stored sealed; left out keeps the stored one. */
  clientSecret: z.string().min(1).max(1000).optional(),
  /** PKCS#12 (.p12/.pfx) with the system certificate and key, base64; left out keeps the stored one. */
  pkcs12Base64: z.string().max(200_000).regex(/^[A-Za-z0-9+/=]+$/).optional(),
  pkcs12Password: z.string().max(200).optional(),
  /** Instead of a file: the system certificate on a PKCS#11 token (signed client assertion; mutual TLS where the runtime can use the token). */
  token: systemTokenInputSchema.optional(),
  active: z.boolean().optional(),
}).refine((p) => p.environment === 'builtin' || (p.apiUrl && p.tokenUrl && p.clientId), { message: 'apiUrl', path: ['apiUrl'] })
  .refine((p) => p.pkcs12Base64 === undefined || p.token === undefined, { message: 'token: either a PKCS#12 file or a certificate on a token, not both', path: ['token'] });

export const edoreczeniaChannels = {
  'edoreczenia.box': {
    input: z.strictObject({}),
    output: z.strictObject({ address: z.string(), environment: boxEnvironment, profileId: z.string().nullable(), available: z.boolean() }),
  },
  'edoreczenia.profiles.list': { input: z.strictObject({}), output: z.array(boxProfileSchema) },
  'edoreczenia.profiles.save': { input: profileInput, output: boxProfileSchema },
  'edoreczenia.profiles.delete': { input: z.strictObject({ id: z.uuid() }), output: z.strictObject({ id: z.uuid() }) },
  /** Token, then the box's settings: proves address, credentials, certificate and network. */
  'edoreczenia.testConnection': {
    input: z.strictObject({ id: z.uuid().optional() }),
    output: z.strictObject({
      ok: z.boolean(), address: z.string(), totalCapacityMb: z.number().nullable(), usedCapacityMb: z.number().nullable(), error: z.string().nullable(),
      /** The client certificate the TLS connection presented: the PKCS#12 file's, the token's, or none. */
      clientCertificate: z.enum(['pkcs12', 'token']).nullable(),
    }),
  },
  'edoreczenia.messages': {
    input: z.strictObject({ folder: z.enum(['INBOX', 'SENT']) }),
    output: z.array(boxMessageSchema),
  },
  /** Opening an incoming letter. For a Stub this is collection: `confirmCollection: true` says the user agreed. */
  'edoreczenia.open': {
    input: z.strictObject({ messageId: z.string().min(1).max(200), confirmCollection: z.literal(true) }),
    output: z.strictObject({ message: boxMessageSchema, text: z.string(), files: z.array(openedFileSchema), openedAt: z.string() }),
  },
  /** Evidences of a sent message or of a filing; new ones are fetched, stored and verified first. */
  'edoreczenia.evidences': {
    input: z.union([z.strictObject({ messageId: z.string().min(1).max(200) }), z.strictObject({ filingId: z.string().min(1).max(64) })]),
    output: z.array(evidenceSummarySchema),
  },
  'edoreczenia.evidence.view': {
    input: z.strictObject({ evidenceId: z.string().min(1).max(200) }),
    output: z.strictObject({ html: z.string().nullable(), xml: z.string() }),
  },
  /** The evidence file exactly as received, saved where the user chose (the PDF forms; XML too). */
  'edoreczenia.evidence.save': {
    input: z.strictObject({ evidenceId: z.string().min(1).max(200) }),
    output: z.strictObject({ saved: z.boolean(), path: z.string().nullable() }),
  },
} as const;
