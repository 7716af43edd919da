/**
 * The register's received correspondence (issue 6 §6): one received letter's history — its dates,
 * the evidences of its message and the files it brought — for the register's history panel.
 * The register's list and journal channels are in contract-outbox.ts (register.query/exportCsv).
 */
import { z } from 'zod';

const incomingEventSchema = z.object({
  at: z.string(),
  /** received | sent | D.1 | E.1 | delivery.deemed | opened | an evidence type (A.1, BP.OX…) */
  kind: z.string(),
  detail: z.string().nullable(),
});

const incomingFileSchema = z.object({
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** XML signatures found in the file (null: none or not an XML file). */
  signature: z.object({ valid: z.boolean(), signers: z.array(z.string()), problems: z.array(z.string()) }).nullable(),
});

export const registerChannels = {
  'register.incoming': {
    input: z.object({ id: z.string().min(1).max(200) }),
    output: z.object({ events: z.array(incomingEventSchema), files: z.array(incomingFileSchema) }),
  },
} as const;
