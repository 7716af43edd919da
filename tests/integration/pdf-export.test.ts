/**
 * The PDF export's own rules, with Debian Chromium as the printer (the pipeline Electron's
 * printToPDF uses): A4 with the layout's margins and the text of the document; the user's
 * cancellation writes nothing; a printer that returns no whole PDF leaves no file; without the
 * desktop hooks (the CLI) the export says it is desktop-only.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { isAppError } from '../../electron/common/errors';
import { createPdfExport, pdfFileName } from '../../electron/node/export/pdf-export';
import { chromiumDesktopHooks } from '../harness/chromium-pdf';

const HTML = `<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>x</title>
<style>th { background: #dde; }</style></head>
<body><h1>Wniosek o zaświadczenie</h1><table><tr><th>Nadawca</th><td>Zażółć Gęślą</td></tr></table>
<img src="http://example.invalid/tracker.png" alt=""></body></html>`;

describe('PDF export', { timeout: 120_000 }, () => {
  let browser: Browser;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nadawca-pdf-'));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an A4 PDF with the document text, saved under a safe name from the title', async () => {
    const exportPdf = createPdfExport(chromiumDesktopHooks(() => browser, dir));
    const r = await exportPdf(HTML, 'Wniosek: zaświadczenie / KRUS');
    assert.equal(r.saved, true);
    assert.equal(r.path, join(dir, pdfFileName('Wniosek: zaświadczenie / KRUS')));
    assert.doesNotMatch(r.path!.slice(dir.length + 1), /[/:]/);
    const info = execFileSync('pdfinfo', [r.path!], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    assert.match(info, /Pages:\s+1\b/);
    const text = execFileSync('pdftotext', [r.path!, '-'], { encoding: 'utf8' });
    assert.match(text, /Wniosek o zaświadczenie/);
    assert.match(text, /Zażółć Gęślą/);
  });

  it('writes nothing when the user cancels the save dialog', async () => {
    const before = readdirSync(dir).length;
    const exportPdf = createPdfExport(chromiumDesktopHooks(() => browser, dir, { cancel: () => true }));
    assert.deepEqual(await exportPdf(HTML, 'Anulowane'), { saved: false, path: null });
    assert.equal(readdirSync(dir).length, before);
  });

  it('leaves no file when the printer returns no complete PDF', async () => {
    const target = join(dir, 'uciety.pdf');
    const exportPdf = createPdfExport({
      printPdf: async () => Buffer.from('%PDF-1.7\n1 0 obj'),
      askSavePath: async () => target,
    });
    await assert.rejects(exportPdf(HTML, 'Ucięty'), (e) => isAppError(e) && e.code === 'INTERNAL');
    assert.equal(existsSync(target), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });

  it('without the desktop app (the CLI) says the export is desktop-only', async () => {
    await assert.rejects(createPdfExport(undefined)(HTML, 'x'), (e) => isAppError(e) && e.code === 'DESKTOP_ONLY');
  });
});
