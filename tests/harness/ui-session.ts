/**
 * What every UI test needs (ARCHITECTURE §5): the production renderer bundle (built if missing),
 * real services, the contract host serving the bundle with its window.api bridge, and Debian's
 * Chromium driven by Playwright. Pages report uncaught errors and CSP violations into `pageProblems`;
 * screenshots go to test-artifacts/ui/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumDesktopHooks } from './chromium-pdf';
import { startContractHost, type ContractHost } from './contract-host';
import { REPO_ROOT, startTestServices, type TestServices } from './services';
import type { TestEnvironment } from './test-env';

const RENDERER = join(REPO_ROOT, 'out/renderer');
const UI_ARTIFACTS = join(REPO_ROOT, 'test-artifacts/ui');

export interface UiSession {
  services: TestServices;
  env: TestEnvironment;
  /** The services' data folder (also a place for files a test uploads). */
  dataDir: string;
  /** Where "Zapisz PDF" saves (the test's answer to the save dialog). */
  exportsDir: string;
  host: ContractHost;
  context: BrowserContext;
  /** Errors the pages reported (uncaught exceptions, CSP violations); a flow must produce none. */
  pageProblems: string[];
  newPage(): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  /** Calls the router directly (to check what the UI did). */
  router<T>(channel: string, input?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startUiSession(): Promise<UiSession> {
  if (!existsSync(join(RENDERER, 'index.html'))) {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  mkdirSync(UI_ARTIFACTS, { recursive: true });
  let host: ContractHost | undefined;
  let browser: Browser | undefined;
  // "Zapisz PDF" prints with this session's Chromium and saves into exportsDir.
  const exportsDir = mkdtempSync(join(tmpdir(), 'nadawca-exports-'));
  const desktop = chromiumDesktopHooks(() => browser!, exportsDir);
  const started = await startTestServices({ lang: 'pl', desktop });
  try {
    host = await startContractHost({ services: started.services, pickedFilesDir: started.dataDir });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    await host?.close().catch(() => {});
    await started.close().catch(() => {});
    throw e;
  }
  const context = await browser.newContext({ locale: 'pl-PL', timezoneId: 'Europe/Warsaw', viewport: { width: 1280, height: 900 } });
  const pageProblems: string[] = [];
  const { services } = started;
  const openedBrowser = browser;
  const openedHost = host;

  return {
    services,
    env: started.env,
    dataDir: started.dataDir,
    exportsDir,
    host,
    context,
    pageProblems,
    async newPage() {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // A <meta> CSP cannot carry frame-ancestors (the header does); Chromium says so on every load.
        if (m.type() === 'error' && !m.text().includes("'frame-ancestors' is ignored")) pageProblems.push(`console: ${m.text()}`);
      });
      return page;
    },
    async shot(page, name) {
      await page.screenshot({ path: join(UI_ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async router<T>(channel: string, input: unknown = {}) {
      const r = await services.router(channel, input);
      assert.ok(r.ok, `${channel} failed: ${JSON.stringify(r)}`);
      return r.value as T;
    },
    async close() {
      await context.close().catch(() => {});
      await openedBrowser.close().catch(() => {});
      await openedHost.close().catch(() => {});
      await started.close().catch(() => {});
      rmSync(exportsDir, { recursive: true, force: true });
    },
  };
}
