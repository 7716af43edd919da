/**
 * UI tier: the whole compose form with the keyboard only (Tab, Shift+Tab, typing, Space, Enter,
 * arrow keys — no mouse), a file staged from disk, the letter created and its preview as the
 * office sees it (the official stylesheet in a sandboxed frame served on /preview/<id>). Also: a
 * file over KRUS's 3 MB limit is refused with the message naming the limit and blocks the letter.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pdfFileName } from '../../electron/node/export/pdf-export';
import { startUiSession, type UiSession } from '../harness/ui-session';

const TITLE = 'Wniosek o zwrot nadpłaconej składki';
let ui: UiSession;

/** The accessible name of the focused element (its label, aria-label or text). */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
    return (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
  });
}

/** Presses Tab (or Shift+Tab) until the focused control's name starts with `name`. */
async function tabTo(page: Page, name: string, back = false): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const current = await focusedName(page);
    if (current === name || current.startsWith(`${name} (`)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`could not reach "${name}" with the keyboard`);
}

async function typeInto(page: Page, name: string, text: string): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe('UI: composing with the keyboard only', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });

  after(async () => {
    await ui?.close();
  });

  it('fills every part of the letter, stages a file, creates it and shows the official preview', async () => {
    const page = await ui.newPage();
    const attachment = join(ui.dataDir, 'zaswiadczenie.txt');
    writeFileSync(attachment, 'Zaświadczenie o zarobkach — załącznik.\n'.repeat(2000));
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();

    // Sender: a person (radio group with arrow keys: institution shows its fields, then back).
    await tabTo(page, 'osobą');
    await page.keyboard.press('ArrowRight');
    await page.getByLabel('Nazwa nadawcy (instytucji, firmy)').waitFor();
    assert.equal(await page.getByLabel('REGON').count(), 1);
    await page.keyboard.press('ArrowLeft');
    await page.getByLabel('Imię', { exact: true }).waitFor();

    await typeInto(page, 'Imię', 'Anna');
    await typeInto(page, 'Drugie imię', 'Maria');
    await typeInto(page, 'Nazwisko', 'Klawiaturowa');
    // Identifier: "Inny" with type and value (select changed with the arrow keys).
    await tabTo(page, 'Identyfikator nadawcy');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await typeInto(page, 'Rodzaj identyfikatora', 'paszport');
    await typeInto(page, 'Numer identyfikatora', 'AB1234567');
    await typeInto(page, 'Adres e-mail', 'anna@example.pl');
    await typeInto(page, 'Telefon kontaktowy', '+48 600 100 200');
    await typeInto(page, 'Kod pocztowy', '00-950');
    await typeInto(page, 'Miejscowość', 'Warszawa');
    await typeInto(page, 'Ulica', 'Polna');
    await typeInto(page, 'Numer budynku', '7');
    await typeInto(page, 'Województwo', 'mazowieckie');
    await typeInto(page, 'Powiat', 'Warszawa');
    await typeInto(page, 'Gmina', 'Warszawa');
    await typeInto(page, 'Nazwa instytucji', 'Kasa Rolniczego Ubezpieczenia Społecznego');
    await typeInto(page, 'Adres skrzynki', '/KRUS/SkrytkaESP');
    await tabTo(page, 'Dodaj adresata');
    await page.keyboard.press('Enter');
    assert.match(await focusedName(page), /^Dodatkowy adresat 1/, 'focus moves to the new line');
    await page.keyboard.type('Oddział Regionalny KRUS w Warszawie');
    await typeInto(page, 'Miejsce sporządzenia', 'Warszawa');
    // Kind: the last one, "Inne pismo", asks what kind.
    await tabTo(page, 'Rodzaj pisma');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    await typeInto(page, 'Jakie to pismo', 'prośba');
    await typeInto(page, 'Tytuł pisma', TITLE);
    await typeInto(page, 'Treść pisma', 'Proszę o zwrot nadpłaconej składki.\n\nZ poważaniem');
    await tabTo(page, 'Dodaj oświadczenie');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Oświadczam, że dane są prawdziwe.');
    await tabTo(page, 'Dodaj informację');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Numer rachunku podam telefonicznie.');
    await typeInto(page, 'Imię podpisującego', 'Jan');
    await typeInto(page, 'Nazwisko podpisującego', 'Pełnomocnik');
    await typeInto(page, 'Stanowisko lub funkcja', 'pełnomocnik');
    await typeInto(page, 'Z upoważnienia (czyjego)', 'Prezesa Zarządu');
    // Back with Shift+Tab to check the signatory's position, then on to the file chooser.
    await tabTo(page, 'Stanowisko lub funkcja', true);
    await tabTo(page, 'Dodaj pliki');
    await page.locator(':focus').setInputFiles(attachment);
    const list = page.getByRole('list', { name: 'Dodane załączniki' });
    const item = list.locator('[data-file="zaswiadczenie.txt"]');
    await item.getByText('przyjęty').waitFor({ timeout: 60_000 });
    assert.match((await item.textContent()) ?? '', /text\/plain/);
    const allowance = page.locator('.allowance');
    await allowance.getByText(/Limit 3 MB dla .*wykorzystano/).waitFor();
    assert.equal(await page.getByRole('meter').count(), 1);
    await ui.shot(page, 'compose-keyboard-filled');

    await tabTo(page, 'Utwórz pismo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Podpisz pismo' }).waitFor();
    const frame = page.frameLocator(`iframe[title="Podgląd pisma „${TITLE}”"]`);
    await frame.getByText(TITLE).first().waitFor();
    const previewText = (await frame.locator('body').textContent()) ?? '';
    assert.match(previewText, /Klawiaturowa/);
    assert.match(previewText, /zaswiadczenie\.txt/);
    assert.equal(await page.locator('iframe.preview__frame').getAttribute('sandbox'), '');
    await page.locator('iframe.preview__frame').scrollIntoViewIfNeeded();
    await ui.shot(page, 'compose-preview');

    // "Zapisz PDF": the same document printed by Chromium (as Electron's printToPDF does) to A4.
    await tabTo(page, 'Zapisz PDF');
    await page.keyboard.press('Enter');
    const saved = page.getByRole('status').filter({ hasText: 'Zapisano PDF:' });
    await saved.waitFor({ timeout: 60_000 });
    const pdfPath = ((await saved.textContent()) ?? '').replace('Zapisano PDF: ', '').trim();
    assert.equal(pdfPath, join(ui.exportsDir, pdfFileName(TITLE)));
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    // The stylesheet prints the kind in capitals.
    for (const visible of [TITLE, 'Klawiaturowa', 'PROŚBA', 'Prezesa Zarządu', 'zaswiadczenie.txt', 'Oświadczam, że dane są prawdziwe.']) {
      assert.ok(pdfText.includes(visible), `the PDF shows “${visible}”`);
    }

    const [created] = await ui.router<{ id: string; title: string }[]>('outbox.list');
    assert.equal(created?.title, TITLE);
    const res = await fetch(new URL(`preview/${created.id}`, ui.host.url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox/);
    assert.equal((await fetch(new URL('preview/not-a-uuid', ui.host.url))).status, 404);
    await page.close();
    assert.deepEqual(ui.pageProblems, [], 'no page errors or CSP violations');
  });

  it('refuses attachments over the KRUS limit with the message naming 3 MB, and creates nothing', async () => {
    const page = await ui.newPage();
    const big = join(ui.dataDir, 'duzy.txt');
    writeFileSync(big, 'x'.repeat(3_500_000));
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();
    const before = ui.host.invocations.filter((c) => c === 'filings.create').length;
    await tabTo(page, 'Dodaj pliki');
    await page.locator(':focus').setInputFiles(big);
    const item = page.locator('[data-file="duzy.txt"]');
    await item.locator('.badge').waitFor({ timeout: 60_000 });
    const problems = page.getByRole('list', { name: 'Problemy z załącznikami' });
    await problems.waitFor();
    assert.match((await page.locator('.allowance').textContent()) ?? '', /Limit 3 MB/);
    assert.match((await problems.textContent()) ?? '', /3 MB/);
    assert.ok(ui.host.invocations.filter((c) => c === 'attachments.stageChunk').length >= 4, 'sent in 1 MiB chunks');
    await tabTo(page, 'Utwórz pismo');
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' });
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', /Usuń odrzucone załączniki/);
    await ui.shot(page, 'compose-over-limit');
    assert.equal(ui.host.invocations.filter((c) => c === 'filings.create').length, before, 'nothing is created');
    await page.close();
  });
});
