/**
 * IPC channels of attachment staging and checks. Files reach the services in chunks the size of
 * which is capped, so neither side ever holds a large file whole (DOMAIN-inboxes §7).
 */
import { z } from 'zod';
import { channelOfAddress } from './addresses';
import { ISSUE_CODES } from './attachment-issues';
import { SIZE_SCOPES } from './contract-directory';

/** A file staged from disk, referenced by a letter instead of inline bytes. */
export const stagedAttachmentRefSchema = z.object({ stagedId: z.uuid(), description: z.string().trim().max(500).optional() });

/** Largest decoded chunk of one stageChunk call. */
export const CHUNK_MAX_BYTES = 1024 * 1024;
/** Largest file that can be staged: above every inbox limit known (§7.3: 500 MB per e-Doręczenia message). */
export const MAX_STAGED_BYTES = 1024 ** 3;

const stagedId = z.uuid();
const bytes = z.number().int().min(0).max(MAX_STAGED_BYTES);

/** Strict base64 (no whitespace, padding only at the end) that decodes to 1 byte … CHUNK_MAX_BYTES. */
const chunkBase64 = z
  .string()
  .min(4)
  .max(Math.ceil(CHUNK_MAX_BYTES / 3) * 4)
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/)
  .refine((s) => (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0) <= CHUNK_MAX_BYTES, 'chunkTooLarge');

export const attachmentIssueSchema = z.object({
  code: z.enum(ISSUE_CODES),
  /** The file the issue is about (its name as the user chose it). */
  file: z.string().optional(),
  /** In the user's language. */
  message: z.string(),
  /** What the message names (sizes in bytes), for a UI that words it itself. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
});
export type AttachmentIssue = z.output<typeof attachmentIssueSchema>;

export const stagedAttachmentSchema = z.object({
  stagedId,
  /** As the user chose it. */
  fileName: z.string(),
  /** As it will be sent (§7.2). */
  safeFileName: z.string(),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the content really is, as a contentType of the KRI list. */
  mediaType: z.string(),
  /** On the KRI list and not a program; an inbox's own list is applied by attachments.check. */
  accepted: z.boolean(),
  problems: z.array(attachmentIssueSchema),
  warnings: z.array(attachmentIssueSchema),
});
export type StagedAttachment = z.output<typeof stagedAttachmentSchema>;

export const attachmentChannels = {
  'attachments.stageBegin': {
    input: z.strictObject({ fileName: z.string().min(1).max(1024), size: bytes }),
    output: z.object({ stagedId }),
  },
  /** Chunks come in order: `offset` must equal the bytes received so far. */
  'attachments.stageChunk': {
    input: z.strictObject({ stagedId, offset: bytes, dataBase64: chunkBase64 }),
    output: z.object({ received: bytes }),
  },
  /** Checks the size, fsyncs the file and makes it visible; a wrong size discards the upload. */
  'attachments.stageCommit': { input: z.strictObject({ stagedId }), output: stagedAttachmentSchema },
  'attachments.stageDiscard': { input: z.strictObject({ stagedId }), output: z.object({ discarded: z.boolean() }) },
  /** The staged files of one letter against the inbox's limit and formats. */
  'attachments.check': {
    input: z.strictObject({
      inbox: z.string().trim().refine((a) => channelOfAddress(a) !== null, 'inbox'),
      stagedIds: z.array(stagedId).max(100).refine((ids) => new Set(ids).size === ids.length, 'duplicateId'),
    }),
    output: z.object({
      /** Encoded (base64) bytes as the limit counts them. */
      usedBytes: z.number().int().min(0),
      limitBytes: z.number().int().nullable(),
      scope: z.enum(SIZE_SCOPES).nullable(),
      inboxName: z.string().nullable(),
      /** Per file, in the order asked: the name it goes out under (unique in the letter) and the verdict for this inbox. */
      files: z.array(z.object({ stagedId, safeFileName: z.string(), accepted: z.boolean() })),
      problems: z.array(attachmentIssueSchema),
      warnings: z.array(attachmentIssueSchema),
    }),
  },
} as const;
