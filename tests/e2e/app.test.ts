/**
 * The real Electron app driven by Playwright. Runs only where an Electron binary exists; elsewhere
 * it is reported as skipped with the reason — never a silent pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
// @ts-expect-error -- a plain .mjs helper shared with `npm start`
import { electronBinary, root } from '../../scripts/electron-binary.mjs';

const binary = (electronBinary as () => string | null)();
if (binary === null) console.log('skipped: no Electron binary');

test('the app opens its hardened window with the Polish UI', { skip: binary === null ? 'no Electron binary' : false }, async () => {
  const userData = mkdtempSync(join(tmpdir(), 'nadawca-e2e-'));
  const app = await electron.launch({ executablePath: binary!, args: [root as string, `--user-data-dir=${userData}`], env: { ...process.env, LANG: 'pl_PL.UTF-8' } });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.match(page.url(), /^app:\/\/nadawca\//);
    assert.equal(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined', 'no Node in the renderer');
    assert.equal(await page.evaluate(() => Object.isFrozen((globalThis as unknown as { api: object }).api)), true);
    mkdirSync('test-artifacts/e2e', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/e2e/main-window.png' });
  } finally {
    await app.close();
  }
});
