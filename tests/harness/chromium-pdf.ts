/**
 * The PDF export's desktop hooks for the test tiers: Debian Chromium prints the document through
 * the same pipeline Electron's printToPDF uses (CDP Page.printToPDF), with the app's PDF_LAYOUT and
 * the preview's CSP; the "save dialog" answers with a file in a test folder, the folder dialog with that folder.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PDF_LAYOUT } from '../../electron/common/pdf-layout';
import { previewResponseHeaders } from '../../electron/main/policy';
import type { DesktopHooks } from '../../electron/node/export/pdf-export';

const DOC_URL = 'http://print.invalid/document';

export function chromiumDesktopHooks(browser: () => Browser, saveDir: string, opts: { cancel?: () => boolean } = {}): DesktopHooks {
  return {
    async printPdf(html) {
      const page = await browser().newPage({ javaScriptEnabled: false });
      try {
        const headers = Object.fromEntries(Object.entries(previewResponseHeaders()).map(([k, v]) => [k.toLowerCase(), v]));
        // One document and nothing else, as the app's print session serves it.
        await page.route('**/*', (route) => (route.request().url() === DOC_URL ? route.fulfill({ status: 200, headers, body: html }) : route.abort()));
        await page.goto(DOC_URL);
        const margin = `${PDF_LAYOUT.marginMm}mm`;
        return await page.pdf({ format: PDF_LAYOUT.pageSize, printBackground: PDF_LAYOUT.printBackground, margin: { top: margin, bottom: margin, left: margin, right: margin } });
      } finally {
        await page.close();
      }
    },
    async askSavePath(suggestedName) {
      return opts.cancel?.() ? null : join(saveDir, suggestedName);
    },
    async askSaveFolder() {
      return opts.cancel?.() ? null : saveDir;
    },
  };
}
