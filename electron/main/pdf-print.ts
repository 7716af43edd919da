/**
 * The desktop hooks of the PDF export (electron/node/export/pdf-export.ts): save and folder dialogs, and
 * printing with Electron's printToPDF in a hidden window that cannot run scripts and whose own
 * in-memory session serves exactly one document — the HTML to print, with the preview's CSP.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { MM_PER_INCH, PDF_LAYOUT } from '../common/pdf-layout';
import type { DesktopHooks } from '../node/export/pdf-export';
import { hardenSession } from './security';
import { APP_ORIGIN, APP_SCHEME, previewIdOf, previewResponseHeaders, printWebPreferences, PRINT_PARTITION } from './policy';

export function desktopHooks(parent: () => BrowserWindow | null): DesktopHooks {
  // One print at a time: the print session serves a single document.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    printPdf(html) {
      const job = queue.then(() => printOnce(html));
      queue = job.catch(() => undefined);
      return job;
    },
    async askSavePath(suggestedName) {
      const owner = parent();
      const options = { defaultPath: path.join(app.getPath('documents'), suggestedName), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
      const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      return r.filePath.toLowerCase().endsWith('.pdf') ? r.filePath : `${r.filePath}.pdf`;
    },
    async askSaveFolder() {
      const owner = parent();
      const options = { defaultPath: app.getPath('documents'), properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const r = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  };
}

async function printOnce(html: string): Promise<Uint8Array> {
  const ses = session.fromPartition(PRINT_PARTITION);
  hardenSession(ses);
  const token = randomUUID();
  ses.protocol.handle(APP_SCHEME, async (request) =>
    previewIdOf(request.url) === token ? new Response(html, { status: 200, headers: previewResponseHeaders() }) : new Response(null, { status: 404 }));
  const win = new BrowserWindow({ show: false, webPreferences: printWebPreferences() });
  try {
    await win.loadURL(`${APP_ORIGIN}/preview/${token}`);
    const margin = PDF_LAYOUT.marginMm / MM_PER_INCH;
    return await win.webContents.printToPDF({
      pageSize: PDF_LAYOUT.pageSize,
      printBackground: PDF_LAYOUT.printBackground,
      margins: { top: margin, bottom: margin, left: margin, right: margin },
    });
  } finally {
    win.destroy();
    ses.protocol.unhandle(APP_SCHEME);
  }
}
