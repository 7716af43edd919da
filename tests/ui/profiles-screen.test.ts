/**
 * UI: "Profile wysyłki" in Chromium against the real services and the built-in test environment:
 * a wrong PKCS#12 password is refused in the live status region, a profile with the environment's
 * system certificate is saved, its connection to the built-in ePUAP simulator tested, made active
 * by keyboard. Screenshot: test-artifacts/ui/profiles-screen.png.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SendingProfile } from '../../electron/common/contract-profiles';
import { startUiSession, type UiSession } from '../harness/ui-session';

const PASSWORD = 'haslo-profilu-ui';
let ui: UiSession;
let work: string;

describe('UI: ePUAP sending profiles', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
    work = mkdtempSync(join(tmpdir(), 'nadawca-profiles-ui-'));
    writeFileSync(join(work, 'key.pem'), ui.services.environment.system.keyPem);
    writeFileSync(join(work, 'cert.pem'), ui.services.environment.system.certPem);
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(work, 'key.pem'), '-in', join(work, 'cert.pem'), '-passout', `pass:${PASSWORD}`, '-out', join(work, 'system.p12')]);
  });
  after(async () => {
    await ui?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('adds a profile with a PKCS#12 system certificate, tests its connection and activates it', async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/sending-profiles`);
    await page.getByRole('heading', { level: 1, name: 'Profile wysyłki ePUAP' }).waitFor();
    await page.getByText('Brak profili.').waitFor();
    const status = page.getByRole('status').filter({ hasText: /./ });

    await page.getByLabel('Nazwa', { exact: true }).fill('Symulator');
    await page.getByLabel('Środowisko', { exact: true }).selectOption('simulator');
    await page.getByLabel('Adres usługi', { exact: true }).fill(ui.services.environment.epuapUrl);
    await page.getByLabel('Identyfikator podmiotu', { exact: true }).fill(ui.services.environment.sender.subject);
    await page.getByLabel('Certyfikat systemu (PKCS#12)', { exact: true }).setInputFiles(join(work, 'system.p12'));
    await page.getByLabel('Hasło do pliku', { exact: true }).fill('zle-haslo');
    await page.getByRole('button', { name: 'Zapisz profil' }).click();
    await status.filter({ hasText: /Błędne hasło/ }).waitFor();
    assert.deepEqual(await ui.router<SendingProfile[]>('sendingProfiles.list'), []);

    const password = page.getByLabel('Hasło do pliku', { exact: true });
    await password.fill(PASSWORD);
    await password.press('Enter');
    await status.filter({ hasText: 'Zapisano profil „Symulator”.' }).waitFor();
    assert.equal(await password.inputValue(), '', 'the password is not kept in the form');

    await page.getByRole('button', { name: 'Sprawdź połączenie profilu „Symulator”' }).click();
    await status.filter({ hasText: /Połączenie profilu „Symulator” działa/ }).waitFor();

    const activate = page.getByRole('button', { name: 'Ustaw jako aktywny' });
    await activate.focus();
    await page.keyboard.press('Enter');
    await status.filter({ hasText: 'Profil „Symulator” jest aktywny.' }).waitFor();
    await page.getByRole('rowheader', { name: 'Symulator — aktywny' }).waitFor();
    await ui.shot(page, 'profiles-screen');
    const [saved] = await ui.router<SendingProfile[]>('sendingProfiles.list');
    assert.equal(saved?.active, true);
    assert.deepEqual(ui.pageProblems, []);
  });
});
