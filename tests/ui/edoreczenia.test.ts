/**
 * UI: a letter to an e-Doręczenia address (AE:PL-…) composed, signed with the card and sent in
 * Chromium against the real services and the built-in e-Doręczenia simulator (the default test
 * environment); the box screen then shows the message with its evidences A.1 → BP.OX and the PDF
 * forms BP.WP/BP.OP, each seal verified, the potwierdzenie otrzymania through the official
 * stylesheet, and saves the BP.OP PDF as received (pdfsig checks its seal). Screenshots go to
 * test-artifacts/ui/edoreczenia-*.png.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseXml, serializeXml } from '../../electron/node/xml/dom';
import { signEnveloped } from '../../electron/node/xml/xades';
import { pemKeySigner } from '../../electron/simulators/epuap/key-signer';
import { startUiSession, type UiSession } from '../harness/ui-session';

const ADE = 'AE:PL-30000-40000-URZAD-20'; // the public body's box of the built-in simulator
const TITLE = 'Wniosek o wydanie zaświadczenia o niezaleganiu';

let ui: UiSession;

describe('UI: a filing through e-Doręczenia and its evidences', { timeout: 300_000 }, () => {
  before(async () => { ui = await startUiSession(); });
  after(async () => { await ui?.close(); });

  it('composes to AE:PL-…, signs, sends, and shows the verified evidences', async () => {
    const page = await ui.newPage();
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();
    await page.getByLabel('Imię', { exact: true }).fill('Jan');
    await page.getByLabel('Nazwisko', { exact: true }).fill('Testowy');
    await page.getByLabel('PESEL').fill('85022512342');
    await page.getByLabel('Kod pocztowy').fill('00-950');
    await page.getByLabel('Miejscowość', { exact: true }).fill('Warszawa');
    await page.getByLabel('Numer budynku').fill('10');
    await page.getByLabel('Nazwa instytucji', { exact: true }).fill('Urząd Miasta Testowo');
    await page.getByLabel('Adres skrzynki').fill(ADE);
    await page.getByLabel('Miejsce sporządzenia').fill('Warszawa');
    await page.getByLabel('Tytuł pisma').fill(TITLE);
    await page.getByLabel('Treść pisma').fill('Proszę o wydanie zaświadczenia o niezaleganiu w podatkach lokalnych.');
    await page.getByRole('button', { name: 'Utwórz pismo' }).click();

    await page.getByRole('heading', { level: 1, name: 'Podpisz pismo' }).waitFor();
    const [created] = await ui.router<{ id: string; channel: string }[]>('outbox.list');
    assert.equal(created!.channel, 'edoreczenia', 'an AE:PL address goes through e-Doręczenia');
    const qualified = page.locator(`input[type="radio"][value="${ui.env.tokens.certificateIds.qualifiedRsa}"]`);
    await qualified.waitFor({ timeout: 60_000 });
    await qualified.check();
    await page.getByRole('button', { name: 'Podpisz…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Podaj PIN' });
    await dialog.getByLabel('PIN karty').fill(ui.env.tokens.qes.pin);
    await dialog.getByRole('button', { name: 'Podpisz' }).click();
    await page.getByRole('heading', { name: 'Pismo zostało podpisane.' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Wyślij' }).click();
    const row = page.locator(`tr[data-filing-id="${created!.id}"]`);
    await row.locator('[data-state="delivered"]').waitFor({ timeout: 90_000 });
    await ui.shot(page, 'edoreczenia-01-outbox-delivered');

    await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'e-Doręczenia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Skrzynka e-Doręczeń' }).waitFor();
    assert.match(await page.getByTestId('edoreczenia-box').textContent() ?? '', /AE:PL-10000-20000-NADAW-10 · wbudowany symulator/);
    await page.getByRole('button', { name: `Dowody wiadomości „${TITLE}”` }).click();
    const table = page.getByTestId('evidences');
    await table.waitFor();
    for (const type of ['A.1', 'BP.WX', 'BP.WP', 'D.1', 'E.1', 'BP.OX', 'BP.OP']) await table.getByRole('rowheader', { name: new RegExp(`^${type.replace('.', '\\.')}`) }).waitFor();
    assert.equal(await table.locator('[data-verified="true"]').count(), 7, 'every evidence verified, the PDF forms too');
    await table.getByRole('rowheader', { name: /^BP\.OP/ }).getByText('PDF z pieczęcią PAdES').waitFor();
    // The PDF form saved byte for byte: its seal still checks in an independent reader.
    await page.getByRole('button', { name: 'Zapisz dowód BP.OP (PDF)' }).click();
    await page.getByText(/Zapisano dowód BP\.OP: /).waitFor({ state: 'attached' });
    const evidences = await ui.router<{ evidenceId: string; type: string }[]>('edoreczenia.evidences', { filingId: created!.id });
    const saved = join(ui.exportsDir, `BP.OP-${evidences.find((e) => e.type === 'BP.OP')!.evidenceId}.pdf`);
    assert.ok(existsSync(saved), saved);
    const sig = spawnSync('pdfsig', ['-nocert', saved], { encoding: 'utf8' });
    assert.match(`${sig.stdout}${sig.stderr}`, /Signature Validation: Signature is Valid\./);
    await page.getByRole('button', { name: 'Pokaż dowód BP.OX' }).click();
    const frame = page.frameLocator('iframe[title="Dowód BP.OX według wzoru urzędowego"]');
    await frame.getByText('Potwierdzenie otrzymania').first().waitFor();
    await frame.getByText(ADE).first().waitFor();
    await ui.shot(page, 'edoreczenia-02-evidences');
    assert.deepEqual(ui.pageProblems, []);
    await page.close();
  });

  it('an incoming letter from a public body: days left shown, opening asks first (collection), the signed attachment verified', async () => {
    const env = ui.services.environment.edoreczenia!;
    const doc = parseXml('<Decyzja xmlns="urn:test:decyzja"><Tresc>Decyzja testowa.</Tresc></Decyzja>');
    await signEnveloped(doc, pemKeySigner(ui.services.environment.demoSigner!.certPem, ui.services.environment.demoSigner!.keyPem), { signingTime: new Date(), id: 'decyzja' });
    const r = await fetch(`${env.adminUrl}incoming`, { method: 'POST', body: JSON.stringify({ from: env.publicBox, to: env.box, subject: 'Decyzja w sprawie podatku', text: 'W załączeniu decyzja.', files: [{ name: 'decyzja.xml', contentType: 'application/xml', base64: Buffer.from(serializeXml(doc)).toString('base64') }] }) });
    assert.equal(r.status, 200);
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/edoreczenia`);
    await page.getByRole('tab', { name: 'Odebrane' }).click();
    const row = page.getByRole('row', { name: /Decyzja w sprawie podatku/ });
    await row.getByText('pozostało dni: 14').waitFor();
    await row.getByRole('button', { name: 'Otwórz wiadomość „Decyzja w sprawie podatku”' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Otwarcie oznacza odebranie' });
    await ask.waitFor();
    assert.ok(!ui.host.invocations.includes('edoreczenia.open'), 'nothing is read before the user agrees');
    await ui.shot(page, 'edoreczenia-03-collect-confirm');
    await ask.getByRole('button', { name: 'Odbieram i otwieram' }).click();
    const opened = page.getByRole('region', { name: 'Decyzja w sprawie podatku' });
    await opened.getByText('W załączeniu decyzja.').waitFor();
    await opened.locator('[data-verified="true"]').waitFor();
    await ui.shot(page, 'edoreczenia-04-opened');
    assert.deepEqual(ui.pageProblems, []);
    await page.close();
  });
});
