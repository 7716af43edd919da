/**
 * UI: the system certificate on a card or token, in Chromium against the real services with the
 * SoftHSM test token: in "Profile wysyłki" (ePUAP) the choice "Certyfikat na karcie lub tokenie"
 * lists the token's certificates; a wrong PIN is refused in the live status region and nothing is
 * saved; the right PIN saves the profile, which then shows the certificate's subject, validity and
 * card. The same choice in the e-Doręczenia box-profile form; against a box that demands a TLS client
 * certificate, the connection test says the card's key authenticated the connection (mutual TLS).
 * The PIN never stays in the form. Screenshots: test-artifacts/ui/profiles-token-epuap.png,
 * profiles-token-edoreczenia.png, profiles-token-mtls.png.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BoxProfile } from '../../electron/common/contract-edoreczenia';
import type { SendingProfile } from '../../electron/common/contract-profiles';
import { makeTlsMaterial, OWN_BOX, startEdoreczeniaFixture, type EdoreczeniaFixture, type TlsMaterial } from '../harness/edoreczenia';
import { startUiSession, type UiSession } from '../harness/ui-session';

let ui: UiSession;

/** The CN the screens show for a test certificate. */
const cnOf = (path: string) => /CN=([^\n]+)/.exec(new X509Certificate(readFileSync(path)).subject)![1]!;

let dir: string;
let tls: TlsMaterial;
let fx: EdoreczeniaFixture;

