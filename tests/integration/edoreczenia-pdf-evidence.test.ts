/**
 * The PDF forms of the e-Doręczenia proofs (BP.WP / BP.OP): issued by the simulator with their XML
 * twins (same message, moments and facts), PAdES-sealed by the simulator's seal, downloaded through
 * the contract's evidence path, checked by poppler (`pdfsig`, `pdftotext`) and by the app; stored
 * byte for byte, tied to the filing, in the register and in the proof package. A tampered PDF is
 * flagged. A public addressee set to "E.1 on login" gets E.1 + BP.OX/BP.OP only when its box calls
 * the API, and the filing shows that later moment while the deadline still counts from A.1/D.1.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { ChannelInput } from '../../electron/common/contract';
import { warsawDate } from '../../electron/common/legal-calendar-dates';
import { isPdfEvidence, parseProof, verifyEvidence } from '../../electron/node/edoreczenia/evidence';
import { writeProofPackage } from '../../electron/node/receipts/proof-package';
import { parseXml } from '../../electron/node/xml/dom';
import { startEdoreczeniaFixture, OWN_BOX, PUBLIC_BOX, type EdoreczeniaFixture } from '../harness/edoreczenia';
import { createSignedFiling, type TestServices } from '../harness/services';
import { startEdoreczeniaServices, type EdoreczeniaServices } from '../harness/edoreczenia-services';

let fx: EdoreczeniaFixture;
let ctx: EdoreczeniaServices['ctx'];
let services: TestServices;
const work = mkdtempSync(join(tmpdir(), 'nadawca-edor-pdf-'));

let bench: EdoreczeniaServices;
before(async () => {
  bench = await startEdoreczeniaServices();
  ({ fx, ctx, services } = bench);
});
after(async () => {
  await bench?.close();
});

/** poppler's own check of the PAdES seal (integrity; trust is the app's check against the test CA). */
function pdfsig(bytes: Uint8Array, name: string): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  const run = spawnSync('pdfsig', ['-nocert', path], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}
const pdftotext = (bytes: Uint8Array, name: string) => {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
};
const anchors = () => [new X509Certificate(fx.ids.ca.certPem)];

async function sendToPublicBody(subject: string): Promise<string> {
  const c = fx.client();
  const draft = await c.createDraft({ messageMetadata: { from: { eDeliveryAddress: OWN_BOX }, to: [{ eDeliveryAddress: PUBLIC_BOX }], subject, shippingService: 'electronic' }, textBody: 'Treść' });
  const path = join(work, 'wniosek.xml');
  writeFileSync(path, '<a>podpisany wniosek</a>');
  const att = await c.addAttachment(draft, { path, filename: 'wniosek.xml', contentType: 'application/xml' });
  await c.updateDraft(draft, { messageMetadata: { from: { eDeliveryAddress: OWN_BOX }, to: [{ eDeliveryAddress: PUBLIC_BOX }], subject, shippingService: 'electronic' }, textBody: 'Treść', attachments: [{ order: 1, attachmentId: att.attachmentId }] });
  const [r] = await c.waitForTask(await c.sendDraft(draft), { intervalMs: 10 });
  return r!.messageId!;
}

