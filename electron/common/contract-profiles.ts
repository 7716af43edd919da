/**
 * ePUAP sending profiles (issue 6 point 2): where (production, integration or the built-in
 * simulator), as whom (subject and reply box) and with which system certificate the outbox sends.
 * The system certificate is a PKCS#12 file or a certificate on a PKCS#11 token (issue 7 point 1).
 * The file, its password and the token PIN go in, never out: a profile only describes the certificate.
 */
import { z } from 'zod';

/**
 * The system certificate as a profile shows it (public): read from the PKCS#12 file, or the
 * certificate on a token (its id, the token's label; `pinStored` false once the card refused the
 * stored PIN and it was dropped so as not to lock the card). Shared by ePUAP and e-Doręczenia profiles.
 */
export const systemCertificateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pkcs12'), subject: z.string(), notAfter: z.string() }),
  z.strictObject({
    kind: z.literal('token'),
    certificateId: z.string(),
    subject: z.string(),
    notBefore: z.string(),
    notAfter: z.string(),
    tokenLabel: z.string(),
    pinStored: z.boolean(),
  }),
]);
export type SystemCertificate = z.infer<typeof systemCertificateSchema>;

/**
 * A system certificate on a PKCS#11 token: its id (hex SHA-256 of the DER, as the card signer
 * lists it) and the token PIN, stored sealed for unattended sending and never returned.
 */
export const systemTokenInputSchema = z.strictObject({
  certificateId: z.string().regex(/^[0-9a-f]{64}$/, { message: 'certificateId: hex SHA-256 of the certificate' }),
  pin: z.string().min(1, { message: 'pin: required' }).max(256),
});
export type SystemTokenInput = z.infer<typeof systemTokenInputSchema>;

/** Service hosts (DOMAIN-inboxes.md §3: the part before /pk_external_ws/…). */
export const EPUAP_ENDPOINTS = {
  production: 'https://ws.epuap.gov.pl',
  integration: 'https://ws-int.epuap.gov.pl',
} as const;

export const profileEnvironmentSchema = z.enum(['production', 'integration', 'simulator']);
export type ProfileEnvironment = z.infer<typeof profileEnvironmentSchema>;

/** An ePUAP subject id (identyfikator podmiotu): one path segment of a box address. */
export const EPUAP_SUBJECT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** An http(s) base URL without query or fragment (the client appends the service paths). */
const endpointSchema = z.string().trim().max(500).regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/, { message: 'endpoint: an http(s) URL such as https://ws.epuap.gov.pl' });

export const sendingProfileSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  channel: z.literal('epuap'),
  environment: profileEnvironmentSchema,
  /** Base URL of the service (the host part before /pk_external_ws/…); null: the environment's own. */
  endpoint: z.string().nullable(),
  subject: z.string(),
  replyBox: z.string(),
  /** The system certificate's subject and validity (public). */
  certificate: systemCertificateSchema.nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type SendingProfile = z.infer<typeof sendingProfileSchema>;

export const profileInputSchema = z.strictObject({
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(100),
  environment: profileEnvironmentSchema,
  /** Required for the simulator; overrides the production/integration host when given. */
  endpoint: endpointSchema.optional(),
  subject: z.string().trim().regex(EPUAP_SUBJECT, { message: 'subject: letters, digits, . _ - (max 128)' }),
  /** Full box address /subject/box; default /<subject>/SkrytkaESP. */
  replyBox: z.string().trim().regex(/^\/[^/\s]{1,128}\/[^/\s]{1,128}$/, { message: 'replyBox: /subject/box' }).optional(),
  /** PKCS#12 (.p12/.pfx) with the system certificate and key, base64; left out keeps the stored one. */
  pkcs12Base64: z.string().max(200_000).regex(/^[A-Za-z0-9+/=]+$/).optional(),
  /** The file's name as the user knows it, for error messages only (not stored). */
  pkcs12FileName: z.string().max(255).optional(),
  /** Stored sealed; required with a new PKCS#12 file. */
  pkcs12Password: z.string().max(200).optional(),
  /** Instead of a file: the system certificate on a PKCS#11 token; left out keeps the stored choice. */
  token: systemTokenInputSchema.optional(),
  active: z.boolean().optional(),
}).refine((p) => p.environment !== 'simulator' || p.endpoint, { message: 'endpoint: required for the simulator', path: ['endpoint'] })
  .refine((p) => p.pkcs12Base64 === undefined || p.pkcs12Password !== undefined, { message: 'pkcs12Password: required with a certificate file', path: ['pkcs12Password'] })
  .refine((p) => p.pkcs12Base64 === undefined || p.token === undefined, { message: 'token: either a PKCS#12 file or a certificate on a token, not both', path: ['token'] });
export type ProfileInput = z.output<typeof profileInputSchema>;

const byId = z.strictObject({ id: z.uuid() });

export const profileChannels = {
  'sendingProfiles.list': { input: z.strictObject({}), output: z.array(sendingProfileSchema) },
  'sendingProfiles.save': { input: profileInputSchema, output: sendingProfileSchema },
  'sendingProfiles.delete': { input: byId, output: byId },
  /** id null: no active profile, the built-in environment sends. */
  'sendingProfiles.activate': { input: z.strictObject({ id: z.uuid().nullable() }), output: z.array(sendingProfileSchema) },
  /** Authenticated WS-Pull on the reply box: proves endpoint, subject and system certificate together. */
  'sendingProfiles.testConnection': {
    input: byId,
    output: z.strictObject({ ok: z.boolean(), pending: z.number().nullable(), error: z.string().nullable() }),
  },
} as const;
