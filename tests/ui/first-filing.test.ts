/**
 * UI tier (ARCHITECTURE §5): the production renderer bundle in Debian's Chromium, driven by
 * Playwright through the contract host, whose window.api bridge calls the real router and the real
 * services — SoftHSM tokens behind the signer host, SQLite, the built-in ePUAP simulator.
 *
 * Walks the first filing: compose → create → qualified certificate → PIN dialog (wrong PIN first,
 * then the right one) → sign → send → live outbox update to "Doręczono" → the verified receipt.
 * Also: client-side validation of PESEL and the inbox address, and a few accessibility facts.
 * Screenshots of every step go to test-artifacts/ui/.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startUiSession, type UiSession } from '../harness/ui-session';

const VALID_PESEL = '85022512342';
const WRONG_PIN = '000000';
const TITLE = 'Wniosek o wydanie zaświadczenia o okresach ubezpieczenia';

let ui: UiSession;

/** Fills the compose form through the labels (every control must have an accessible name). */
async function fillCompose(page: Page, o: { pesel: string; inbox: string; attachment?: string }) {
  await page.getByLabel('Imię', { exact: true }).fill('Jan');
  await page.getByLabel('Nazwisko', { exact: true }).fill('Testowy');
  await page.getByLabel('PESEL').fill(o.pesel);
  await page.getByLabel('Adres e-mail').fill('jan.testowy@example.pl');
  await page.getByLabel('Kod pocztowy').fill('00-950');
  await page.getByLabel('Miejscowość', { exact: true }).fill('Warszawa');
  await page.getByLabel('Ulica').fill('Marszałkowska');
  await page.getByLabel('Numer budynku').fill('10');
  await page.getByLabel('Numer lokalu').fill('5');
  await page.getByLabel('Nazwa instytucji', { exact: true }).fill('Kasa Rolniczego Ubezpieczenia Społecznego');
  await page.getByLabel('Adres skrzynki').fill(o.inbox);
  await page.getByLabel('Miejsce sporządzenia').fill('Warszawa');
  await page.getByLabel('Znak sprawy').fill('ZUS/2025/123');
  await page.getByLabel('Rodzaj pisma').selectOption('wniosek');
  await page.getByLabel('Tytuł pisma').fill(TITLE);
  await page
    .getByLabel('Treść pisma')
    .fill('Proszę o wydanie zaświadczenia o okresach ubezpieczenia.\n\nZaświadczenie jest potrzebne do ZUS.\n\nZ poważaniem\nJan Testowy');
  if (o.attachment) await page.getByLabel('Dodaj pliki').setInputFiles(o.attachment);
}

