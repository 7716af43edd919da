/**
 * UI tier: received correspondence in the register. Letters enter the services' SQLite file the
 * way the channels write them (an e-Doręczenia letter tracked by the deadline register with its
 * D.1, one opened in the mailbox, an ePUAP document collected) and migration 012's triggers put
 * them in the register: the grid shows their direction and state beside a sent letter, the
 * direction and state filters and the search narrow to them, Enter shows a received letter's
 * history, and the exported journal holds both directions.
 * Screenshot: test-artifacts/ui/register-incoming.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { FilingDetail } from '../../electron/common/contract';
import { startUiSession, type UiSession } from '../harness/ui-session';

let ui: UiSession;

function seed(dataDir: string): void {
  const db = new Database(join(dataDir, 'nadawca.sqlite'));
  try {
    db.pragma('busy_timeout = 10000');
    const sha = 'a'.repeat(64);
    db.prepare("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES (?, 16, 'text/xml', '2026-01-01')").run(sha);
    db.transaction(() => {
      db.prepare(`INSERT INTO deadline_items (id, role, channel, filing_id, message_id, title, counterparty, public_sender, created_at)
                  VALUES ('t1', 'incoming', 'edoreczenia', NULL, 'MSG-AWAIT-1', 'Wezwanie do złożenia wyjaśnień', 'Urząd Skarbowy w Cieszynie', 1, '2026-11-20T09:00:00.000Z')`).run();
      db.prepare("INSERT INTO deadline_events (item_id, kind, at, recorded_at) VALUES ('t1', 'D.1', '2026-11-20T08:00:00.000Z', '2026-11-20T09:00:00.000Z')").run();
      db.prepare(`INSERT INTO deadline_items (id, role, channel, filing_id, message_id, title, counterparty, public_sender, created_at)
                  VALUES ('t2', 'incoming', 'edoreczenia', NULL, 'MSG-OPEN-2', 'Decyzja o przyznaniu zasiłku', 'Zakład Ubezpieczeń Społecznych', 1, '2026-11-18T09:00:00.000Z')`).run();
      db.prepare("INSERT INTO deadline_events (item_id, kind, at, recorded_at) VALUES ('t2', 'D.1', '2026-11-18T08:00:00.000Z', '2026-11-18T09:00:00.000Z')").run();
      db.prepare("INSERT INTO deadline_events (item_id, kind, at, recorded_at) VALUES ('t2', 'E.1', '2026-11-19T10:00:00.000Z', '2026-11-19T10:00:00.000Z')").run();
      db.prepare(`INSERT INTO edoreczenia_incoming (box, message_id, subject, sender, opened_at, files_json)
                  VALUES ('AE:PL-10000-20000-NADAW-10', 'MSG-OPEN-2', 'Decyzja o przyznaniu zasiłku', 'AE:PL-ZUS', '2026-11-19T10:00:00.000Z', ?)`)
        .run(JSON.stringify([{ name: 'decyzja.xml', size: 16, sha256: sha, signature: { count: 1, valid: true, signers: ['ZUS (TEST)'], problems: [] } }]));
      db.prepare(`INSERT INTO incoming_documents (id, channel, box, sender, file_name, sha256, sent_at, received_at)
                  VALUES ('doc-1', 'epuap', '/nadawca/SkrytkaESP', 'Starostwo Powiatowe w Żywcu', 'Postanowienie.xml', ?, NULL, '2026-11-17T12:00:00.000Z')`).run(sha);
    })();
  } finally {
    db.close();
  }
}

describe('UI: received correspondence in the register', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
    seed(ui.dataDir);
  });
  after(async () => {
    await ui?.close();
  });

  it('shows direction and state, filters and searches received letters, opens their history, exports both directions', async () => {
    await ui.router<FilingDetail>('filings.create', {
      sender: { institution: { name: 'Biuro Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '1' } },
      addressee: { name: 'CUW Cieszyn', inbox: '/ZOJO_Cieszyn/SkrytkaESP' },
      place: 'Warszawa', date: '2026-11-23', title: 'Odpowiedź na wezwanie', content: ['Treść.'],
    });
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/register`);
    const grid = page.getByRole('grid', { name: 'Dziennik korespondencji' });
    await page.getByText('Pozycji w dzienniku: 4').waitFor();
    // Newest first: the letter just written (sent), then the received ones by arrival.
    await grid.locator('[aria-rowindex="2"]').getByText('Odpowiedź na wezwanie').waitFor();
    assert.equal(await grid.locator('[aria-rowindex="2"]').getAttribute('data-flow'), 'out');
    const awaiting = grid.locator('[aria-rowindex="3"]');
    assert.equal(await awaiting.getAttribute('data-flow'), 'in');
    const text = (await awaiting.textContent()) ?? '';
    for (const part of ['otrzymane', 'Wezwanie do złożenia wyjaśnień', 'Urząd Skarbowy w Cieszynie', 'Czeka na odbiór', 'do odbioru od']) assert.ok(text.includes(part), `${part} in ${text}`);

    await page.getByRole('combobox', { name: 'Kierunek' }).selectOption('in');
    await page.getByText('Pozycji w dzienniku: 3').waitFor();
    await page.getByRole('combobox', { name: /^Stan/ }).selectOption('collected');
    await page.getByText('Pozycji w dzienniku: 2').waitFor();
    await page.getByLabel('Szukaj (tytuł, adresat, znak sprawy)').fill('zasiłku');
    await page.getByText('Pozycji w dzienniku: 1').waitFor();
    const decyzja = grid.locator('[aria-rowindex="2"]');
    await decyzja.getByText('Odebrane', { exact: true }).waitFor();
    await ui.shot(page, 'register-incoming');

    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const history = page.getByRole('region', { name: /Historia pisma otrzymanego „Decyzja o przyznaniu zasiłku”/ });
    await history.getByText('Udostępnione do odbioru (D.1)').waitFor();
    await history.getByText('Odebrane (E.1)').waitFor();
    await history.getByText(/decyzja\.xml.*podpis ważny \(ZUS \(TEST\)\)/).waitFor();

    // The journal of both directions.
    await page.getByRole('button', { name: 'Wyczyść filtry' }).click();
    await page.getByText('Pozycji w dzienniku: 4').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Eksportuj dziennik' }).click()]);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /;Kierunek;Data udostępnienia \(D\.1\);Data odbioru$/);
    assert.equal(lines.filter((l) => l.includes(';otrzymane;')).length, 3);
    assert.equal(lines.filter((l) => l.includes(';wysłane;')).length, 1);
    assert.deepEqual(ui.pageProblems, []);
  });
});