describe('UI: system certificate on a card or token', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
    dir = mkdtempSync(join(tmpdir(), 'nadawca-ui-mtls-'));
    tls = makeTlsMaterial(dir);
    // A box that asks every connection for a certificate of the card's CA, registered for the system.
    fx = await startEdoreczeniaFixture({
      tls: { certPem: tls.serverCertPem, keyPem: tls.serverKeyPem, clientCaPem: readFileSync(ui.env.pki.chainPem, 'utf8') },
      clients: [{ clientId: 'system-karta', box: OWN_BOX, certificatePem: readFileSync(ui.env.pki.signers.nonQualified.cert, 'utf8') }],
    });
  });
  after(async () => {
    await ui?.close();
    await fx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ePUAP profile: chooses a certificate on the token by keyboard, a wrong PIN is refused, the right one saves it', async () => {
    const { tokens, pki } = ui.env;
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/sending-profiles`);
    await page.getByRole('heading', { level: 1, name: 'Profile wysyłki ePUAP' }).waitFor();
    const status = page.getByRole('status').filter({ hasText: /./ });

    await page.getByLabel('Nazwa', { exact: true }).fill('Urząd (karta)');
    await page.getByLabel('Środowisko', { exact: true }).selectOption('simulator');
    await page.getByLabel('Adres usługi', { exact: true }).fill(ui.services.environment.epuapUrl);
    await page.getByLabel('Identyfikator podmiotu', { exact: true }).fill('urzad-karta-ui');

    // Keyboard: from the file choice to the token choice with an arrow key, as radios go.
    await page.getByRole('radio', { name: 'Plik PKCS#12' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('radio', { name: 'Certyfikat na karcie lub tokenie' }).isChecked(), true);
    await page.getByText('PIN zostanie sprawdzony podpisem próbnym i zapisany w postaci zaszyfrowanej', { exact: false }).waitFor();

    // Saving without a certificate chosen says what is missing.
    await page.getByRole('button', { name: 'Zapisz profil' }).click();
    await status.filter({ hasText: 'Wybierz certyfikat z karty lub tokenu.' }).waitFor();

    const cn = cnOf(pki.signers.nonQualified.cert);
    // The test person's certificates share one CN: each radio is told apart by its details (validity, card, key) and its value.
    const certificate = page.locator(`input[type=radio][value="${tokens.certificateIds.nonQualified}"]`);
    assert.equal(await certificate.getAttribute('aria-describedby') !== null, true);
    await certificate.focus();
    await page.keyboard.press('Space');
    assert.equal(await certificate.isChecked(), true);
    const pin = page.getByLabel('PIN karty', { exact: true });
    assert.equal(await pin.getAttribute('type'), 'password');
    await pin.fill('999999');
    await pin.press('Enter');
    await status.filter({ hasText: /Błędny PIN/ }).waitFor();
    assert.equal(await pin.inputValue(), '', 'a refused PIN is not kept either');
    assert.deepEqual(await ui.router<SendingProfile[]>('sendingProfiles.list'), []);

    await pin.fill(tokens.qes.pin);
    await pin.press('Enter');
    await status.filter({ hasText: 'Zapisano profil „Urząd (karta)”.' }).waitFor();
    assert.equal(await pin.inputValue(), '');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Urząd (karta)' }) });
    await row.getByText(new RegExp(`${cn}, ważny do .* · na karcie „${tokens.qes.label}”`)).waitFor();
    await ui.shot(page, 'profiles-token-epuap');

    const [saved] = await ui.router<SendingProfile[]>('sendingProfiles.list');
    assert.ok(saved?.certificate?.kind === 'token' && saved.certificate.certificateId === tokens.certificateIds.nonQualified);
    assert.ok(!(await page.content()).includes(tokens.qes.pin), 'the PIN is nowhere on the page');

    // Editing without choosing a certificate keeps the token certificate and its sealed PIN.
    await page.getByRole('button', { name: 'Edytuj profil „Urząd (karta)”' }).click();
    await page.getByRole('heading', { level: 2, name: 'Edycja profilu „Urząd (karta)”' }).waitFor();
    await page.getByLabel('Skrytka do odpowiedzi', { exact: true }).fill('/urzad-karta-ui/Odpowiedzi');
    await page.getByRole('button', { name: 'Zapisz profil' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nowy profil' }).waitFor(); // editing ends once saved
    await status.filter({ hasText: 'Zapisano profil „Urząd (karta)”.' }).waitFor();
    const [edited] = await ui.router<SendingProfile[]>('sendingProfiles.list');
    assert.equal(edited?.replyBox, '/urzad-karta-ui/Odpowiedzi');
    assert.deepEqual(edited?.certificate, saved.certificate);
    assert.deepEqual(ui.pageProblems, []);
  });

  it('e-Doręczenia box profile: the same choice; saved with the token certificate and shown with its subject', async () => {
    const { tokens, pki } = ui.env;
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/edoreczenia`);
    await page.getByRole('tab', { name: 'Profil skrzynki' }).click();
    await page.getByLabel('Nazwa profilu', { exact: true }).fill('Biuro (karta)');
    await page.getByLabel('Adres do doręczeń elektronicznych (AE:PL-…)', { exact: true }).fill('AE:PL-10000-20000-NADAW-10');
    // The label wraps the select, so its name also holds the chosen option.
    await page.getByRole('combobox', { name: /^Środowisko/ }).selectOption('integration');
    await page.getByLabel('Adres UA API (https://…/api/v1)', { exact: true }).fill('https://127.0.0.1:1/api/v1');
    await page.getByLabel('Adres usługi tokenów OAuth2', { exact: true }).fill('https://127.0.0.1:1/oauth2/token');
    await page.getByLabel('Identyfikator systemu (client_id)', { exact: true }).fill('system-karta');
    await page.getByRole('radio', { name: 'Certyfikat na karcie lub tokenie' }).check();
    const cn = cnOf(pki.signers.qualifiedEc.cert);
    await page.locator(`input[type=radio][value="${tokens.certificateIds.qualifiedEc}"]`).check();
    await page.getByLabel('PIN karty', { exact: true }).fill(tokens.qes.pin);
    await page.getByRole('button', { name: 'Zapisz i używaj' }).click();
    await page.getByRole('status').filter({ hasText: 'Zapisano profil skrzynki.' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: new RegExp(`Biuro \\(karta\\).*${cn}, ważny do .* · na karcie „${tokens.qes.label}”`) }).waitFor();
    assert.equal(await page.getByLabel('PIN karty', { exact: true }).inputValue(), '');
    await ui.shot(page, 'profiles-token-edoreczenia');

    const [saved] = await ui.router<BoxProfile[]>('edoreczenia.profiles.list');
    assert.ok(saved?.certificate?.kind === 'token' && saved.certificate.certificateId === tokens.certificateIds.qualifiedEc);
    assert.ok(!(await page.content()).includes(tokens.qes.pin));
    assert.deepEqual(ui.pageProblems, []);
  });

  it('e-Doręczenia box profile with the card: "Sprawdź połączenie" reports mutual TLS with the card key', async () => {
    const { tokens } = ui.env;
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/edoreczenia`);
    await page.getByRole('tab', { name: 'Profil skrzynki' }).click();
    await page.getByLabel('Nazwa profilu', { exact: true }).fill('Biuro (karta, mTLS)');
    await page.getByLabel('Adres do doręczeń elektronicznych (AE:PL-…)', { exact: true }).fill(OWN_BOX);
    await page.getByRole('combobox', { name: /^Środowisko/ }).selectOption('integration');
    await page.getByLabel('Adres UA API (https://…/api/v1)', { exact: true }).fill(fx.sim.url);
    await page.getByLabel('Adres usługi tokenów OAuth2', { exact: true }).fill(fx.sim.tokenUrl);
    await page.getByLabel('Identyfikator systemu (client_id)', { exact: true }).fill('system-karta');
    await page.getByRole('radio', { name: 'Certyfikat na karcie lub tokenie' }).check();
    await page.locator(`input[type=radio][value="${tokens.certificateIds.nonQualified}"]`).check();
    await page.getByLabel('PIN karty', { exact: true }).fill(tokens.qes.pin);
    await page.getByRole('button', { name: 'Zapisz i używaj' }).click();
    await page.getByRole('status').filter({ hasText: 'Zapisano profil skrzynki.' }).waitFor();
    // The test CA of the simulator's TLS certificate (the CLI's --ca; set directly here).
    const saved = (await ui.router<BoxProfile[]>('edoreczenia.profiles.list')).find((p) => p.name === 'Biuro (karta, mTLS)')!;
    ui.services.edoreczenia.profiles.setCaPem(saved.id, tls.caPem);
    ui.services.edoreczenia.reset();
    await page.getByRole('button', { name: 'Sprawdź połączenie' }).click();
    await page.getByRole('status').filter({ hasText: `Połączono ze skrzynką ${OWN_BOX}` }).filter({ hasText: 'Połączenie TLS uwierzytelnione certyfikatem systemu na karcie' }).waitFor();
    await ui.shot(page, 'profiles-token-mtls');
    assert.ok(!(await page.content()).includes(tokens.qes.pin));
    assert.deepEqual(ui.pageProblems, []);
  });
});