test('BP.WP and BP.OP: issued with their XML twins, downloaded through the contract path, PAdES-sealed (pdfsig), Polish text readable, same facts, verified by the app', async () => {
  const c = fx.client();
  const messageId = await sendToPublicBody('Wniosek o wydanie zaświadczenia');
  const list = await c.listEvidences(messageId);
  assert.deepEqual(list.map((e) => e.type), ['A.1', 'BP.WX', 'BP.WP', 'D.1', 'E.1', 'BP.OX', 'BP.OP']);
  const get = async (type: string) => { const e = list.find((x) => x.type === type)!; return { meta: e, bytes: await c.downloadEvidence(e.evidenceId) }; };
  const [wx, wp, ox, op] = [await get('BP.WX'), await get('BP.WP'), await get('BP.OX'), await get('BP.OP')];
  assert.ok(fx.sim.requests().some((r) => r.method === 'GET' && r.path.endsWith(`/evidences/purde/${op.meta.evidenceId}`)), 'downloaded through GET /{ade}/evidences/{messageType}/{evidenceId}');
  for (const [twin, pdf, title] of [[wx, wp, 'Potwierdzenie wysłania'], [ox, op, 'Potwierdzenie otrzymania']] as const) {
    assert.ok(isPdfEvidence(pdf.bytes), `${pdf.meta.type} is a PDF`);
    assert.equal(pdf.meta.eventDate, twin.meta.eventDate, 'the same moment as its twin');
    const sig = pdfsig(pdf.bytes, `${pdf.meta.type}.pdf`);
    assert.match(sig, /Signature Validation: Signature is Valid\./, sig);
    assert.match(sig, /Total document signed/, sig);
    assert.match(sig, /Signer Certificate Common Name: ePUAP simulator \(TEST\)/, sig);
    // The facts of the XML twin, in words pdftotext reads back (Polish letters included).
    const text = pdftotext(pdf.bytes, `${pdf.meta.type}.pdf`);
    const proof = parseProof(parseXml(Buffer.from(twin.bytes).toString('utf8')))!;
    for (const words of [title, 'Urząd Miasta Testowo', 'Biuro Rachunkowe Test sp. z o.o.', 'Adres do doręczeń elektronicznych', messageId, twin.meta.evidenceId, pdf.meta.evidenceId, 'wniosek.xml — 24 B', 'pieczęcią elektroniczną']) {
      assert.ok(text.includes(words), `the PDF says „${words}”:\n${text}`);
    }
    if (proof.handedOverAt) assert.ok(text.includes(`Data przekazania adresatowi: ${proof.handedOverAt.replace('T', ' ')}`), text);
    const v = await verifyEvidence(pdf.bytes, { messageId }, anchors(), new Date());
    assert.ok(v.checks.every((ch) => ch.ok), JSON.stringify(v.checks));
    assert.deepEqual(v.pdf, { type: pdf.meta.type, evidenceId: pdf.meta.evidenceId, messageId, twinEvidenceId: twin.meta.evidenceId });
    assert.equal((await verifyEvidence(pdf.bytes, { messageId: 'MSG-INNA' }, anchors(), new Date())).checks.find((ch) => ch.name === 'message-id')?.ok, false);
    assert.equal((await verifyEvidence(pdf.bytes, { messageId }, [], new Date())).checks.find((ch) => ch.name === 'sealer-trusted')?.ok, false, 'untrusted without the test CA');
  }
});

test('badEvidenceSeal covers PDFs: a BP.OP altered after sealing fails pdfsig and the app, its XML twin stays valid', async () => {
  await fx.sim.injectFault({ kind: 'badEvidenceSeal', path: 'BP.OP' });
  const messageId = await sendToPublicBody('Wniosek z uszkodzoną pieczęcią');
  await fx.sim.injectFault(null);
  const c = fx.client();
  const list = await c.listEvidences(messageId);
  const op = await c.downloadEvidence(list.find((e) => e.type === 'BP.OP')!.evidenceId);
  assert.match(pdfsig(op, 'tampered.pdf'), /Digest Mismatch/);
  const v = await verifyEvidence(op, { messageId }, anchors(), new Date());
  assert.equal(v.checks.find((ch) => ch.name === 'seal')?.ok, false, JSON.stringify(v.checks));
  const ox = await c.downloadEvidence(list.find((e) => e.type === 'BP.OX')!.evidenceId);
  assert.ok((await verifyEvidence(ox, { messageId }, anchors(), new Date())).checks.every((ch) => ch.ok));
});

const letter = (title: string): ChannelInput<'filings.create'> => ({
  sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
  addressee: { name: 'Urząd Miasta Testowo', inbox: PUBLIC_BOX },
  place: 'Warszawa', date: '2026-11-23', title, content: ['Treść.'],
});

async function sentFiling(title: string): Promise<string> {
  const id = await createSignedFiling(services, letter(title));
  assert.ok((await services.router('filings.send', { id })).ok);
  await services.outbox.run();
  return id;
}

