/**
 * "Zapisz PDF": the official-stylesheet rendering of a letter (or a receipt) printed to PDF and
 * saved where the user chose. Printing needs Chromium, so the desktop app (or the test tier) passes
 * the two hooks; without them (the CLI) the export says it is desktop-only.
 */
import { checkFileName } from '../../common/file-names';
import { AppError } from '../../common/errors';
import { writeFileAtomic } from '../storage/atomic-write';

export interface DesktopHooks {
  /** A complete HTML document (no scripts needed) printed by Chromium with PDF_LAYOUT. */
  printPdf(html: string): Promise<Uint8Array>;
  /** The file the user picks in a save dialog (suggested name given), or null when cancelled. */
  askSavePath(suggestedName: string): Promise<string | null>;
  /** A folder the user picks (or creates) in a folder dialog, or null when cancelled (manual-channel package). */
  askSaveFolder?(): Promise<string | null>;
}

export interface PdfExportResult {
  saved: boolean;
  /** Where the PDF was written; null when the user cancelled. */
  path: string | null;
}

/** A PDF file name made from a title: the letter's own file-name rules, `.pdf` appended. */
export function pdfFileName(title: string): string {
  const stem = title.trim().replace(/\s+/g, ' ') || 'pismo';
  return checkFileName(`${stem}.pdf`).safeName;
}

export function createPdfExport(hooks: DesktopHooks | undefined) {
  return async function exportPdf(html: string, title: string): Promise<PdfExportResult> {
    if (!hooks) throw new AppError('DESKTOP_ONLY', 'PDF export needs the desktop app', { what: 'PDF' });
    const path = await hooks.askSavePath(pdfFileName(title));
    if (path === null) return { saved: false, path: null };
    const bytes = await hooks.printPdf(html);
    // Never leave something that is not a whole PDF under the user's chosen name.
    const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString('latin1');
    if (head !== '%PDF-' || !tail.includes('%%EOF')) throw new AppError('INTERNAL', 'the printer returned no complete PDF');
    writeFileAtomic(path, bytes);
    return { saved: true, path };
  };
}
