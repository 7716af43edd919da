/**
 * Channels of the "Sign files" and "Verify" screens: what a file can be signed as (defaults per
 * type), signing one file next to itself with progress events, and verifying a file. Files are
 * named by their absolute path on this computer; results are never written over an existing file.
 */
import { z } from 'zod';
import { verificationReportSchema } from './verification-report';

export const FILE_SIGNATURE_FORMATS = ['xades', 'xades-enveloping', 'xades-detached', 'cades', 'cades-attached', 'pades'] as const;
export const FILE_SIGNATURE_LEVELS = ['B-B', 'B-T', 'B-LT'] as const;

/** An absolute path (POSIX or Windows), bounded; the service checks it is a readable regular file. */
const localPath = z.string().min(1).max(4096).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'absolutePath');

export const stampSchema = z.strictObject({
  page: z.number().int().min(1).max(100_000),
  /** The page corner the offsets are measured from. */
  corner: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right']).default('bottom-right'),
  /** Distance in points of the stamp from that corner (horizontal, vertical). */
  x: z.number().min(0).max(14_400),
  y: z.number().min(0).max(14_400),
  width: z.number().min(40).max(600).optional(),
  height: z.number().min(20).max(300).optional(),
});

export const fileToSignSchema = z.object({
  path: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  kind: z.enum(['pdf', 'xml', 'other']),
  formats: z.array(z.enum(FILE_SIGNATURE_FORMATS)),
  defaultFormat: z.enum(FILE_SIGNATURE_FORMATS),
  /** PDFs only: for placing the visible stamp. */
  pageCount: z.number().int().nullable(),
  /** Where the result would go now (a free name next to the file). */
  proposedOutput: z.string(),
});
export type FileToSign = z.infer<typeof fileToSignSchema>;

export const signFileResultSchema = z.object({
  input: z.string(),
  output: z.string(),
  format: z.enum(FILE_SIGNATURE_FORMATS),
  level: z.enum(FILE_SIGNATURE_LEVELS),
  signingTime: z.string(),
  timestampTime: z.string().nullable(),
  signatureCount: z.number().int(),
});
export type SignFileResult = z.infer<typeof signFileResultSchema>;

export const signatureChannels = {
  'signatures.defaults': {
    input: z.strictObject({ paths: z.array(localPath).min(1).max(100) }),
    output: z.array(fileToSignSchema),
  },
  'signatures.sign': {
    input: z.strictObject({
      path: localPath,
      format: z.enum(FILE_SIGNATURE_FORMATS),
      level: z.enum(FILE_SIGNATURE_LEVELS),
      certificateId: z.string().regex(/^[0-9a-f]{64}$/),
      /** Travels once to the signer process; never stored, logged or returned. */
      /** null: typed on the reader's PIN pad. Travels once to the signer; never stored or returned. */
      pin: z.string().min(1).max(64).nullable(),
      stamp: stampSchema.optional(),
      /** Required for B-T and B-LT. */
      tsaUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(),
    }),
    output: signFileResultSchema,
  },
  'signatures.verify': {
    input: z.strictObject({ path: localPath, contentPath: localPath.optional() }),
    output: verificationReportSchema,
  },
} as const;

/** Progress of one file being signed (0…1), for the progress bar. */
export const signatureEvents = {
  'signatures.progress': z.object({ path: z.string(), fraction: z.number().min(0).max(1) }),
} as const;