test('the app: PDF evidences stored byte for byte, verified with their twins, in the register (receipts service) and in the proof package as files', async () => {
  const id = await sentFiling('Wniosek z dowodami PDF');
  await services.edoreczenia!.sender.refresh();
  assert.equal(services.repo.get(id).state, 'delivered');
  const ev = services.edoreczenia!.evidences.forFiling(id);
  const remote = fx.sim.evidences(services.repo.get(id).remote_id!);
  for (const type of ['BP.WP', 'BP.OP']) {
    const e = ev.find((x) => x.type === type)!;
    assert.ok(e.verified, JSON.stringify(e.checks));
    assert.deepEqual(e.checks.map((ch) => ch.name), ['seal', 'sealer-trusted', 'message-id', 'twin'], 'tied to its XML twin too');
    assert.ok(Buffer.from(services.blobs.get(e.sha256)).equals(Buffer.from(remote.find((r) => r.meta.evidenceId === e.evidenceId)!.bytes)), 'byte for byte');
    assert.ok(e.receiptId, 'in the register');
    const receipt = services.receipts.get(e.receiptId!);
    assert.deepEqual([receipt.kind, receipt.channel, receipt.filingId, receipt.fileName, receipt.verified, receipt.xml], [type, 'edoreczenia', id, `${type}-${e.evidenceId}.pdf`, true, '']);
  }
  const out = join(ctx.dataDir, 'proof-pdf');
  const manifest = writeProofPackage(out, id, { repo: services.repo, blobs: services.blobs, receipts: services.receipts });
  for (const type of ['BP.WP', 'BP.OP']) {
    const r = manifest.receipts.find((x) => x.kind === type)!;
    assert.match(r.file, /\.pdf$/);
    assert.ok(r.verified);
    assert.match(pdfsig(readFileSync(join(out, r.file)), `package-${type}.pdf`), /Signature is Valid\./);
  }

  // The receipt view: a PDF says how to open it, a BP.OX goes through wzór 10856's stylesheet, an ETSI E.1 has none.
  const view = async (type: string) => {
    const r = await services.router('receipts.preview', { id: ev.find((x) => x.type === type)!.receiptId! });
    assert.ok(r.ok, JSON.stringify(r));
    return (r.value as { html: string }).html;
  };
  assert.match(await view('BP.OP'), /Save PDF/);
  const bpox = await view('BP.OX');
  assert.ok(bpox.includes(services.repo.get(id).remote_id!), 'the rendered potwierdzenie names the message');
  assert.doesNotMatch(bpox, /UPO|Urzędowe Poświadczenie Odbioru/);
  assert.match(await view('E.1'), /no official stylesheet/);

  // A tampered BP.WP reaching the app: kept byte for byte, flagged in the evidences and the register.
  await fx.sim.injectFault({ kind: 'badEvidenceSeal', path: 'BP.WP' });
  const bad = await sentFiling('Wniosek z uszkodzonym BP.WP');
  await fx.sim.injectFault(null);
  await services.edoreczenia!.sender.refresh();
  const wp = services.edoreczenia!.evidences.forFiling(bad).find((x) => x.type === 'BP.WP')!;
  assert.equal(wp.verified, false);
  assert.equal(wp.checks.find((ch) => ch.name === 'seal')?.ok, false);
  assert.equal(services.receipts.get(wp.receiptId!).verified, false);
});

