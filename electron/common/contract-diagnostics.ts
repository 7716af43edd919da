/**
 * Diagnostics (issue 3 point 7, DOMAIN-signatures §14): the report the diagnostics screen shows and
 * `nadawca doctor --json` prints. Always redacted before it leaves the services: no PIN, serial
 * numbers partly masked, PESEL/NIP in certificate subjects masked, home folder shortened to `~`.
 */
import { z } from 'zod';
import { certificateIdSchema, certificateInfoSchema, inventoryModuleSchema, testSignatureResultSchema } from './contract-cards';

const langSchema = z.enum(['pl', 'en', 'uk']);

export const ADVICE_SEVERITIES = ['error', 'warning', 'info'] as const;

export const adviceSchema = z.object({
  /** Stable code (e.g. 'pcsc-not-running', 'card-without-module'); the text is in `message`. */
  code: z.string(),
  severity: z.enum(ADVICE_SEVERITIES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** In the report's language. */
  message: z.string(),
});
export type Advice = z.infer<typeof adviceSchema>;

export const readerSchema = z.object({
  name: z.string(),
  cardPresent: z.boolean(),
  /** Upper-case hex bytes separated by spaces, as pcsc-tools prints them. */
  atr: z.string().nullable(),
  /** What the card is, from pcsc-tools' smartcard_list.txt or Nadawca's own table. */
  card: z
    .object({
      names: z.array(z.string()),
      source: z.enum(['pcsc-tools', 'nadawca']),
      /** Issuer whose driver handles the card (own table only), e.g. 'Certum'. */
      vendor: z.string().nullable(),
      driver: z.string().nullable(),
    })
    .nullable(),
  /** SCARD_STATE_* names (present, empty, mute, inuse, exclusive, unavailable). */
  state: z.array(z.string()),
});
export type ReaderInfo = z.infer<typeof readerSchema>;

export const PCSC_SERVICE_STATES = ['running', 'not-running', 'not-responding'] as const;

export const pcscSchema = z.object({
  service: z.enum(PCSC_SERVICE_STATES),
  /** Why the service is considered absent (socket missing, time-out, binding error). */
  detail: z.string().nullable(),
  readers: z.array(readerSchema),
  /** Linux: is the PC/SC daemon installed, and the CCID driver most USB readers need. Null elsewhere. */
  stack: z.object({ pcscd: z.boolean(), ccid: z.boolean() }).nullable(),
});
export type PcscInfo = z.infer<typeof pcscSchema>;

/** The object `nadawca certs --json` prints (CLI.md); doctor describes each certificate the same way. */
export const certificateEntrySchema = certificateInfoSchema.omit({ classification: true });
export type CertificateEntry = z.infer<typeof certificateEntrySchema>;

export const diagnosticsReportSchema = z.object({
  generatedAt: z.string(),
  lang: langSchema,
  app: z.object({
    version: z.string(),
    node: z.string(),
    electron: z.string().nullable(),
    openssl: z.string(),
    os: z.string(),
    osRelease: z.string(),
    arch: z.string(),
    locale: z.string(),
    timeZone: z.string(),
  }),
  pcsc: pcscSchema,
  /** Every PKCS#11 module tried: load result, C_GetInfo, slots, tokens, PIN state, mechanisms, certificates. */
  modules: z.array(inventoryModuleSchema),
  /** The inventory itself failed (signer host crashed or timed out). */
  inventoryError: z.object({ code: z.string(), message: z.string() }).nullable(),
  certificates: z.array(certificateEntrySchema),
  testSignature: testSignatureResultSchema
    .extend({ certificateId: certificateIdSchema, error: z.object({ code: z.string(), message: z.string() }).nullable() })
    .nullable(),
  advice: z.array(adviceSchema),
});
export type DiagnosticsReport = z.infer<typeof diagnosticsReportSchema>;

export const diagnosticsChannels = {
  /** Runs every check; with `testSignature`, also signs random data and verifies it here. */
  'diagnostics.run': {
    input: z.strictObject({
      testSignature: z
        .strictObject({
          certificateId: certificateIdSchema,
          /** null: the PIN is entered on the reader. Used once, never stored, logged or returned. */
          pin: z.string().min(1).max(64).nullable(),
        })
        .optional(),
      /** The language of the advice; the app's language when absent. */
      lang: langSchema.optional(),
    }),
    output: diagnosticsReportSchema,
  },
  /** The readable text of a report, to save or copy. */
  'diagnostics.text': { input: z.object({ report: diagnosticsReportSchema, lang: langSchema.optional() }), output: z.object({ text: z.string() }) },
} as const;
