/** IPC handlers of contract-manual.ts: the manual channel's package and receipt import, a receipt's PDF. */
import { statSync } from 'node:fs';
import type { manualChannels } from '../../common/contract-manual';
import { AppError } from '../../common/errors';
import type { Lang } from '../../common/messages';
import type { Db } from '../db/database';
import type { EvidenceStore } from '../edoreczenia/evidence';
import type { DesktopHooks, PdfExportResult } from '../export/pdf-export';
import type { FilingsRepo } from '../filings/filings-repo';
import type { Outbox } from '../outbox/outbox';
import type { ReceiptsService } from '../receipts/receipts-service';
import type { Handlers } from '../router';
import type { BlobStore } from '../storage/blob-store';
import { exportManualPackage, importManualReceipt } from './manual';

export interface ManualHandlerDeps {
  repo: FilingsRepo;
  blobs: BlobStore;
  outbox: Outbox;
  receipts: ReceiptsService;
  /** e-Doręczenia evidences (the channel's store) and the database the match reads. */
  evidences: EvidenceStore;
  db: Db;
  changed: (id: string) => void;
  lang: () => Lang;
  desktop: DesktopHooks | undefined;
  /** The receipt's official rendering (receipts.preview) printed and saved (createPdfExport). */
  exportReceiptPdf: (id: string) => Promise<PdfExportResult>;
}

export function createManualHandlers(deps: ManualHandlerDeps): Pick<Handlers, keyof typeof manualChannels> {
  return {
    'manual.exportPackage': async ({ id }) => {
      deps.repo.get(id); // an unknown filing fails before a dialog opens
      if (!deps.desktop?.askSaveFolder) throw new AppError('DESKTOP_ONLY', 'choosing a folder needs the desktop app', { what: 'folder' });
      const dir = await deps.desktop.askSaveFolder();
      if (dir === null) return { saved: false, dir: null, files: [] };
      const pkg = exportManualPackage(dir, id, { repo: deps.repo, blobs: deps.blobs, lang: deps.lang() });
      return { saved: true, dir: pkg.dir, files: pkg.manifest.files };
    },
    'manual.importReceipt': async ({ path }) => {
      if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new AppError('NOT_FOUND', `no file ${path}`, { what: path });
      const r = await importManualReceipt(path, deps);
      return { id: r.id, filingId: r.filingId, kind: r.kind, verified: r.verified, problems: r.problems, messageId: r.messageId, filingTitle: r.filingTitle, alreadyImported: r.alreadyImported };
    },
    'receipts.exportPdf': async ({ id }) => deps.exportReceiptPdf(id),
  };
}