test('E.1 on login: a public addressee set to deliverOn=login gets E.1 + BP.OX/BP.OP only when its box calls the API; the filing shows that moment, the deadline still counts from A.1/D.1', async () => {
  const set = await fetch(`${fx.sim.adminUrl}box`, { method: 'POST', body: JSON.stringify({ address: PUBLIC_BOX, deliverOn: 'login' }) });
  assert.equal(((await set.json()) as { deliverOn: string }).deliverOn, 'login');
  try {
    const id = await sentFiling('Wniosek odebrany po zalogowaniu');
    await services.edoreczenia!.sender.refresh();
    assert.equal(services.repo.get(id).state, 'sending', 'no BP.OX before the office logs in');
    assert.deepEqual(services.edoreczenia!.evidences.forFiling(id).map((e) => e.type).sort(), ['A.1', 'BP.WP', 'BP.WX', 'D.1']);

    await fx.sim.advance(3 * 3600_000); // the office logs in three hours later
    const loginAt = fx.sim.now();
    const office = fx.client({ address: PUBLIC_BOX, clientId: 'urzad', clientSecret: 'urzad-sekret' });
    await office.listMessages({ label: 'INBOX' });
    await services.edoreczenia!.sender.refresh();
    assert.equal(services.repo.get(id).state, 'delivered');

    const ev = services.edoreczenia!.evidences.forFiling(id);
    const at = (type: string) => new Date(ev.find((e) => e.type === type)!.eventDate!).getTime();
    assert.ok(at('E.1') - at('D.1') >= 3 * 3600_000 - 1000, 'E.1 three hours after D.1');
    assert.ok(Math.abs(at('E.1') - loginAt.getTime()) < 5000, 'E.1 at the login');
    assert.equal(at('BP.OX'), at('E.1'));
    assert.equal(at('BP.OP'), at('E.1'));
    const bpox = services.receipts.get(ev.find((e) => e.type === 'BP.OX')!.receiptId!);
    assert.equal(new Date(bpox.deliveredAt!).getTime(), Math.floor(at('E.1') / 1000) * 1000, 'the receipt states the login moment as delivery');

    // The deadline linked to the filing is judged by A.1 (or D.1) — not moved by the later E.1.
    const term = services.deadlines.addTerm({ startDate: warsawDate(new Date()), preset: 'custom', n: 7, unit: 'days', label: 'Termin na wniosek' });
    const linked = services.deadlines.linkFiling(term.id, id);
    assert.equal(linked.timeliness.status, 'timely');
    assert.ok([at('A.1'), at('D.1')].includes(new Date(linked.timeliness.at!).getTime()), `${linked.timeliness.at} is A.1/D.1`);
    assert.notEqual(new Date(linked.timeliness.at!).getTime(), at('E.1'));
  } finally {
    await fetch(`${fx.sim.adminUrl}box`, { method: 'POST', body: JSON.stringify({ address: PUBLIC_BOX, deliverOn: 'arrival' }) });
  }
});

test('E.1 on login as a start option (publicDeliverOn) and through the admin endpoint `login`', async () => {
  const late = await startEdoreczeniaFixture({ publicDeliverOn: 'login' });
  try {
    const c = late.client();
    const to = [{ eDeliveryAddress: PUBLIC_BOX }];
    const draft = await c.createDraft({ messageMetadata: { from: { eDeliveryAddress: OWN_BOX }, to, subject: 'Pismo czekające na logowanie', shippingService: 'electronic' }, textBody: 'Treść' });
    const [r] = await c.waitForTask(await c.sendDraft(draft), { intervalMs: 10 });
    assert.deepEqual((await c.listEvidences(r!.messageId!)).map((e) => e.type), ['A.1', 'BP.WX', 'BP.WP', 'D.1']);
    const [waiting] = await c.getMessages([r!.messageId!], 'metadata');
    assert.equal(waiting!.messageControlData?.status, 'Czeka na doręczenie');
    const login = await fetch(`${late.sim.adminUrl}login`, { method: 'POST', body: JSON.stringify({ address: PUBLIC_BOX }) });
    assert.deepEqual(await login.json(), { delivered: 1 });
    assert.deepEqual((await c.listEvidences(r!.messageId!)).map((e) => e.type), ['A.1', 'BP.WX', 'BP.WP', 'D.1', 'E.1', 'BP.OX', 'BP.OP']);
    const [delivered] = await c.getMessages([r!.messageId!], 'metadata');
    assert.equal(delivered!.messageControlData?.status, 'Doręczona');
    assert.deepEqual(late.sim.contractProblems(), []);
  } finally {
    await late.close();
  }
});