describe('UI: the first filing, in Chromium, against the real services', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });

  after(async () => {
    await ui?.close();
  });

  it('serves the bundle with the CSP header and refuses foreign Host headers', async () => {
    const res = await fetch(ui.host.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
    const html = await res.text();
    assert.ok(html.indexOf('__bridge.js') < html.indexOf('type="module"'), 'the bridge loads before the app bundle');
    const url = new URL(ui.host.url);
    const raw = (path: string, hostHeader = url.host) =>
      new Promise<number>((done, fail) => {
        const req = request({ host: url.hostname, port: url.port, path, headers: { host: hostHeader } }, (r) => {
          r.resume();
          done(r.statusCode ?? 0);
        });
        req.on('error', fail);
        req.end();
      });
    assert.equal(await raw('/', `evil.example:${url.port}`), 421, 'foreign Host header');
    assert.equal(await raw('/', `localhost:${url.port}`), 421, 'only 127.0.0.1');
    assert.equal(await raw('/..%2f..%2fpackage.json'), 404, 'no path traversal');
    assert.equal(await raw('/__bridge.js'), 200);
    const foreign = await fetch(new URL('/__api/invoke', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ channel: 'outbox.list', input: {} }),
    });
    assert.equal(foreign.status, 403, 'API calls from another origin are refused');
  });

  it('shows specific messages for an invalid PESEL and inbox address, and creates nothing', async () => {
    const page = await ui.newPage();
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();

    // Landmarks and the skip link.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Przejdź do treści');
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('navigation', { name: 'Menu główne' }).count(), 1);
    assert.equal(await page.locator('h1').count(), 1);

    await fillCompose(page, { pesel: '85022512343', inbox: 'KRUS/SkrytkaESP' });
    // Every form control has an accessible name (label, aria-label or aria-labelledby).
    const unnamed = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('main input, main select, main textarea'))
        .filter((el) => el.labels?.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => el.outerHTML),
    );
    assert.deepEqual(unnamed, []);

    await page.getByRole('button', { name: 'Utwórz pismo' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' });
    await summary.waitFor();
    // The error summary takes focus.
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'), undefined, { timeout: 5_000 });

    const pesel = page.getByLabel('PESEL');
    const inbox = page.getByLabel('Adres skrzynki');
    assert.equal(await pesel.getAttribute('aria-invalid'), 'true');
    assert.equal(await inbox.getAttribute('aria-invalid'), 'true');
    const description = (id: string) =>
      page.evaluate((elId) => {
        const el = document.getElementById(elId)!;
        return (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((ref) => document.getElementById(ref)?.textContent ?? '')
          .join(' ');
      }, id);
    const peselId = (await pesel.getAttribute('id'))!;
    const inboxId = (await inbox.getAttribute('id'))!;
    assert.match(await description(peselId), /Niepoprawny numer PESEL/);
    assert.match(await description(inboxId), /Niepoprawny adres skrzynki/);
    assert.match(await summary.textContent() ?? '', /PESEL: Niepoprawny numer PESEL/);
    assert.match(await summary.textContent() ?? '', /Adres skrzynki: Niepoprawny adres skrzynki/);
    // Nothing else is flagged: the other fields are valid.
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 2);
    await ui.shot(page, '01-validation-errors');

    // The summary links move focus to the field.
    await summary.getByRole('link', { name: /PESEL/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), peselId);

    // Attachments: an empty file is refused with its name; an added one can be removed again.
    const empty = join(ui.dataDir, 'pusty.txt');
    const note = join(ui.dataDir, 'notatka.txt');
    writeFileSync(empty, '');
    writeFileSync(note, 'notatka');
    await page.getByLabel('Dodaj pliki').setInputFiles([empty, note]);
    const list = page.getByRole('list', { name: 'Dodane załączniki' });
    await list.locator('[data-file="notatka.txt"]').getByText('przyjęty').waitFor();
    const emptyItem = list.locator('[data-file="pusty.txt"]');
    await emptyItem.getByText('odrzucony').waitFor();
    assert.match((await emptyItem.textContent()) ?? '', /pust/i, 'the empty file is refused with a message');
    await list.getByRole('button', { name: 'Usuń załącznik notatka.txt' }).click();
    await list.getByRole('button', { name: 'Usuń załącznik pusty.txt' }).click();
    await page.getByText('Brak załączników.').waitFor();

    assert.ok(!ui.host.invocations.includes('filings.create'), 'an invalid form never reaches the services');
    assert.deepEqual(await ui.router<unknown[]>('outbox.list'), []);
    await page.close();
  });

  it('composes, signs with a PIN (wrong first, never retried), sends and shows the verified receipt', async () => {
    const page = await ui.newPage();
    const attachment = join(ui.dataDir, 'oswiadczenie.txt');
    writeFileSync(attachment, 'Oświadczenie testowe — załącznik do wniosku.\n');

    // (a) Compose.
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();
    assert.equal(await page.getByLabel('Adres skrzynki').inputValue(), '/KRUS/SkrytkaESP', 'default inbox');
    assert.match(await page.getByLabel('Data pisma').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'date defaults to today');
    await ui.shot(page, '02-compose-empty');
    await fillCompose(page, { pesel: VALID_PESEL, inbox: '/KRUS/SkrytkaESP', attachment });
    const attachments = page.getByRole('list', { name: 'Dodane załączniki' });
    await attachments.getByText('oswiadczenie.txt').waitFor();
    assert.match((await attachments.textContent()) ?? '', /\d+ B/);
    await ui.shot(page, '03-compose-filled');
    await page.getByRole('button', { name: 'Utwórz pismo' }).click();

    // (b) Sign: certificates from the SoftHSM token.
    await page.getByRole('heading', { level: 1, name: 'Podpisz pismo' }).waitFor();
    const [created] = await ui.router<{ id: string; state: string; title: string }[]>('outbox.list');
    assert.ok(created);
    assert.equal(created.state, 'draft');
    assert.equal(created.title, TITLE);
    const filingId = created.id;

    const ids = ui.env.tokens.certificateIds;
    const qualified = page.locator(`input[type="radio"][value="${ids.qualifiedRsa}"]`);
    await qualified.waitFor();
    const qualifiedLabel = await page.locator(`label[for="${await qualified.getAttribute('id')}"]`).textContent();
    assert.match(qualifiedLabel ?? '', /kwalifikowany/);
    assert.doesNotMatch(qualifiedLabel ?? '', /niekwalifikowany/);
    const nonQualifiedLabel = await page.locator(`label[for="${await page.locator(`input[value="${ids.nonQualified}"]`).getAttribute('id')}"]`).textContent();
    assert.match(nonQualifiedLabel ?? '', /niekwalifikowany/);
    const expired = page.locator(`input[type="radio"][value="${ids.expired}"]`);
    assert.equal(await expired.isDisabled(), true, 'an expired certificate cannot be chosen');
    assert.match((await page.locator(`#${await expired.getAttribute('id')}-reason`).textContent()) ?? '', /wygasł/);
    await qualified.check();
    await ui.shot(page, '04-sign-certificates');

    const signButton = page.getByRole('button', { name: 'Podpisz…' });
    await signButton.click();
    const dialog = page.getByRole('dialog', { name: 'Podaj PIN' });
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    const pinInput = dialog.getByLabel('PIN karty');
    assert.equal(await pinInput.getAttribute('type'), 'password');
    assert.equal(await pinInput.getAttribute('autocomplete'), 'off');
    // The PIN field has focus as soon as the dialog opens.
    await page.waitForFunction((el) => el === document.activeElement, await pinInput.elementHandle(), { timeout: 5_000 });
    await dialog.getByText('PIN trafia tylko do procesu podpisu i nie jest zapisywany').waitFor();

    // Focus stays inside the dialog; Escape cancels and returns focus to the button.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, 'focus is trapped in the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Podpisz…', undefined, { timeout: 5_000 });
    assert.ok(!ui.host.invocations.includes('filings.sign'));

    // Wrong PIN: the message appears in the dialog, and nothing retries it.
    await signButton.click();
    await dialog.waitFor();
    await pinInput.fill(WRONG_PIN);
    await ui.shot(page, '05-pin-dialog');
    await dialog.getByRole('button', { name: 'Podpisz' }).click();
    const pinAlert = dialog.getByRole('alert');
    await pinAlert.waitFor();
    assert.match((await pinAlert.textContent()) ?? '', /Błędny PIN/);
    assert.match((await pinAlert.textContent()) ?? '', /Nie ponawiamy próby automatycznie/);
    assert.equal(await pinInput.inputValue(), '', 'the PIN is cleared after the call');
    await ui.shot(page, '06-pin-wrong');
    await page.waitForTimeout(1000);
    assert.equal(ui.host.invocations.filter((c) => c === 'filings.sign').length, 1, 'a wrong PIN is never retried');
    assert.equal((await ui.router<{ state: string }>('filings.get', { id: filingId })).state, 'draft', 'still signable');

    // Correct PIN.
    await pinInput.fill(ui.env.tokens.qes.pin);
    await dialog.getByRole('button', { name: 'Podpisz' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
    await page.getByRole('heading', { name: 'Pismo zostało podpisane.' }).waitFor();
    assert.equal(ui.host.invocations.filter((c) => c === 'filings.sign').length, 2);
    assert.equal((await ui.router<{ state: string }>('filings.get', { id: filingId })).state, 'signed');
    await ui.shot(page, '07-signed');

    // (c) Send, (d) the outbox follows the filing live.
    await page.getByRole('button', { name: 'Wyślij' }).click();
    await page.getByRole('heading', { level: 1, name: 'Skrzynka nadawcza' }).waitFor();
    const row = page.locator(`tr[data-filing-id="${filingId}"]`);
    await row.waitFor();
    await ui.shot(page, '08-outbox-sending');
    await row.locator('[data-state="delivered"]', { hasText: 'Doręczono' }).waitFor({ timeout: 90_000 });
    // The announcement comes only from the outbox.changed event (the live update), not from a reload.
    const status = page.locator('[aria-live="polite"]');
    await status.filter({ hasText: `Pismo „${TITLE}”: Doręczono.` }).waitFor();
    assert.equal(await row.locator('progress').count(), 0, 'no progress indicator once delivered');
    await ui.shot(page, '09-outbox-delivered');

    // (e) The receipt.
    await row.getByRole('button', { name: `Poświadczenie dla pisma ${TITLE}` }).click();
    await page.getByRole('heading', { level: 1, name: /Poświadczenie/ }).waitFor();
    const verified = page.locator('main [data-verified]').first();
    await verified.waitFor();
    assert.equal(await verified.getAttribute('data-verified'), 'true');
    assert.match((await verified.textContent()) ?? '', /zweryfikowane/);
    assert.match((await page.locator('.facts').textContent()) ?? '', /UPP/);
    const checks = page.locator('tr[data-check]');
    assert.ok((await checks.count()) > 0, 'the checks are listed');
    assert.equal(await page.locator('tr[data-check][data-ok="false"]').count(), 0, 'every check passed');
    const rawXml = page.locator('details.raw');
    assert.equal(await rawXml.getAttribute('open'), null, 'the raw XML starts collapsed');
    await rawXml.locator('summary').click();
    assert.match((await rawXml.locator('pre').textContent()) ?? '', /^<\?xml|<[a-zA-Z]/);
    await ui.shot(page, '10-receipt');

    // The receipts list, through the header navigation.
    await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Poświadczenia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Poświadczenia' }).waitFor();
    await page.getByRole('button', { name: /Otwórz poświadczenie UPP/ }).first().waitFor();
    await ui.shot(page, '11-receipts');

    // Language: switched in the header, remembered across reloads.
    await page.getByLabel('Język').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Receipts' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Receipts' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.locator(`tr[data-filing-id="${filingId}"] [data-state="delivered"]`, { hasText: 'Delivered' }).waitFor();
    await ui.shot(page, '12-outbox-english');
    await page.getByLabel('Language').selectOption('pl');
    await page.getByRole('heading', { level: 1, name: 'Skrzynka nadawcza' }).waitFor();

    await page.close();
    assert.deepEqual(ui.pageProblems, [], 'no page errors or CSP violations');
  });
});
