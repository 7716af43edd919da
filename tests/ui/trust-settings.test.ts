/**
 * UI: "Zaufanie i znaczniki czasu" in Chromium against the real services, by keyboard: a leaf
 * certificate is refused with its reason, the test root is added from a file path and removed; a
 * local TSA is added (enabled), a default one toggled on and off with Space and moved; "Podpisz
 * pliki" then offers the enabled server and signs at B-T through it (openssl cms accepts the
 * result). Screenshots go to test-artifacts/ui/trust-*.png.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrustAnchor, TsaServer } from '../../electron/common/contract-trust';
import { startTsa, type LocalService } from '../harness/signature-services';
import { startUiSession, type UiSession } from '../harness/ui-session';

let ui: UiSession;
let tsa: LocalService;

describe('UI: trust and timestamp settings', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
    tsa = await startTsa(ui.env.pki);
  });
  after(async () => {
    await tsa?.close();
    await ui?.close();
  });

  it('adds and removes a trusted root, manages TSA servers, and Sign files uses the enabled one', async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/trust`);
    await page.getByRole('heading', { level: 1, name: 'Zaufanie i znaczniki czasu' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Zaufanie i znaczniki czasu' }).getAttribute('aria-current'), 'page');
    await page.getByText('Nie dodano jeszcze żadnego zaufanego certyfikatu.').waitFor();
    const status = page.getByRole('status').filter({ hasText: /./ });

    // A signer's certificate is not an authority: refused, with the reason.
    const path = page.getByLabel('albo ścieżka do pliku certyfikatu');
    await path.fill(ui.env.pki.signers.qualifiedRsa.cert);
    await path.press('Enter');
    assert.match((await page.getByRole('alert').first().textContent()) ?? '', /„.*Jan Testowy.*” nie należy do urzędu certyfikacji/);

    await path.fill(ui.env.pki.rootCa.cert);
    await path.press('Enter');
    await page.getByRole('cell', { name: /^TEST Nadawca Root CA/ }).waitFor();
    assert.match((await status.textContent()) ?? '', /Dodano zaufany certyfikat: TEST Nadawca Root CA/);
    assert.deepEqual((await ui.router<TrustAnchor[]>('trust.anchors.list')).map((a) => a.subject.replace(/.*CN=/, '')), ['TEST Nadawca Root CA']);

    // A local TSA: typed, submitted with Enter; it is added enabled, last in order.
    await page.getByLabel('Nazwa serwera').fill('Lokalny TSA');
    const url = page.getByLabel('Adres serwera');
    await url.fill('ftp://zly.example');
    await url.press('Enter');
    await page.getByText('Podaj nazwę i adres zaczynający się od http:// lub https://.').waitFor();
    await url.fill(tsa.url);
    await url.press('Enter');
    await page.getByText(tsa.url).waitFor();
    // KIR on and off again by keyboard (Space on the focused checkbox); then the local TSA moved to the top.
    const kir = page.getByRole('checkbox', { name: /KIR/ });
    await kir.focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Włączono serwer KIR' }).waitFor();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Wyłączono serwer KIR' }).waitFor();
    await page.getByRole('button', { name: 'Przesuń Lokalny TSA wyżej' }).click();
    await page.getByRole('status').filter({ hasText: 'Serwer Lokalny TSA jest teraz na miejscu 2.' }).waitFor();
    const servers = await ui.router<TsaServer[]>('trust.tsa.list');
    assert.deepEqual(servers.map((s) => [s.name.split(' ')[0], s.enabled]), [['KIR', false], ['Lokalny', true], ['Certum', false]]);
    await ui.shot(page, 'trust-01-settings');

    // Sign files: B-T offers the enabled server (no URL to type) and uses it.
    const file = join(ui.dataDir, 'wniosek.txt');
    writeFileSync(file, 'Wniosek o wydanie zaświadczenia.\n');
    await page.getByRole('link', { name: 'Podpisz pliki' }).click();
    await page.getByRole('heading', { level: 1, name: 'Podpisz pliki' }).waitFor();
    await page.getByLabel('Ścieżka do pliku').fill(file);
    await page.getByRole('button', { name: 'Dodaj' }).click();
    await page.getByLabel('Format podpisu: wniosek.txt').waitFor();
    await page.getByRole('combobox', { name: 'Poziom podpisu' }).selectOption('B-T');
    const choice = page.getByRole('combobox', { name: 'Usługa znacznika czasu' });
    assert.equal(await choice.inputValue(), '');
    assert.match((await choice.locator('option:checked').textContent()) ?? '', /Włączone w ustawieniach, po kolei: Lokalny TSA/);
    assert.equal(await page.getByLabel('Adres usługi znacznika czasu (TSA)').count(), 0, 'no URL to type');
    await page.locator(`input[value="${ui.env.tokens.certificateIds.qualifiedRsa}"]`).check();
    await ui.shot(page, 'trust-02-signfiles-tsa');
    await page.getByRole('button', { name: 'Podpisz', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Podaj PIN' });
    await dialog.getByLabel('PIN karty').fill(ui.env.tokens.qes.pin);
    await dialog.getByRole('button', { name: 'Podpisz' }).click();
    await page.getByRole('heading', { name: 'Podpisano 1 z 1 plików.' }).waitFor({ timeout: 120_000 });
    assert.equal(tsa.requests, 1, 'the enabled TSA was asked once');
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', `${file}.p7s`, '-content', file, '-CAfile', ui.env.pki.chainPem, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    assert.equal(cms.status, 0, cms.stderr);

    // Back in the settings, the root removed with its labelled button.
    await page.getByRole('link', { name: 'Zaufanie i znaczniki czasu' }).click();
    await page.getByRole('button', { name: 'Usuń zaufany certyfikat TEST Nadawca Root CA' }).click();
    await page.getByText('Nie dodano jeszcze żadnego zaufanego certyfikatu.').waitFor();
    assert.deepEqual(await ui.router<TrustAnchor[]>('trust.anchors.list'), []);
    assert.deepEqual(ui.pageProblems, []);
  });
});
