/**
 * UI tier: the manual channel and the receipt view. A signed letter is exported as a package to the
 * folder the "dialog" answers (byte for byte, manifest digests checked); the UPP the office issued
 * for it is imported by its path and the letter becomes delivered; the receipt view frames the
 * official UPO rendering (its own sandboxed document) and "Zapisz PDF" prints it (pdfinfo +
 * pdftotext). A UPP for a document never filed is imported but stays flagged in the view. A letter
 * sent by hand through the e-Doręczenia web app: its BP.WX (sealed as the built-in simulator seals,
 * checked by xmlsec1) is imported and the screen names the letter, the message id, the evidence type
 * and that it verified; the same file again gives the same receipt; an evidence of no exported
 * letter is refused with the reason.
 * Screenshots: test-artifacts/ui/manual-channel.png, receipt-view.png, receipt-flagged.png, manual-evidence.png.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEpuapClient } from '../../electron/node/epuap/client';
import { exportManualPackage } from '../../electron/node/manual/manual';
import { proofXml, sealEvidence } from '../../electron/simulators/edoreczenia/evidences';
import { pemKeySigner } from '../../electron/simulators/epuap/key-signer';
import { ensureTestIdentities } from '../../electron/simulators/test-identities';
import { startUiSession, type UiSession } from '../harness/ui-session';
import { xmlsecVerify } from '../harness/xmlsec';

const TITLE = 'Wniosek złożony ręcznie';
let ui: UiSession;

/** What the office does with the uploaded file: the built-in ePUAP simulator files it and issues the UPP. */
async function officeUpp(fileName: string, content: Uint8Array): Promise<Uint8Array> {
  const env = ui.services.environment;
  const client = createEpuapClient({ baseUrl: env.epuapUrl, subject: env.sender.subject, system: pemKeySigner(env.system.certPem, env.system.keyPem) });
  return (await client.nadaj({ to: '/ZOJO_Cieszyn/SkrytkaESP', fileName, contentType: 'text/xml', content })).upp!.bytes;
}

