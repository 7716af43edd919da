/**
 * Saving a receipt file exactly as received (the PDF forms of e-Doręczenia evidences, BP.WP/BP.OP):
 * unlike "Zapisz PDF" of an XML receipt, nothing is rendered or printed, so the PAdES seal stays
 * checkable in any PDF reader.
 */
import { checkFileName } from '../../common/file-names';
import { AppError } from '../../common/errors';
import type { DesktopHooks, PdfExportResult } from '../export/pdf-export';
import { writeFileAtomic } from '../storage/atomic-write';

export async function saveReceiptFile(desktop: DesktopHooks | undefined, bytes: Uint8Array, suggestedName: string): Promise<PdfExportResult> {
  if (!desktop) throw new AppError('DESKTOP_ONLY', 'saving a file needs the desktop app', { what: 'PDF' });
  const path = await desktop.askSavePath(checkFileName(suggestedName).safeName);
  if (path === null) return { saved: false, path: null };
  writeFileAtomic(path, bytes);
  return { saved: true, path };
}
