/**
 * UI tier: the diagnostics screen in Chromium against the real services, with SoftHSM tokens and a
 * virtual reader (pcscd + vsmartcard) holding a card: reader, ATR and card name, modules, tokens,
 * certificates (PESEL masked), advice; after the card is removed, a test signature typed with the
 * PIN and a re-run that notices the removal; "copy report" puts the redacted text on the clipboard.
 * Screenshots: test-artifacts/ui/diagnostics-reader-token.png, diagnostics-test-signature.png.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { PCSC_TOOLS_LIST } from '../../electron/node/diagnostics/atr';
import { requireVirtualReader, startVirtualReader, VICC_ATR, type VirtualReader } from '../harness/pcsc';
import { startUiSession, type UiSession } from '../harness/ui-session';

let ui: UiSession | undefined;
let reader: VirtualReader | undefined;

describe('UI: diagnostics with a token and a reader, in Chromium', { timeout: 300_000 }, () => {
  before(async () => {
    reader = await startVirtualReader().catch((e: unknown) => {
      if (process.env.CI === 'true') throw e;
      return undefined; // the test below skips with the reason
    });
    await reader?.insertCard();
    ui = await startUiSession();
  });
  after(async () => {
    await ui?.close();
    await reader?.stop();
  });

  it('shows reader, card, modules, tokens, certificates and advice; test signature; copy report', async (t) => {
    if (!reader && !(await requireVirtualReader(t))) return;
    assert.ok(reader && ui, 'virtual reader started');
    const page = await ui.newPage();
    await ui.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.host.url });
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();

    const navLink = page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Diagnostyka' });
    await navLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Diagnostyka karty i czytnika' }).waitFor();
    assert.match(page.url(), /#\/diagnostics$/);
    await page.locator('.live-status').filter({ hasText: /Sprawdzanie zakończone/ }).waitFor({ timeout: 60_000 });

    // Reader with the card, its ATR and what it is.
    const row = page.getByRole('row', { name: new RegExp(reader.readerName) });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    assert.ok(rowText.includes(VICC_ATR), rowText);
    if (existsSync(PCSC_TOOLS_LIST)) assert.ok(rowText.includes('vsmartcard - iso7816 (Other)'), rowText);
    assert.match((await page.getByText('Usługa kart inteligentnych (PC/SC):').textContent()) ?? '', /działa/);

    // SoftHSM module, the QES token with PIN state and mechanisms; certificates with the PESEL masked.
    const modules = (await page.locator('.diagnostics__modules').textContent()) ?? '';
    assert.ok(modules.includes(ui.env.tokens.module), modules);
    assert.ok(modules.includes(ui.env.tokens.qes.label), modules);
    assert.match(modules, /PIN: w porządku/);
    assert.match(modules, /RSA_PKCS/);
    const certs = page.getByRole('table', { name: 'Certyfikaty do podpisu' });
    assert.ok(((await certs.textContent()) ?? '').includes(`PNOPL-********${ui.env.pki.pesel.slice(-3)}`));
    assert.ok(!((await page.content()).includes(ui.env.pki.pesel)), 'no PESEL on the screen');

    // The card in the virtual reader is known to no module: advice says so.
    const advice = page.locator('.diagnostics__advice');
    await advice.locator('[data-code="card-without-module-unknown"]').waitFor();
    assert.ok(((await advice.textContent()) ?? '').includes(VICC_ATR));
    await advice.locator('[data-code="cert-expired"]').waitFor();
    await ui.shot(page, 'diagnostics-reader-token');

    // A test signature with the typed PIN; the field is emptied afterwards. The card goes first:
    // OpenSC hangs on vicc's card, and the app's signer (unlike diagnostics) walks every module.
    await reader.removeCard();
    await page.getByLabel('Certyfikat', { exact: true }).selectOption(ui.env.tokens.certificateIds.qualifiedRsa);
    await page.getByLabel('PIN', { exact: true }).fill(ui.env.tokens.qes.pin);
    await page.getByRole('button', { name: 'Wykonaj podpis testowy' }).click();
    const outcome = page.locator('.diagnostics__test .alert, .diagnostics > .alert--error');
    await outcome.waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      await ui!.shot(page, 'diagnostics-test-signature-failed');
      throw e;
    });
    assert.equal(await outcome.textContent(), 'Podpis testowy poprawny (RSA_PKCS), sprawdzony na tym komputerze.');
    assert.equal(await page.getByLabel('PIN', { exact: true }).inputValue(), '');
    // The run after it noticed the removal.
    assert.match((await row.textContent()) ?? '', /pusty/);

    // Copy report: the redacted text reaches the clipboard.
    await page.getByRole('button', { name: 'Kopiuj raport' }).click();
    await page.locator('.live-status').filter({ hasText: 'Raport skopiowano do schowka.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.getByLabel('Treść raportu').inputValue());
    assert.match(copied, /Nadawca — raport diagnostyczny/);
    assert.ok(copied.includes(`${reader.readerName}: pusty`) && copied.includes('Podpis testowy: RSA_PKCS, zweryfikowany na komputerze'), copied);
    assert.ok(!copied.includes(ui.env.pki.pesel) && !copied.includes(ui.env.tokens.qes.serial) && !copied.includes(ui.env.tokens.qes.pin));
    await ui.shot(page, 'diagnostics-test-signature');

    // In English, the advice and the report follow the UI language.
    await page.getByLabel('Język').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Card and reader diagnostics' }).waitFor();
    await page.locator('.live-status').filter({ hasText: /Check finished/ }).waitFor({ timeout: 60_000 });
    assert.match((await advice.locator('[data-code="cert-expired"]').textContent()) ?? '', /expired \d+ days ago\. Renew it with the issuer\./);
    assert.match(await page.getByLabel('Report text').inputValue(), /^Nadawca — diagnostics report\n/);
    assert.deepEqual(ui.pageProblems, []);
  });
});
