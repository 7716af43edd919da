/**
 * The certificate picker and the PIN dialog variants in Chromium, against the real services:
 * SoftHSM tokens plus a PIN-pad test reader (tests/fixtures/pkcs11-pinpad, a card of its own)
 * added as a user module. Shows the badges, the PIN-pad flow (wait with countdown, cancel in the
 * app, then a signature with the PIN typed "on the reader", verified by xmlsec1), the final-try and
 * locked variants, the list refreshing when the card is pulled out and put back, and the
 * remembered choice. Screenshots: test-artifacts/ui/cards-*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ChannelInput, FilingDetail } from '../../electron/common/contract';
import { buildPinPadReader, PIN_FLAGS, type PinPadReader } from '../harness/pinpad-module';
import { getTestEnvironment } from '../harness/test-env';
import { startUiSession, type UiSession } from '../harness/ui-session';
import { xmlsecVerify } from '../harness/xmlsec';

let ui: UiSession;
let reader: PinPadReader;
let page: Page;

const letter = (title: string): ChannelInput<'filings.create'> => ({
  sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1' } },
  addressee: { name: 'Kasa Rolniczego Ubezpieczenia Społecznego', inbox: '/KRUS/SkrytkaESP' },
  place: 'Cieszyn', date: '2026-11-23', title, content: ['Proszę o wydanie zaświadczenia.'],
});

async function openSignScreen(title: string): Promise<string> {
  const filing = await ui.router<FilingDetail>('filings.create', letter(title));
  await page.goto(`${ui.host.url}#/sign/${filing.id}`);
  await page.getByRole('heading', { level: 1, name: 'Podpisz pismo' }).waitFor();
  return filing.id;
}

const radio = (id: string) => page.locator(`input[type="radio"][value="${id}"]`);
const labelOf = async (id: string) => (await page.locator(`label[for="${await radio(id).getAttribute('id')}"]`).textContent()) ?? '';

describe('UI: certificate picker and PIN dialog variants', { timeout: 300_000 }, () => {
  before(async () => {
    const env = await getTestEnvironment();
    const dir = path.join(env.dir, 'ui-pinpad-reader');
    mkdirSync(dir, { recursive: true });
    reader = buildPinPadReader(dir, env.pki); // before any signer host is forked: it reads the reader's env
    ui = await startUiSession();
    await ui.router('cards.modules.add', { path: reader.module });
    page = await ui.newPage();
  });

  after(async () => {
    await ui?.close();
  });

  it('picker: kinds as badges, expired not selectable, the PIN-pad card listed', async () => {
    reader.control({ mode: 'ok', pin: reader.token.pin });
    await openSignScreen('Pismo podpisywane na czytniku z klawiaturą');
    const ids = ui.env.tokens.certificateIds;
    await radio(reader.certificateId).waitFor();
    assert.match(await labelOf(ids.qualifiedRsa), /kwalifikowany/);
    assert.doesNotMatch(await labelOf(ids.qualifiedRsa), /niekwalifikowany/);
    assert.match(await labelOf(ids.nonQualified), /niekwalifikowany \(do uwierzytelniania\)/);
    assert.equal(await radio(ids.expired).isDisabled(), true);
    assert.match(await labelOf(reader.certificateId), /kwalifikowany/);
    // The person's identifier is shown masked; the fieldset is named by the section heading.
    assert.equal(await page.getByRole('group', { name: 'Wybierz certyfikat' }).count(), 1);
    assert.match((await page.locator(`#cert-${reader.certificateId}-details`).textContent()) ?? '', /PNOPL-…342/);
    await ui.shot(page, 'cards-01-picker');
  });

  it('PIN pad: no PIN field, countdown while the reader waits, Cancel in the app stops it; then the PIN typed on the reader signs', async () => {
    reader.control({ mode: 'hang' });
    await radio(reader.certificateId).check();
    await page.getByRole('button', { name: 'Podpisz…' }).click();
    const dialog = page.getByRole('dialog', { name: 'PIN na klawiaturze czytnika' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('textbox').count(), 0, 'no PIN field: the PIN is typed on the reader');
    assert.equal(await dialog.locator('input[type="password"]').count(), 0);
    await dialog.getByRole('button', { name: 'Podpisz' }).click();
    await dialog.getByText(/Wprowadź PIN na klawiaturze czytnika/).waitFor();
    const countdown = dialog.getByRole('progressbar', { name: 'Czas na wpisanie PIN-u na czytniku' });
    await countdown.waitFor();
    await ui.shot(page, 'cards-02-pinpad-waiting');
    await dialog.getByRole('button', { name: 'Anuluj' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Wprowadzanie PIN-u zostało anulowane.' }).waitFor();
    assert.ok(ui.host.invocations.includes('cards.cancel'));

    reader.control({ mode: 'ok', pin: reader.token.pin });
    await dialog.getByRole('button', { name: 'Podpisz' }).click();
    await page.getByRole('heading', { name: 'Pismo zostało podpisane.' }).waitFor();
    const [filing] = (await ui.router<{ id: string; state: string; title: string }[]>('outbox.list')).filter((f) => f.title === 'Pismo podpisywane na czytniku z klawiaturą');
    const detail = await ui.router<FilingDetail>('filings.get', { id: filing!.id });
    assert.equal(detail.state, 'signed');
    const file = path.join(mkdtempSync(path.join(ui.dataDir, 'check-')), detail.fileName);
    writeFileSync(file, ui.services.blobs.get(detail.documentSha256!));
    const verdict = xmlsecVerify(file, { trusted: [ui.env.pki.rootCa.cert], untrusted: [ui.env.pki.qualifiedCa.cert] });
    assert.ok(verdict.ok, verdict.output);
    await ui.shot(page, 'cards-03-pinpad-signed');
  });

  it('the card pulled out and put back: the list follows without a reload; the choice is remembered by fingerprint', async () => {
    await openSignScreen('Pismo po ponownym włożeniu karty');
    await radio(reader.certificateId).waitFor();
    assert.equal(await radio(reader.certificateId).isChecked(), true, 'the last choice is preselected');
    reader.control({ mode: 'removed' });
    await radio(reader.certificateId).waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByRole('status').filter({ hasText: 'Wyjęto kartę' }).waitFor();
    await ui.shot(page, 'cards-04-card-removed');
    reader.control({ mode: 'ok', pin: reader.token.pin });
    await radio(reader.certificateId).waitFor({ timeout: 20_000 });
    assert.equal(await radio(reader.certificateId).isChecked(), true, 'chosen again after re-insertion, by fingerprint');
  });

  it('a locked PIN offers no field at all; at the final try the user confirms before the reader is asked', async () => {
    await openSignScreen('Pismo przy ostatniej próbie PIN-u');
    reader.control({ mode: 'ok', pin: reader.token.pin, pinFlags: PIN_FLAGS.locked });
    await radio(reader.certificateId).check();
    await page.getByRole('button', { name: 'Podpisz…' }).click();
    const locked = page.getByRole('dialog', { name: 'PIN zablokowany' });
    await locked.waitFor();
    await locked.getByText(/Odblokuj go kodem PUK/).waitFor();
    assert.equal(await locked.locator('input').count(), 0);
    assert.equal(await locked.getByRole('button', { name: 'Podpisz' }).count(), 0);
    await ui.shot(page, 'cards-05-pin-locked');
    await locked.getByRole('button', { name: 'Zamknij' }).click();
    await locked.waitFor({ state: 'detached' });

    // Final try: the next wrong PIN blocks the card, so the user confirms before the reader is asked.
    reader.control({ mode: 'ok', pin: reader.token.pin, pinFlags: PIN_FLAGS.finalTry });
    await page.getByRole('button', { name: 'Podpisz…' }).click();
    const finalTry = page.getByRole('dialog', { name: 'PIN na klawiaturze czytnika' });
    await finalTry.getByText(/to ostatnia próba/).waitFor();
    const signsBefore = ui.host.invocations.filter((c) => c === 'filings.sign').length;
    await finalTry.getByRole('button', { name: 'Podpisz' }).click();
    await finalTry.getByRole('alert').filter({ hasText: 'Najpierw potwierdź' }).waitFor();
    assert.equal(ui.host.invocations.filter((c) => c === 'filings.sign').length, signsBefore, 'the card is not asked before the confirmation');
    await ui.shot(page, 'cards-06-pin-final-try');
    await finalTry.getByRole('checkbox', { name: /błędny PIN zablokuje kartę/ }).check();
    reader.control({ mode: 'ok', pin: reader.token.pin });
    await finalTry.getByRole('button', { name: 'Podpisz' }).click();
    await page.getByRole('heading', { name: 'Pismo zostało podpisane.' }).waitFor();
  });
});
