/**
 * UI tier: the register screen over 100 000 letters seeded straight into the services' SQLite file
 * (as scripts/bench/register.ts does; the FTS index follows through the migration's triggers).
 * The grid announces all rows (aria-rowcount) while keeping only a few in the DOM; full-text search
 * and a state filter agree with register.query; the keyboard reaches the last row (paged fetching
 * as it scrolls); Enter opens a letter's history; "Eksportuj dziennik" downloads the filtered journal.
 * Screenshot: test-artifacts/ui/register-screen.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { FilingDetail } from '../../electron/common/contract';
import { startUiSession, type UiSession } from '../harness/ui-session';

const ITEMS = 100_000;
const OFFICES = ['Zakład Ubezpieczeń Społecznych', 'Urząd Skarbowy w Cieszynie', 'Sąd Rejonowy w Gliwicach', 'Starostwo Powiatowe w Żywcu'];
const STATES = ['delivered', 'delivered', 'queued', 'failed', 'rejected'] as const;
let ui: UiSession;

function seed(dataDir: string): void {
  const db = new Database(join(dataDir, 'nadawca.sqlite'));
  try {
    db.pragma('busy_timeout = 10000');
    const sha = '0'.repeat(64);
    db.prepare("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES (?, 1, 'text/xml', '2020-01-01')").run(sha);
    const insert = db.prepare(`INSERT INTO filings (id, client_id, channel, to_address, addressee_name, title, file_name, state, draft_sha256, signed_sha256, remote_id, case_ref, created_at, updated_at, sent_at, delivered_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < ITEMS; i++) {
        const at = new Date(Date.UTC(2020, 0, 1) + i * 30 * 60_000).toISOString();
        const state = STATES[i % STATES.length]!;
        const channel = i % 2 ? 'epuap' : 'edoreczenia';
        insert.run(`seed-${i}`, `c${i}`, channel, channel === 'epuap' ? '/ZUS/SkrytkaESP' : 'AE:PL-12345-67890-ABCDE-12', OFFICES[i % OFFICES.length]!,
          `Pismo seryjne nr ${i}`, `Pismo_${i}.xml`, state, sha, sha, state === 'delivered' ? String(100000 + i) : null,
          `ZN.${i % 997}.${2020 + (i % 6)}`, at, at, state === 'delivered' ? at : null, state === 'delivered' ? at : null);
      }
    })();
  } finally {
    db.close();
  }
}

describe('UI: register screen with 100 000 letters', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
    seed(ui.dataDir);
  });
  after(async () => {
    await ui?.close();
  });

  it('searches, filters, walks to the last row by keyboard, shows history and exports the journal', async () => {
    // One real letter (with events) on top of the seeded ones.
    const letter = await ui.router<FilingDetail>('filings.create', {
      sender: { institution: { name: 'Biuro Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '1' } },
      addressee: { name: 'CUW Cieszyn', inbox: '/ZOJO_Cieszyn/SkrytkaESP' },
      place: 'Warszawa', date: '2026-11-23', title: 'Odwołanie od decyzji w sprawie zasiłku', content: ['Treść.'],
    });
    const total = ITEMS + 1;
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/register`);
    const grid = page.getByRole('grid', { name: 'Dziennik korespondencji' });
    await page.getByText(`Pozycji w dzienniku: ${total}`).waitFor();
    assert.equal(await grid.getAttribute('aria-rowcount'), String(total + 1), 'header + every letter announced');
    const rendered = await grid.locator('[role="row"][aria-rowindex]').count();
    assert.ok(rendered < 60, `virtualised: ${rendered} rows in the DOM`);

    // Full-text search: the count agrees with the register itself.
    await page.getByLabel('Szukaj (tytuł, adresat, znak sprawy)').fill('Gliwicach');
    const expected = (await ui.router<{ total: number }>('register.query', { text: 'Gliwicach', limit: 1 })).total;
    assert.equal(expected, ITEMS / OFFICES.length);
    await page.getByText(`Pozycji w dzienniku: ${expected}`).waitFor();
    assert.match((await grid.locator('[aria-rowindex="2"]').textContent()) ?? '', /Gliwicach/);

    // Text and a state together, then the state alone.
    await page.getByRole('combobox', { name: /^Stan/ }).selectOption('failed');
    const both = (await ui.router<{ total: number }>('register.query', { text: 'Gliwicach', states: ['failed'], limit: 1 })).total;
    assert.ok(both > 0 && both < expected);
    await page.getByText(`Pozycji w dzienniku: ${both}`).waitFor();
    await page.getByLabel('Szukaj (tytuł, adresat, znak sprawy)').fill('');
    const narrowed = (await ui.router<{ total: number }>('register.query', { states: ['failed'], limit: 1 })).total;
    assert.equal(narrowed, ITEMS / STATES.length);
    await page.getByText(`Pozycji w dzienniku: ${narrowed}`).waitFor();

    // The journal of what is shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Eksportuj dziennik' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.match(lines[0]!, /^\uFEFF?Lp\.;Data utworzenia;/, 'the journal header in Polish');
    assert.equal(lines.length, narrowed + 1);
    await page.getByText(`Wyeksportowano dziennik: ${narrowed} pozycji.`).waitFor();

    // Everything again; the keyboard walks to the very last row, fetched when it comes into view.
    await page.getByRole('button', { name: 'Wyczyść filtry' }).click();
    await page.getByText(`Pozycji w dzienniku: ${total}`).waitFor();
    await grid.focus();
    await page.keyboard.press('End');
    const last = grid.locator(`[aria-rowindex="${total + 1}"]`);
    await last.waitFor();
    await last.filter({ hasText: /Pismo seryjne nr 0 · / }).waitFor();
    assert.equal(await last.getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('PageUp');
    const active = grid.locator('[role="row"][aria-selected="true"]');
    const index = Number(await active.getAttribute('aria-rowindex'));
    assert.ok(index < total && index > total - 40, `moved up from the end: row ${index}`);
    assert.equal(await grid.getAttribute('aria-activedescendant'), await active.getAttribute('id'));
    await ui.shot(page, 'register-screen');

    // Home: the newest letter (the real one); Enter shows its event history.
    await page.keyboard.press('Home');
    const first = grid.locator('[aria-rowindex="2"]');
    await first.getByText('Odwołanie od decyzji w sprawie zasiłku').waitFor();
    assert.equal(await first.getAttribute('data-filing-id'), letter.id);
    await page.keyboard.press('Enter');
    const history = page.getByRole('region', { name: 'Historia pisma „Odwołanie od decyzji w sprawie zasiłku”' });
    await history.getByRole('listitem').first().waitFor();
    assert.deepEqual(ui.pageProblems, []);
  });
});
