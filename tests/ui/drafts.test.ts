/**
 * UI tier: drafts and sender profiles. A letter typed in part is autosaved ("Zapisano szkic");
 * a reload (the renderer crashing) offers to continue it and brings every field back. A sender
 * saved as the default profile fills a new letter. A created filing, from the outbox, gives a new
 * draft with its content ("Nowe na podstawie tego"); the "Szkice" list opens and deletes drafts.
 * Screenshots: test-artifacts/ui/drafts-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startUiSession, type UiSession } from '../harness/ui-session';

const PARTIAL_TITLE = 'Wniosek o przeliczenie emerytury';
const FILED_TITLE = 'Wniosek o zaświadczenie o niezaleganiu';
const SAVED = /Zapisano szkic \d{2}:\d{2}/;
let ui: UiSession;

interface DraftRow {
  id: string;
  title: string;
  filingId: string | null;
}

async function openCompose(page: Page): Promise<void> {
  await page.goto(ui.host.url);
  await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();
}

/** Waits until a control holds `value` (filled in by a load, not by the test). */
async function waitValue(control: Locator, value: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await control.inputValue()) === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(await control.inputValue(), value);
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('#compose-draft-status').filter({ hasText: SAVED }).waitFor();
}

describe('UI: drafts and sender profiles', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });

  after(async () => {
    await ui?.close();
  });

  it('autosaves while typing; after a reload it offers the draft and restores every field', async () => {
    const page = await ui.newPage();
    await openCompose(page);
    const status = page.locator('#compose-draft-status');
    assert.equal(await status.getAttribute('aria-live'), 'polite');

    await page.getByLabel('Imię', { exact: true }).fill('Anna');
    await page.getByLabel('Nazwisko', { exact: true }).fill('Szkicowa');
    await page.getByLabel('Identyfikator nadawcy').selectOption('nip');
    await page.getByLabel('NIP').fill('5261040828');
    await page.getByLabel('Tytuł pisma').fill(PARTIAL_TITLE);
    await page.getByLabel('Treść pisma').fill('Pierwszy akapit.\n\nDrugi akapit.');
    await page.getByRole('button', { name: 'Dodaj oświadczenie' }).click();
    await page.getByLabel('Oświadczenie 1').fill('Oświadczam, że dane są prawdziwe.');
    await waitSaved(page);
    await ui.shot(page, 'drafts-01-autosaved');

    const drafts = await ui.router<DraftRow[]>('drafts.list');
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.title, PARTIAL_TITLE);
    assert.equal(drafts[0]!.filingId, null);

    // A crash of the renderer: everything in the page is gone.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Nowe pismo' }).waitFor();
    const offer = page.getByText(new RegExp(`Masz niedokończone pismo „${PARTIAL_TITLE}” z \\d{2}:\\d{2} — kontynuować\\?`));
    await offer.waitFor();
    assert.equal(await page.getByLabel('Imię', { exact: true }).inputValue(), '');
    await ui.shot(page, 'drafts-02-offer');

    await page.getByRole('button', { name: 'Kontynuuj' }).click();
    await waitValue(page.getByLabel('Tytuł pisma'), PARTIAL_TITLE);
    assert.equal(await page.getByLabel('Imię', { exact: true }).inputValue(), 'Anna');
    assert.equal(await page.getByLabel('Nazwisko', { exact: true }).inputValue(), 'Szkicowa');
    assert.equal(await page.getByLabel('Identyfikator nadawcy').inputValue(), 'nip');
    assert.equal(await page.getByLabel('NIP').inputValue(), '5261040828');
    assert.equal(await page.getByLabel('Treść pisma').inputValue(), 'Pierwszy akapit.\n\nDrugi akapit.');
    assert.equal(await page.getByLabel('Oświadczenie 1').inputValue(), 'Oświadczam, że dane są prawdziwe.');
    assert.equal(await offer.count(), 0);

    // Typing on continues the same draft (no second one).
    await page.getByLabel('Miejsce sporządzenia').fill('Cieszyn');
    await page.getByLabel('Miejsce sporządzenia').blur();
    const id = drafts[0]!.id;
    for (let i = 0; ; i++) {
      const d = await ui.router<{ spec: { place?: string } }>('drafts.get', { id });
      if (d.spec.place === 'Cieszyn') break;
      assert.ok(i < 100, 'the blur saved the draft');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await ui.router<DraftRow[]>('drafts.list')).length, 1);
    await ui.shot(page, 'drafts-03-restored');
    assert.deepEqual(ui.pageProblems, []);
    await page.close();
  });

  it('saves the sender as the default profile, which fills the next new letter', async () => {
    const page = await ui.newPage();
    await openCompose(page);
    await page.getByRole('button', { name: 'Nie, zacznij nowe' }).click();
    await page.getByLabel('Imię', { exact: true }).fill('Jan');
    await page.getByLabel('Nazwisko', { exact: true }).fill('Profilowy');
    await page.getByLabel('PESEL').fill('85022512342');
    await page.getByLabel('Adres e-mail').fill('jan@example.pl');
    await page.getByLabel('Kod pocztowy').fill('43-400');
    await page.getByLabel('Miejscowość', { exact: true }).fill('Cieszyn');
    await page.getByLabel('Numer budynku').fill('7');

    await page.getByRole('button', { name: 'Zapisz jako profil' }).click();
    // Focus moves to the profile's name.
    await page.waitForFunction(() => document.activeElement?.id === 'compose-profile-name');
    await page.keyboard.type('Ja');
    await page.getByLabel('Profil domyślny (wypełnia nowe pisma)').check();
    await page.getByRole('button', { name: 'Zapisz profil' }).click();
    await page.getByText('Zapisano profil „Ja”.').waitFor();
    assert.equal(await page.getByLabel('Nadawca z profilu').inputValue() !== '', true);
    await ui.shot(page, 'drafts-04-profile-saved');
    const profiles = await ui.router<{ name: string; isDefault: boolean }[]>('profiles.list');
    assert.deepEqual(profiles.map((p) => [p.name, p.isDefault]), [['Ja', true]]);
    await page.close();

    const next = await ui.newPage();
    await openCompose(next);
    await waitValue(next.getByLabel('Imię', { exact: true }), 'Jan');
    assert.equal(await next.getByLabel('Nazwisko', { exact: true }).inputValue(), 'Profilowy');
    assert.equal(await next.getByLabel('PESEL').inputValue(), '85022512342');
    assert.equal(await next.getByLabel('Miejscowość', { exact: true }).inputValue(), 'Cieszyn');
    assert.equal(await next.getByLabel('Tytuł pisma').inputValue(), '');
    assert.match((await next.getByLabel('Nadawca z profilu').locator('option:checked').textContent()) ?? '', /Ja \(domyślny\)/);
    await ui.shot(next, 'drafts-05-default-profile');
    assert.deepEqual(ui.pageProblems, []);
    await next.close();
  });

  it('links the draft to the created filing, and "Nowe na podstawie tego" copies the filing into a new draft', async () => {
    const page = await ui.newPage();
    await openCompose(page);
    await page.getByRole('button', { name: 'Nie, zacznij nowe' }).click();
    await waitValue(page.getByLabel('Imię', { exact: true }), 'Jan');
    await page.getByLabel('Nazwa instytucji', { exact: true }).fill('Kasa Rolniczego Ubezpieczenia Społecznego');
    await page.getByLabel('Miejsce sporządzenia').fill('Cieszyn');
    await page.getByLabel('Tytuł pisma').fill(FILED_TITLE);
    await page.getByLabel('Treść pisma').fill('Proszę o wydanie zaświadczenia.\n\nZ poważaniem');
    await waitSaved(page);
    await page.getByRole('button', { name: 'Utwórz pismo' }).click();
    await page.waitForURL(/#\/sign\//);
    const filingId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    const linked = (await ui.router<DraftRow[]>('drafts.list')).find((d) => d.title === FILED_TITLE);
    assert.equal(linked?.filingId, filingId, 'the draft belongs to the filing now');

    await page.getByRole('link', { name: 'Skrzynka nadawcza' }).click();
    await page.getByRole('heading', { level: 1, name: 'Skrzynka nadawcza' }).waitFor();
    await page.getByRole('button', { name: `Nowe pismo na podstawie „${FILED_TITLE}”` }).click();
    await page.getByText(`Utworzono nowy szkic na podstawie „${FILED_TITLE}”.`).waitFor();
    await waitValue(page.getByLabel('Tytuł pisma'), FILED_TITLE);
    assert.equal(await page.getByLabel('Treść pisma').inputValue(), 'Proszę o wydanie zaświadczenia.\n\nZ poważaniem');
    assert.equal(await page.getByLabel('Nazwisko', { exact: true }).inputValue(), 'Profilowy');
    assert.equal(await page.getByLabel('Nazwa instytucji', { exact: true }).inputValue(), 'Kasa Rolniczego Ubezpieczenia Społecznego');
    assert.match(new URL(page.url()).hash, /^#\/compose\/[0-9a-f-]{36}$/);
    await ui.shot(page, 'drafts-06-from-filing');
    const all = await ui.router<DraftRow[]>('drafts.list');
    assert.equal(all.filter((d) => d.title === FILED_TITLE).length, 2);

    // The list: open by keyboard, delete with a confirmation.
    await page.getByRole('link', { name: 'Szkice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Szkice' }).waitFor();
    await page.getByRole('row', { name: new RegExp(PARTIAL_TITLE) }).waitFor();
    await ui.shot(page, 'drafts-07-list');
    await page.getByRole('button', { name: `Usuń szkic „${PARTIAL_TITLE}”` }).click();
    await page.getByText(`Usunąć szkic „${PARTIAL_TITLE}”? Tego nie można cofnąć.`).waitFor();
    // Focus is on the safe choice.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Nie usuwaj');
    await ui.shot(page, 'drafts-08-confirm-delete');
    await page.getByRole('button', { name: 'Tak, usuń' }).click();
    await page.getByText(`Usunięto szkic „${PARTIAL_TITLE}”.`).waitFor();
    assert.equal((await ui.router<DraftRow[]>('drafts.list')).some((d) => d.title === PARTIAL_TITLE), false);

    const open = page.getByRole('button', { name: new RegExp(`^Otwórz szkic „${FILED_TITLE}”`) }).first();
    await open.focus();
    await page.keyboard.press('Enter');
    await waitValue(page.getByLabel('Tytuł pisma'), FILED_TITLE);
    await page.locator('#compose-draft-status').filter({ hasText: SAVED }).waitFor();

    // Another window saves the same draft meanwhile: the next autosave is refused, the user is
    // told, and the newer version is loaded.
    const draftId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    const current = await ui.router<{ revision: number; spec: Record<string, unknown> }>('drafts.get', { id: draftId });
    await ui.router('drafts.save', { id: draftId, revision: current.revision, spec: { ...current.spec, title: 'Zmienione w innym oknie' } });
    await page.getByLabel('Znak sprawy').fill('KRUS/1/2026');
    await page.locator('#compose-draft-status').filter({ hasText: 'Ten szkic zmieniono w innym oknie' }).waitFor();
    await waitValue(page.getByLabel('Tytuł pisma'), 'Zmienione w innym oknie');
    assert.equal(await page.getByLabel('Znak sprawy').inputValue(), '');
    await ui.shot(page, 'drafts-09-conflict');
    // Typing on saves over the newer revision.
    await page.getByLabel('Znak sprawy').fill('KRUS/2/2026');
    await page.locator('#compose-draft-status').filter({ hasText: SAVED }).waitFor();
    const saved = await ui.router<{ revision: number; spec: { caseReference?: string } }>('drafts.get', { id: draftId });
    assert.equal(saved.spec.caseReference, 'KRUS/2/2026');
    assert.deepEqual(ui.pageProblems, []);
    await page.close();
  });

  it('renames the profile, replaces its details with the form, and deletes it after a confirmation — by keyboard', async () => {
    const page = await ui.newPage();
    await openCompose(page);
    await page.getByRole('button', { name: 'Nie, zacznij nowe' }).click();
    await waitValue(page.getByLabel('Imię', { exact: true }), 'Jan');
    await page.getByLabel('Miejscowość', { exact: true }).fill('Ustroń');

    await page.getByRole('button', { name: 'Zmień profil „Ja”' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'compose-profile-name');
    assert.equal(await page.getByLabel('Nazwa profilu').inputValue(), 'Ja');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Ja — dom');
    await page.getByLabel('Zastąp dane profilu danymi nadawcy z formularza').check();
    await page.getByLabel('Nazwa profilu').focus();
    await page.keyboard.press('Enter');
    await page.getByText('Profil „Ja — dom” zmieniony.').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'compose-profile-edit');
    type Row = { id: string; name: string; isDefault: boolean; sender: { address: { city: string } } };
    const [renamed, ...others] = await ui.router<Row[]>('profiles.list');
    assert.deepEqual(others, []);
    assert.equal(renamed!.name, 'Ja — dom');
    assert.equal(renamed!.isDefault, true);
    assert.equal(renamed!.sender.address.city, 'Ustroń');
    await ui.shot(page, 'drafts-10-profile-renamed');

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Usuń profil „Ja — dom”');
    await page.keyboard.press('Enter');
    const question = page.getByRole('alertdialog');
    await question.getByText('Usunąć profil „Ja — dom”?', { exact: false }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'compose-profile-delete-confirm');
    await ui.shot(page, 'drafts-11-profile-delete');
    await page.keyboard.press('Enter');
    await page.getByText('Profil „Ja — dom” usunięty.').waitFor();
    assert.deepEqual(await ui.router<Row[]>('profiles.list'), []);
    // The letter keeps what was typed; the picker is empty again.
    assert.equal(await page.getByLabel('Miejscowość', { exact: true }).inputValue(), 'Ustroń');
    assert.equal(await page.getByLabel('Nadawca z profilu').inputValue(), '');
    assert.deepEqual(ui.pageProblems, []);
    await page.close();
  });
});