function manualFiling(): string {
  const id = randomUUID();
  const sha = ui.services.blobs.put(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Pismo xmlns="urn:test:manual"><Id>${id}</Id></Pismo>`), 'text/xml');
  ui.services.repo.insert({ id, client_id: randomUUID(), channel: 'manual', to_address: 'Urząd Miasta (portal)', addressee_name: 'Urząd Miasta', title: TITLE, file_name: `Pismo_${id.slice(0, 8)}.xml`, draft_sha256: sha }, { actor: 'test', kind: 'created' });
  ui.services.repo.transition(id, ['draft'], 'signed', { signed_sha256: sha }, { actor: 'test', kind: 'signed' });
  return id;
}

describe('UI: manual channel and receipt view', { timeout: 300_000 }, () => {
  before(async () => {
    ui = await startUiSession();
  });
  after(async () => {
    await ui?.close();
  });

  it('exports the package, imports the UPP, shows the official rendering and saves it as PDF', async () => {
    const id = manualFiling();
    const row = ui.services.repo.get(id);
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/manual`);

    await page.getByRole('button', { name: `Eksportuj paczkę: ${TITLE}` }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Zapisano paczkę w' });
    await saved.waitFor();
    const dir = join(ui.exportsDir, row.file_name.replace(/\.xml$/, ''));
    assert.match((await saved.textContent()) ?? '', new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const filed = readFileSync(join(dir, row.file_name));
    assert.deepEqual(new Uint8Array(filed), ui.services.blobs.get(row.signed_sha256!), 'the letter byte for byte');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { name: string; sha256: string }[] };
    for (const f of manifest.files) assert.equal(createHash('sha256').update(readFileSync(join(dir, f.name))).digest('hex'), f.sha256, f.name);
    assert.match(readFileSync(join(dir, 'INSTRUKCJA.txt'), 'utf8'), /bez żadnych zmian/);

    // The office's UPP, downloaded by the user; its path typed (what choosing the file fills in).
    const uppPath = join(ui.dataDir, 'UPP-pobrane.xml');
    writeFileSync(uppPath, await officeUpp(row.file_name, filed));
    await page.getByLabel('Ścieżka pliku').fill(uppPath);
    await page.getByRole('button', { name: 'Importuj poświadczenie' }).click();
    const ok = page.locator('[data-imported="ok"]');
    await ok.waitFor();
    assert.equal(ui.services.repo.get(id).state, 'delivered');
    await ui.shot(page, 'manual-channel');

    await ok.getByRole('link', { name: 'Otwórz poświadczenie' }).click();
    const frame = page.frameLocator('iframe.preview__frame');
    await frame.locator('body').waitFor();
    const rendered = (await frame.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(rendered, /Urzędowe Poświadczenie|UPP|poświadcz/i, 'the official UPO stylesheet rendered the receipt');
    assert.equal(await page.getByRole('alert').filter({ hasText: 'NIE zostało potwierdzone' }).count(), 0, 'a verified receipt is not flagged');
    await ui.shot(page, 'receipt-view');

    await page.getByRole('button', { name: 'Zapisz PDF' }).click();
    const pdfStatus = page.getByRole('status').filter({ hasText: 'Zapisano PDF:' });
    await pdfStatus.waitFor();
    const pdfPath = ((await pdfStatus.textContent()) ?? '').replace('Zapisano PDF: ', '').trim();
    assert.ok(pdfPath.startsWith(ui.exportsDir), pdfPath);
    assert.match(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }), /Page size:.*\(A4\)/);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const firstWords = rendered.trim().split(' ').slice(0, 3).join(' ');
    assert.ok(pdfText.includes(firstWords), `the PDF shows “${firstWords}”`);
    assert.deepEqual(ui.pageProblems, []);
  });

  it('a UPP for a document never filed is imported but stays flagged, also in the receipt view', async () => {
    const foreign = join(ui.dataDir, 'cudze-UPP.xml');
    writeFileSync(foreign, await officeUpp('Cudze_pismo.xml', Buffer.from('<?xml version="1.0"?><Cudze xmlns="urn:x"/>')));
    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/manual`);
    await page.getByLabel('Ścieżka pliku').fill(foreign);
    await page.getByRole('button', { name: 'Importuj poświadczenie' }).click();
    const flagged = page.locator('[data-imported="flagged"]');
    await flagged.waitFor();
    assert.match((await flagged.textContent()) ?? '', /matches no filing/);

    await flagged.getByRole('link', { name: 'Otwórz poświadczenie' }).click();
    await page.locator('[data-receipt-flag="unverified"]').waitFor();
    await page.frameLocator('iframe.preview__frame').getByText(/Cudze_pismo/).first().waitFor();
    await ui.shot(page, 'receipt-flagged');

    await page.goto(`${ui.host.url}#/manual`);
    await page.getByLabel('Ścieżka pliku').fill(join(ui.dataDir, 'nie-ma-takiego.xml'));
    await page.getByRole('button', { name: 'Importuj poświadczenie' }).click();
    await page.getByRole('alert').first().waitFor();
    assert.deepEqual(ui.pageProblems, []);
  });

  it('imports an e-Doręczenia BP.WX of a letter sent through the web app and says what it matched', async () => {
    // A signed letter to an AE box, exported as a manual package.
    const id = randomUUID();
    const sha = ui.services.blobs.put(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Pismo xmlns="urn:test:manual"><Id>${id}</Id></Pismo>`), 'text/xml');
    const title = 'Wniosek wysłany aplikacją e-Doręczeń';
    ui.services.repo.insert({ id, client_id: randomUUID(), channel: 'edoreczenia', to_address: 'AE:PL-30000-40000-URZAD-20', addressee_name: 'Urząd Miasta Testowo', title, file_name: `Pismo_${id.slice(0, 8)}.xml`, draft_sha256: sha }, { actor: 'test', kind: 'created' });
    ui.services.repo.transition(id, ['draft'], 'signed', { signed_sha256: sha }, { actor: 'test', kind: 'signed' });
    const pkg = exportManualPackage(ui.exportsDir, id, { repo: ui.services.repo, blobs: ui.services.blobs, lang: 'pl' });
    const file = pkg.manifest.files.find((f) => f.name.startsWith('Pismo_'))!;

    // Its BP.WX, sealed with the built-in environment's own simulator seal (trusted by the app).
    const ids = await ensureTestIdentities(join(ui.dataDir, 'test-environment'));
    const at = new Date();
    const messageId = `MSG-${id.slice(0, 8).toUpperCase()}`;
    const xml = proofXml({
      kind: 'BP.WX', evidenceId: 'BPWX-UI-1', messageId, submittedAt: at, acceptedAt: at,
      sender: { address: 'AE:PL-10000-20000-NADAW-10', name: 'Biuro Test' }, addressee: { address: 'AE:PL-30000-40000-URZAD-20', name: 'Urząd Miasta Testowo' },
      attachments: [{ id: 'a1', name: file.name, size: file.size }], sealCertificate: { issuer: 'CN=test', validFrom: '2026-01-01', validTo: '2027-01-01', serial: '01' },
    });
    const bpwx = join(ui.dataDir, 'BPWX-pobrane.xml');
    writeFileSync(bpwx, await sealEvidence(xml, pemKeySigner(ids.simulator.certPem, ids.simulator.keyPem), at, 'BPWX-UI-1'));
    assert.ok(xmlsecVerify(bpwx, { trusted: [ids.caPath] }).ok, 'xmlsec1 accepts the seal');

    const page = await ui.newPage();
    await page.goto(`${ui.host.url}#/manual`);
    assert.match((await page.getByLabel(/Plik poświadczenia/).getAttribute('accept')) ?? '', /\.pdf/);
    await page.getByLabel('Ścieżka pliku').fill(bpwx);
    await page.getByRole('button', { name: 'Importuj poświadczenie' }).click();
    const ok = page.locator('[data-imported="ok"]');
    await ok.waitFor();
    const said = (await ok.textContent()) ?? '';
    for (const part of [title, messageId, 'BP.WX', 'zweryfikowane']) assert.ok(said.includes(part), `says ${part}: ${said}`);
    assert.equal(ui.services.repo.get(id).remote_id, messageId);
    await ui.shot(page, 'manual-evidence');

    // The same file again: the same receipt, said so.
    await page.getByRole('button', { name: 'Importuj poświadczenie' }).click();
    await ok.getByText('był już zaimportowany').waitFor();

    // An evidence of a letter never exported: refused, with the reason.
    const stray = join(ui.dataDir, 'BPWX-obcy.xml');
    writeFileSync(stray, await sealEvidence(xml.replace(file.name, 'Obce.xml').replace('BPWX-UI-1', 'BPWX-UI-2').replace(messageId, 'MSG-OBCY'), pemKeySigner(ids.simulator.certPem, ids.simulator.keyPem), at, 'BPWX-UI-2'));
    await page.getByLabel('Ścieżka pliku').fill(stray);
    await page.getByRole('button', { name: 'Importuj poświadczenie' }).click();
    await page.getByRole('alert').filter({ hasText: 'nie przypisano do żadnego pisma' }).waitFor();
    assert.deepEqual(ui.pageProblems, []);
  });
});
