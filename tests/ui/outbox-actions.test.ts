/**
 * UI tier: the outbox's row actions, driven by keyboard-reachable buttons with screen-reader
 * labels: a queued letter is paused (marked "wstrzymane", the button turns into "Wznów"), resumed,
 * then cancelled after a confirmation. Screenshot: test-artifacts/ui/outbox-actions.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FilingDetail } from '../../electron/common/contract';
import { startUiSession, type UiSession } from '../harness/ui-session';

const TITLE = 'Pismo wstrzymane w kolejce';
let ui: UiSession;

describe('UI: outbox actions', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });
  after(async () => {
    await ui?.close();
  });

  it('pause, resume and cancel a queued letter from its row', async () => {
    const filing = await ui.router<FilingDetail>('filings.create', {
      sender: { institution: { name: 'Biuro Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '1' } },
      addressee: { name: 'CUW Cieszyn', inbox: '/ZOJO_Cieszyn/SkrytkaESP' },
      place: 'Warszawa', date: '2026-11-23', title: TITLE, content: ['Treść.'],
    });
    const row = ui.services.repo.get(filing.id);
    ui.services.repo.transition(filing.id, ['draft'], 'signed', { signed_sha256: row.draft_sha256 }, { actor: 'test', kind: 'signed' });
    ui.services.filings.queue(filing.id); // queued without a kick: nothing sends it during the test

    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/outbox`);
    const tr = page.locator(`tr[data-filing-id="${filing.id}"]`);
    await tr.waitFor();
    const pause = tr.getByRole('button', { name: `Wstrzymaj wysyłanie: ${TITLE}` });
    await pause.focus();
    await page.keyboard.press('Enter');
    await tr.getByText('wstrzymane', { exact: true }).waitFor();
    assert.equal(ui.services.repo.get(filing.id).paused, 1);
    await ui.shot(page, 'outbox-actions');

    await tr.getByRole('button', { name: `Wznów wysyłanie: ${TITLE}` }).click();
    await tr.getByRole('button', { name: `Wstrzymaj wysyłanie: ${TITLE}` }).waitFor();
    assert.equal(ui.services.repo.get(filing.id).paused, 0);

    page.once('dialog', (d) => void d.accept());
    await tr.getByRole('button', { name: `Anuluj wysyłanie: ${TITLE}` }).click();
    await tr.getByText('Anulowano', { exact: true }).waitFor();
    assert.equal(ui.services.repo.get(filing.id).state, 'cancelled');
    assert.deepEqual(ui.pageProblems, []);
  });
});
