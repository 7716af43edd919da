/**
 * The manual channel's IPC (issue 6 §3) — a package for a portal upload or a pendrive/CD, and the
 * receipt the user brings back — and "Zapisz PDF" of a receipt's official rendering (§5).
 */
import { z } from 'zod';

const idInput = z.object({ id: z.string().min(1).max(64) });

// contract.ts spreads these channels, so its receipt schemas cannot be imported here: the import
// answers with what the UI needs to say where the receipt went and whether it holds.
const importedReceiptSchema = z.object({
  id: z.string(),
  filingId: z.string().nullable(),
  kind: z.string(),
  verified: z.boolean(),
  problems: z.array(z.string()),
  /** The e-Doręczenia message an evidence names (null for a UPP/UPD). */
  messageId: z.string().nullable(),
  filingTitle: z.string().nullable(),
  /** The same file was imported before: this is the receipt stored then. */
  alreadyImported: z.boolean(),
});

export const manualChannels = {
  /** Asks for a folder (desktop dialog) and writes the package there; saved false when cancelled. */
  'manual.exportPackage': {
    input: idInput,
    output: z.object({
      saved: z.boolean(),
      dir: z.string().nullable(),
      files: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number().int() })),
    }),
  },
  /**
   * A receipt file the user downloaded (path from a file picker, a drop, or typed): an ePUAP UPP/UPD
   * or an e-Doręczenia evidence (BP.WX/BP.OX or A.1/D.1/E.1 XML, BP.WP/BP.OP PDF).
   */
  'manual.importReceipt': { input: z.object({ path: z.string().trim().min(1).max(4096) }), output: importedReceiptSchema },
  'receipts.exportPdf': { input: idInput, output: z.object({ saved: z.boolean(), path: z.string().nullable() }) },
} as const;
