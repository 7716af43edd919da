/**
 * UI: "Podpisz pliki" and "Weryfikuj" in Chromium against the real services (SoftHSM behind the
 * signer host). A PDF and a text file are added; the defaults are PAdES and CAdES .p7s; the PDF gets
 * a visible stamp; one PIN signs both with a progress bar; results land next to the files under
 * free names (the original untouched); pdfsig accepts the PDF; "Weryfikuj" shows the report of the
 * signed PDF and of a tampered copy. Screenshots go to test-artifacts/ui/signfiles-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makePdf } from '../fixtures/pdf/make-pdfs';
import { pdfsig } from '../harness/pdfsig';
import { startUiSession, type UiSession } from '../harness/ui-session';

let ui: UiSession;

describe('UI: sign files and verify', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });
  after(async () => {
    await ui?.close();
  });

  it('signs a PDF (visible stamp) and a text file with one PIN, then verifies the PDF and a tampered copy', async () => {
    // The harness's stand-in for Electron's webUtils.getPathForFile places chosen files here.
    const dir = ui.dataDir;
    const pdfPath = await makePdf(join(dir, 'umowa.pdf'), 2);
    const txtPath = join(dir, 'notatka.txt');
    writeFileSync(txtPath, 'Notatka do podpisania.\n');
    const original = readFileSync(pdfPath);

    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/sign-files`);
    await page.getByRole('heading', { level: 1, name: 'Podpisz pliki' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Podpisz pliki' }).getAttribute('aria-current'), 'page');

    // The PDF through "Wybierz pliki…" (its path from window.api.pathOf), the text file typed.
    await page.locator('.signfiles__drop input[type="file"]').setInputFiles(pdfPath);
    await page.getByLabel('Format podpisu: umowa.pdf').waitFor();
    await page.getByLabel('Ścieżka do pliku').fill(txtPath);
    await page.getByRole('button', { name: 'Dodaj' }).click();
    const pdfFormat = page.getByLabel('Format podpisu: umowa.pdf');
    await pdfFormat.waitFor();
    assert.equal(await pdfFormat.inputValue(), 'pades', 'PDF → PAdES by default');
    assert.equal(await page.getByLabel('Format podpisu: notatka.txt').inputValue(), 'cades', 'other files → detached CAdES');
    await page.getByText(join(dir, 'umowa-podpisany.pdf')).waitFor();
    await page.getByText(join(dir, 'notatka.txt.p7s')).waitFor();

    // A file that does not exist is refused with a message naming it.
    await page.getByLabel('Ścieżka do pliku').fill(join(dir, 'brak.pdf'));
    await page.getByRole('button', { name: 'Dodaj' }).click();
    assert.match((await page.getByRole('alert').first().textContent()) ?? '', /Nie znaleziono: .*brak\.pdf/);

    // The visible stamp: page 2, bottom-right.
    await page.getByRole('checkbox', { name: 'Widoczny podpis na stronie' }).check();
    await page.getByLabel('Strona', { exact: true }).fill('2');
    await page.getByLabel('Położenie').selectOption('bottom-right');
    await page.locator(`input[value="${ui.env.tokens.certificateIds.qualifiedRsa}"]`).check();
    await ui.shot(page, 'signfiles-01-ready');

    await page.getByRole('button', { name: 'Podpisz', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Podaj PIN' });
    await dialog.getByLabel('PIN karty').fill(ui.env.tokens.qes.pin);
    await dialog.getByRole('button', { name: 'Podpisz' }).click();
    await page.getByRole('heading', { name: 'Podpisano 2 z 2 plików.' }).waitFor({ timeout: 120_000 });
    await ui.shot(page, 'signfiles-02-signed');

    const signedPdf = join(dir, 'umowa-podpisany.pdf');
    assert.ok(existsSync(signedPdf) && existsSync(join(dir, 'notatka.txt.p7s')));
    assert.ok(readFileSync(pdfPath).equals(original), 'the original is untouched');
    const oracle = pdfsig(signedPdf, ui.env.pki);
    assert.equal(oracle.signatures[0]?.signatureValidation, 'Signature is Valid.', oracle.output);
    assert.match(readFileSync(signedPdf).toString('latin1'), /\(podpis kwalifikowany\) Tj/);
    assert.ok(ui.host.invocations.includes('signatures.sign'));
    // The next proposal is a free name: the first result is never overwritten.
    await page.getByText(join(dir, 'umowa-podpisany (2).pdf')).waitFor();

    // Verify the signed PDF: intact; the test environment does not trust the token's CA, so undecided.
    await page.getByRole('link', { name: 'Weryfikuj' }).click();
    await page.getByRole('heading', { level: 1, name: 'Weryfikuj podpis' }).waitFor();
    await page.getByLabel('Ścieżka do podpisanego pliku').fill(signedPdf);
    await page.getByRole('button', { name: 'Sprawdź' }).click();
    const report = page.getByRole('region', { name: /Raport weryfikacji/ });
    await report.waitFor();
    await report.getByText('Jan Testowy').first().waitFor();
    const text = (await report.textContent()) ?? '';
    assert.match(text, /PAdES B-B/);
    assert.match(text, /Nie można zbudować ścieżki|Nie dodano żadnego zaufanego/);
    assert.doesNotMatch(text, /Skrót podpisanych danych/);
    await ui.shot(page, 'signfiles-03-verify');

    // A tampered copy (the stamp's text changed): the report names the changed signed bytes.
    const bytes = readFileSync(signedPdf);
    const at = bytes.indexOf('(Podpisano: Jan Testowy)');
    assert.ok(at > 0);
    bytes[at + 1] = 'X'.charCodeAt(0);
    const tampered = join(dir, 'zmieniony.pdf');
    writeFileSync(tampered, bytes);
    await page.getByLabel('Ścieżka do podpisanego pliku').fill(tampered);
    await page.getByRole('button', { name: 'Sprawdź' }).click();
    await report.getByText('Podpis nieprawidłowy').first().waitFor();
    assert.match((await report.textContent()) ?? '', /Skrót podpisanych danych „Podpis1 byte range” się nie zgadza/);
    await ui.shot(page, 'signfiles-04-tampered');
    assert.deepEqual(ui.pageProblems, []);
  });
});
