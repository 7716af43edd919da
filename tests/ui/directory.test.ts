/**
 * UI tier: the address book ("Książka adresowa") in Chromium against the real services — live
 * search with Polish letters, adding an entry with the keyboard only (inline validation on the
 * way), export and import, then picking entries in the compose form, where the proposed inbox and
 * its reason follow the letter's date. Screenshots: test-artifacts/ui/directory-*.png.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { DirectoryEntryView } from '../../electron/common/contract-directory';
import { startUiSession, type UiSession } from '../harness/ui-session';

const NAME = 'Urząd Gminy Testowo';
const ADE = 'AE:PL-28080-40239-TUSBF-26';
const MB = 1024 * 1024;

let ui: UiSession;

const activeText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
const activeLabel = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? '');

/** Every control on the page has an accessible name. */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('main input, main select, main textarea'))
      .filter((el) => el.labels?.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML),
  );
}

describe('UI: the address book and picking an addressee, in Chromium', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });
  after(async () => {
    await ui?.close();
  });

  it('searches live, adds an entry with the keyboard, exports and imports', async () => {
    const page = await ui.newPage();
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();

    // The navigation entry is a real link, reached and followed with the keyboard.
    const navLink = page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Książka adresowa' });
    await navLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Książka adresowa' }).waitFor();
    assert.match(page.url(), /#\/directory$/);
    assert.equal(await navLink.getAttribute('aria-current'), 'page');
    assert.equal(await activeText(page), 'Książka adresowa', 'focus moves to the screen heading');

    const list = page.getByRole('list', { name: 'Wpisy książki adresowej' });
    const status = page.locator('.live-status');
    await status.filter({ hasText: 'Wyniki: 23.' }).waitFor();
    assert.equal(await list.locator(':scope > li').count(), 23);
    const krus = list.locator('[data-entry-id="krus-centrala"]');
    assert.match((await krus.textContent()) ?? '', /\/KRUS\/SkrytkaESP.*3 MB — łącznie wszystkie załączniki pisma/);
    assert.match((await list.locator('[data-entry-id="krus-or-lodz"]').textContent()) ?? '', /Adres nieznany/);
    assert.deepEqual(await unnamedControls(page), []);
    await ui.shot(page, 'directory-01-list');

    // Live search: no button to press; case and Polish letters do not matter.
    const search = page.getByLabel('Szukaj', { exact: true });
    await search.fill('lodz');
    await status.filter({ hasText: 'Wyniki: 1.' }).waitFor();
    assert.deepEqual(await list.locator('[data-entry-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry-id'))), ['krus-or-lodz']);
    await search.fill('czestochowa');
    await status.filter({ hasText: 'Wyniki: 2.' }).waitFor();
    assert.deepEqual(await list.locator('[data-entry-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry-id'))), ['krus-or-czestochowa', 'um-czestochowa']);
    await list.locator('[data-entry-id="um-czestochowa"] summary').click();
    await list.getByText(/SEKAP wyłączono 23\.12\.2021/).waitFor();
    await ui.shot(page, 'directory-02-search');

    // Add an entry, keyboard only.
    await page.getByRole('button', { name: 'Dodaj wpis' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Nowy wpis' }).waitFor();
    assert.equal(await activeText(page), 'Nowy wpis', 'focus moves to the form');
    await page.keyboard.press('Tab');
    assert.equal(await activeLabel(page), 'Nazwa instytucji');
    await page.keyboard.type(NAME);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Testowo');
    await page.keyboard.press('Tab');
    assert.match(await activeLabel(page), /^Skrytka ePUAP/);
    await page.keyboard.type('ug_testowo/SkrytkaESP');
    await page.keyboard.press('Tab');
    // Inline validation as the field is left.
    const epuap = page.getByLabel('Skrytka ePUAP');
    assert.equal(await epuap.getAttribute('aria-invalid'), 'true');
    await page.getByText('Niepoprawny adres skrytki — wpisz go w postaci /podmiot/skrytka, bez spacji.').waitFor();
    await ui.shot(page, 'directory-03-validation');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Home');
    await page.keyboard.type('/');
    assert.equal(await epuap.getAttribute('aria-invalid'), null, 'the error goes as soon as the value is right');
    await page.keyboard.press('Tab');
    assert.match(await activeLabel(page), /^Adres do e-Doręczeń/);
    await page.keyboard.type('ae:pl-28080-40239-tusbf-26');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Skrytka urzędu gminy, także dla obywateli.');
    await page.keyboard.press('Tab');
    assert.match(await activeLabel(page), /^Limit wielkości \(MB\)/);
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('k'); // type-ahead in the closed select: "każdy plik osobno"
    assert.equal(await page.getByLabel('Czego dotyczy limit').inputValue(), 'file');
    await page.keyboard.press('Tab');
    await page.keyboard.type('pdf, .XML');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Godziny pracy: pn–pt 7:30–15:30,\n"Biuro Obsługi"');
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://bip.testowo.invalid/esp');
    await ui.shot(page, 'directory-04-form');
    await page.keyboard.press('Enter'); // submits the form from a text field

    await status.filter({ hasText: `Zapisano wpis „${NAME}”.` }).waitFor();
    const saved = list.locator('[data-origin="user"]').first();
    await saved.waitFor();
    await page.waitForFunction((name) => document.activeElement?.textContent?.startsWith(name), NAME, { timeout: 5_000 });
    assert.equal(await search.inputValue(), NAME, 'the saved entry is shown');
    const found = await ui.router<{ entries: DirectoryEntryView[] }>('directory.search', { query: 'testowo' });
    assert.equal(found.entries.length, 1);
    const { id, origin, ...entry } = found.entries[0]!;
    assert.equal(origin, 'user');
    assert.deepEqual(entry, {
      name: NAME,
      town: 'Testowo',
      kind: 'public',
      epuap: { address: '/ug_testowo/SkrytkaESP', note: 'Skrytka urzędu gminy, także dla obywateli.' },
      edoreczenia: { address: ADE },
      sizeLimit: { bytes: 5 * MB, scope: 'file' },
      allowedFormats: ['pdf', 'xml'],
      notes: 'Godziny pracy: pn–pt 7:30–15:30,\n"Biuro Obsługi"',
      source: 'https://bip.testowo.invalid/esp',
    });
    await ui.shot(page, 'directory-05-saved');

    // Export CSV: a download of the whole book.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Eksportuj CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^ksiazka-adresowa-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.ok(csv.startsWith('\uFEFFid,name,town,kind,'));
    assert.ok(csv.includes(`${id},${NAME},Testowo,public,/ug_testowo/SkrytkaESP,`));
    assert.ok(csv.includes('"Godziny pracy: pn–pt 7:30–15:30,\n""Biuro Obsługi"""'));

    // Import: a file with a bad row imports nothing and says where; a good one reports its counts.
    const bad = join(ui.dataDir, 'zle.csv');
    writeFileSync(bad, 'name,epuapAddress,sizeLimitBytes,sizeLimitScope\r\nSąd Rejonowy,/sr/SkrytkaESP,,\r\nStarostwo,starostwo/SkrytkaESP,3 MB,file\r\n');
    await page.getByLabel('Importuj z pliku (CSV lub JSON)').setInputFiles(bad);
    const rejected = page.getByRole('alert').filter({ hasText: 'Nie zaimportowano pliku zle.csv' });
    await rejected.waitFor();
    assert.match((await rejected.textContent()) ?? '', /Wiersz 3: Skrytka ePUAP \(epuapAddress\), Limit wielkości \(sizeLimitBytes\)/);
    await ui.shot(page, 'directory-06-import-rejected');
    const good = join(ui.dataDir, 'dobre.csv');
    writeFileSync(good, 'name,town,epuapAddress\r\n"Sąd Rejonowy w Cieszynie, Wydział I",Cieszyn,/sr_cieszyn/SkrytkaESP\r\n');
    await page.getByLabel('Importuj z pliku (CSV lub JSON)').setInputFiles(good);
    await page.getByRole('status').filter({ hasText: 'Zaimportowano plik dobre.csv. Dodane: 1, zmienione: 0, bez zmian: 0.' }).waitFor();
    await search.fill('sad rejonowy');
    await list.getByRole('heading', { name: /Sąd Rejonowy w Cieszynie, Wydział I/ }).waitFor();
    await ui.shot(page, 'directory-07-imported');

    // Edit a shipped entry: the user's box address is added, the shipped 3 MB limit stays exact.
    await search.fill('kielce');
    const kielce = 'Kasa Rolniczego Ubezpieczenia Społecznego Oddział Regionalny w Kielcach';
    await page.getByRole('button', { name: `Edytuj wpis ${kielce}` }).click();
    await page.getByRole('heading', { level: 2, name: `Edycja wpisu: ${kielce}` }).waitFor();
    assert.equal(await page.getByLabel('Limit wielkości (MB)').inputValue(), '3');
    await page.getByLabel('Skrytka ePUAP').fill('/krus_kielce/SkrytkaESP');
    await page.getByRole('button', { name: 'Zapisz wpis' }).click();
    await list.locator('[data-entry-id="krus-or-kielce"] [data-origin="edited"]', { hasText: 'zmieniony przez Ciebie' }).waitFor();
    const edited = await ui.router<DirectoryEntryView>('directory.get', { id: 'krus-or-kielce' });
    assert.deepEqual([edited.epuap, edited.sizeLimit], [{ address: '/krus_kielce/SkrytkaESP' }, { bytes: 3 * MB, scope: 'attachments' }]);

    // Hide a shipped entry, confirming in place.
    await search.fill('opole');
    await page.getByRole('button', { name: /^Ukryj wpis .*w Opolu$/ }).click();
    const yes = page.getByRole('button', { name: 'Tak, ukryj' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Tak, ukryj', undefined, { timeout: 5_000 });
    await ui.shot(page, 'directory-08-confirm-hide');
    await yes.press('Enter');
    await status.filter({ hasText: /Ukryto wpis „.*w Opolu”\./ }).waitFor();
    await page.getByText('Nic nie znaleziono. Sprawdź pisownię albo dodaj wpis.').waitFor();
    assert.equal((await ui.router<{ total: number }>('directory.search', { query: 'opole' })).total, 0);
    await page.close();
  });

  it('picks the addressee in compose: name, the proposed inbox and the reason, following the date', async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/compose`);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();
    const picker = page.getByRole('combobox', { name: 'Wybierz z książki adresowej' });
    const name = page.getByLabel('Nazwa instytucji');
    const inbox = page.getByLabel('Adres skrzynki');
    const note = page.locator('.proposal');
    await page.getByLabel('Data pisma').fill('2026-03-02');

    await picker.focus();
    await page.keyboard.type('testowo');
    const listbox = page.getByRole('listbox', { name: 'Instytucje z książki adresowej' });
    await listbox.getByRole('option', { name: new RegExp(NAME) }).waitFor();
    assert.equal(await picker.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    const activeId = await picker.getAttribute('aria-activedescendant');
    assert.ok(activeId, 'the active option is announced through aria-activedescendant');
    assert.equal(await page.locator(`[id="${activeId}"]`).getAttribute('aria-selected'), 'true');
    await ui.shot(page, 'directory-09-compose-listbox');
    await page.keyboard.press('Enter');
    await note.filter({ hasText: `Wybrano z książki adresowej: ${NAME}.` }).waitFor();
    assert.equal(await picker.getAttribute('aria-expanded'), 'false');
    assert.equal(await name.inputValue(), NAME);
    assert.equal(await inbox.inputValue(), ADE, 'from 2026 the e-Doręczenia address');
    assert.match((await note.textContent()) ?? '', /Proponowany kanał: e-Doręczenia\..*Od 1 stycznia 2026 r\. pisma do urzędów wnosi się na adres do doręczeń elektronicznych.*Limit skrzynki: 5 MB — każdy plik osobno/);
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    await ui.shot(page, 'directory-10-compose-picked');

    // A letter dated 2025: ePUAP was equivalent then, so the known box is proposed instead.
    await page.getByLabel('Data pisma').fill('2025-12-01');
    await note.filter({ hasText: 'Do 31 grudnia 2025 r.' }).waitFor();
    assert.equal(await inbox.inputValue(), '/ug_testowo/SkrytkaESP');
    assert.match((await note.textContent()) ?? '', /Proponowany kanał: ePUAP\./);
    await page.getByLabel('Data pisma').fill('2026-03-02');
    await note.filter({ hasText: 'Proponowany kanał: e-Doręczenia.' }).waitFor();
    assert.equal(await inbox.inputValue(), ADE);

    // KRUS headquarters: ePUAP with the warning that no ADE is known; its 3 MB limit.
    await picker.fill('krus centrala');
    await listbox.getByRole('option', { name: /Centrala/ }).click();
    await note.filter({ hasText: 'nie zna adresu do e-Doręczeń' }).waitFor();
    assert.equal(await inbox.inputValue(), '/KRUS/SkrytkaESP');
    assert.match((await note.textContent()) ?? '', /Limit skrzynki: 3 MB — łącznie wszystkie załączniki pisma/);
    await ui.shot(page, 'directory-11-compose-krus');

    // A KRUS branch without a known box: the inbox is emptied rather than left pointing elsewhere.
    await picker.fill('lodz');
    await listbox.getByRole('option', { name: /w Łodzi/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await note.filter({ hasText: 'nie zna adresu skrzynki tej instytucji' }).waitFor();
    assert.equal(await inbox.inputValue(), '');
    // Escape closes the list without picking.
    await picker.fill('zus');
    await listbox.getByRole('option').first().waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await picker.getAttribute('aria-expanded'), 'false');
    assert.match(await name.inputValue(), /w Łodzi$/);
    assert.deepEqual(await unnamedControls(page), []);

    // Ukrainian: the address book speaks it too.
    await page.getByLabel('Język').selectOption('uk');
    await page.getByRole('navigation').getByRole('link', { name: 'Адресна книга' }).click();
    await page.getByRole('heading', { level: 1, name: 'Адресна книга' }).waitFor();
    await page.locator('.live-status').filter({ hasText: 'Результати:' }).waitFor();
    await ui.shot(page, 'directory-12-ukrainian');
    await page.getByLabel('Мова').selectOption('pl');
    await page.close();
    assert.deepEqual(ui.pageProblems, [], 'no page errors or CSP violations');
  });
});
