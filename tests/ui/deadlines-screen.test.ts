/**
 * UI tier: the "Terminy" screen in Chromium on the production bundle. A letter from an office awaiting
 * collection shows its countdown and the dates; the month calendar marks statutory holidays; a term
 * added from the letter shows its computed last day and roll-forward; collecting asks first (terms
 * start to run), then the letter counts as delivered today. The collecting channel is a stand-in
 * registered on the service, as no channel provides incoming letters yet.
 * Screenshots: test-artifacts/ui/deadlines-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { warsawDate } from '../../electron/common/legal-calendar-dates';
import { startUiSession, type UiSession } from '../harness/ui-session';

let ui: UiSession;

describe('UI: deadlines, countdown and calendar', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });
  after(async () => {
    await ui?.close();
  });

  it('shows a letter awaiting collection with its countdown, the calendar, adds a term, collects after the warning', async () => {
    const deadlines = ui.services.deadlines;
    const arrival = new Date(Date.now() - 2 * 86_400_000);
    const item = deadlines.recordDeliveryEvent({ messageId: 'ui-1', channel: 'edoreczenia', kind: 'D.1', at: arrival.toISOString(), title: 'Decyzja w sprawie podatku', counterparty: 'Urząd Skarbowy w Cieszynie' });
    deadlines.recordDeliveryEvent({ filingId: 'ui-served-1', kind: 'dorecz.notice1', at: arrival.toISOString(), title: 'Wezwanie do uzupełnienia', counterparty: 'Jan Kowalski' });
    const daysLeft = item.window.daysLeft!;
    assert.ok(daysLeft >= 11 && daysLeft <= 16, String(daysLeft));

    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/deadlines`);
    await page.getByRole('heading', { level: 1, name: 'Terminy i doręczenia' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Terminy' }).getAttribute('aria-current'), 'page');

    // The letters awaiting collection (the calendar also names the letter once it is delivered).
    const awaiting = page.getByRole('table', { name: 'Pisma przychodzące czekające na odbiór' });
    const row = awaiting.getByRole('row', { name: /Decyzja w sprawie podatku/ });
    await row.waitFor();
    const left = daysLeft === 1 ? '1 dzień' : `${daysLeft} dni`;
    assert.equal((await row.locator('.countdown time').textContent())?.trim(), `zostało ${left}`);
    assert.equal(await row.locator('.countdown time').getAttribute('datetime'), item.window.countdownTo);
    await page.getByRole('row', { name: /Wezwanie do uzupełnienia/ }).getByText('czeka na odbiór').waitFor();

    // The calendar of the current month; walk to November 2026 and check its two holidays.
    const today = warsawDate(new Date());
    const months = (2026 - Number(today.slice(0, 4))) * 12 + (11 - Number(today.slice(5, 7)));
    for (let i = 0; i < Math.abs(months); i++) {
      await page.getByRole('button', { name: months > 0 ? 'Następny miesiąc' : 'Poprzedni miesiąc' }).click();
    }
    await page.getByRole('heading', { level: 2, name: /listopad 2026/i }).waitFor();
    const grid = page.getByRole('table', { name: /listopad 2026 — dni wolne i terminy/i });
    await grid.locator('td:has(time[datetime="2026-11-11"])').getByText('Narodowe Święto Niepodległości').waitFor();
    assert.match((await grid.locator('td:has(time[datetime="2026-11-01"])').getAttribute('class')) ?? '', /calendar__day--closed/);
    assert.doesNotMatch((await grid.locator('td:has(time[datetime="2026-11-12"])').getAttribute('class')) ?? '', /calendar__day--closed/);

    // A term from the letter's delivery: the computed last day is shown before adding.
    await page.getByLabel('Pismo, od którego doręczenia liczyć').selectOption({ label: 'Decyzja w sprawie podatku — Urząd Skarbowy w Cieszynie' });
    await page.getByLabel('Rodzaj terminu').selectOption('appeal');
    const provisional = deadlines.suggest(item.window.deemedDate!).find((s) => s.preset === 'appeal')!;
    await page.locator('.term-form__suggestion').getByText(`Ostatni dzień:`).waitFor();
    await page.getByRole('button', { name: 'Dodaj termin' }).click();
    await page.getByRole('status').filter({ hasText: 'Dodano termin „Odwołanie od decyzji — 14 dni”' }).waitFor();
    const termRow = page.getByRole('row', { name: /Odwołanie od decyzji — 14 dni/ });
    await termRow.getByText('wstępnie — pismo nie zostało jeszcze odebrane').waitFor();
    assert.ok(provisional.lastDay >= today);
    await ui.shot(page, 'deadlines-overview');

    // Collecting: the warning first; cancel leaves it waiting, confirm collects it.
    deadlines.registerIncomingSource({ channel: 'edoreczenia', collect: async () => ({ collectedAt: new Date().toISOString() }) });
    await row.getByRole('button', { name: 'Odbierz pismo „Decyzja w sprawie podatku”' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Odebrać pismo „Decyzja w sprawie podatku”?' });
    await dialog.getByText(/od tej chwili biegną terminy/).waitFor();
    await ui.shot(page, 'deadlines-collect-warning');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Nie teraz', 'focus on the safe choice');
    await dialog.getByRole('button', { name: 'Nie teraz' }).click();
    assert.equal(deadlines.item(item.id).window.state, 'open');
    await row.getByRole('button', { name: 'Odbierz pismo „Decyzja w sprawie podatku”' }).click();
    await dialog.getByRole('button', { name: /Tak, odbieram/ }).click();
    await page.getByRole('status').filter({ hasText: `Odebrano pismo „Decyzja w sprawie podatku”` }).waitFor();
    await row.waitFor({ state: 'detached' });
    const collected = deadlines.item(item.id);
    assert.equal(collected.window.state, 'collected');
    assert.equal(collected.window.delivery!.date, today);
    assert.ok(collected.events.some((e) => e.kind === 'E.1'));
    // The term now counts from the actual delivery: no longer provisional.
    await termRow.getByText('wstępnie — pismo nie zostało jeszcze odebrane').waitFor({ state: 'detached' });
    assert.equal(deadlines.overview().terms[0]!.startKind, 'actual');

    // The disputed points are settings with their defaults; saving one is applied at once.
    await page.getByText('Ustawienia spornych kwestii').click();
    const mode = page.getByLabel('e-Doręczenia: dzień doręczenia z mocy prawa (P1)');
    assert.equal(await mode.inputValue(), 'statute');
    await mode.selectOption('operatorR13');
    await page.getByRole('button', { name: 'Zapisz ustawienia' }).click();
    for (let i = 0; i < 100 && deadlines.settings().edoreczenia.deemedMode !== 'operatorR13'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(deadlines.settings().edoreczenia.deemedMode, 'operatorR13');
    await ui.shot(page, 'deadlines-settings');
    assert.deepEqual(ui.pageProblems, []);
  });
});
