/**
 * Manual channel, e-Doręczenia: a letter exported as a package and sent by the user through the
 * e-Doręczenia web app comes back as evidences the user downloaded. Made here exactly as the
 * built-in simulator issues them (proofXml/etsiXml sealed by sealEvidence with the test
 * identities' seal); the seals are checked independently by xmlsec1. A BP.WX is matched by the
 * addressee and the exported file (name + size); A.1/BP.OX/E.1, the PAdES-sealed BP.OP PDF (pdfsig
 * checks its seal) and an unsealed BP.WP PDF (flagged) then follow by the message id.
 * Anything unmatched or ambiguous is refused with nothing stored; a broken seal is stored flagged.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import type { ChannelOutput } from '../../electron/common/contract';
import { AppError } from '../../electron/common/errors';
import { exportManualPackage } from '../../electron/node/manual/manual';
import { sealedProofPdf } from '../../electron/simulators/edoreczenia/evidence-pdf';
import { etsiXml, proofXml, sealEvidence } from '../../electron/simulators/edoreczenia/evidences';
import { pemKeySigner } from '../../electron/simulators/epuap/key-signer';
import { ensureTestIdentities, type TestIdentities } from '../../electron/simulators/test-identities';
import { startInProcessEpuap, startTestServices, type TestServices } from '../harness/services';
import { xmlsecVerify } from '../harness/xmlsec';

const OWN_BOX = 'AE:PL-10000-20000-NADAW-10';
const OFFICE_BOX = 'AE:PL-30000-40000-URZAD-20';
const OFFICE = 'Urząd Miasta Testowo';

let epuap: Awaited<ReturnType<typeof startInProcessEpuap>>;
let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let ids: TestIdentities;
let work: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nadawca-manual-ev-'));
  ids = await ensureTestIdentities(join(work, 'ids'));
  epuap = await startInProcessEpuap();
  // The evidences' sealer chains to the test CA, which the services trust (as the built-in environment's).
  ctx = await startTestServices({ environment: { ...epuap.environment, trustAnchorPems: [...epuap.environment.trustAnchorPems, ids.ca.certPem] } });
  services = ctx.services;
});
after(async () => {
  await ctx?.close();
  await epuap?.close();
  rmSync(work, { recursive: true, force: true });
});

async function importReceipt(path: string): Promise<ChannelOutput<'manual.importReceipt'>> {
  const r = await services.router('manual.importReceipt', { path });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details as Record<string, string>);
  return r.value as ChannelOutput<'manual.importReceipt'>;
}

/** A signed letter to the office's AE box, exported as a manual package; its signed file's name and size. */
function exportedLetter(title: string, opts: { fileName?: string; to?: string; content?: string } = {}): { id: string; name: string; size: number } {
  const id = randomUUID();
  const bytes = Buffer.from(opts.content ?? `<?xml version="1.0" encoding="UTF-8"?>\n<Pismo xmlns="urn:test:manual"><Id>${id}</Id></Pismo>`);
  const sha = services.blobs.put(bytes, 'text/xml');
  const name = opts.fileName ?? `Pismo_${id.slice(0, 8)}.xml`;
  services.repo.insert({ id, client_id: randomUUID(), channel: 'edoreczenia', to_address: opts.to ?? OFFICE_BOX, addressee_name: OFFICE, title, file_name: name, draft_sha256: sha }, { actor: 'test', kind: 'created' });
  services.repo.transition(id, ['draft'], 'signed', { signed_sha256: sha }, { actor: 'test', kind: 'signed' });
  const pkg = exportManualPackage(mkdtempSync(join(work, 'pkg-')), id, { repo: services.repo, blobs: services.blobs, lang: 'pl' });
  const listed = pkg.manifest.files.find((f) => f.name === name)!;
  return { id, name, size: listed.size };
}

const seal = () => pemKeySigner(ids.simulator.certPem, ids.simulator.keyPem);
const sealInfo = { issuer: 'CN=Nadawca test CA', validFrom: '2026-01-01', validTo: '2027-01-01', serial: '01' };

async function proof(kind: 'BP.WX' | 'BP.OX', messageId: string, files: { name: string; size: number }[], opts: { to?: string; tamper?: boolean; at?: Date } = {}): Promise<string> {
  const at = opts.at ?? new Date();
  const evidenceId = `${kind.replace('.', '')}-${randomUUID().slice(0, 8)}`;
  const xml = proofXml({
    kind, evidenceId, messageId,
    sender: { address: OWN_BOX, name: 'Biuro Rachunkowe Test sp. z o.o.' }, addressee: { address: opts.to ?? OFFICE_BOX, name: OFFICE },
    submittedAt: at, acceptedAt: at, ...(kind === 'BP.OX' ? { madeAvailableAt: at, handedOverAt: at } : {}),
    attachments: files.map((f, i) => ({ id: `att-${i}`, name: f.name, size: f.size })), sealCertificate: sealInfo,
  });
  return write(`${evidenceId}.xml`, await sealEvidence(xml, seal(), at, evidenceId, opts.tamper ?? false));
}

async function etsi(type: 'A.1' | 'D.1' | 'E.1', messageId: string, at = new Date()): Promise<string> {
  const evidenceId = `${type.replace('.', '')}-${randomUUID().slice(0, 8)}`;
  return write(`${evidenceId}.xml`, await sealEvidence(etsiXml({ type, evidenceId, messageId, eventTime: at, sender: OWN_BOX, recipient: OFFICE_BOX }), seal(), at, evidenceId));
}

function write(name: string, bytes: Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

const receiptsCount = () => services.receipts.list().length;
const refused = (code: string, reason?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof AppError && e.code === code, `${(e as AppError).code}: ${(e as Error).message}`);
  if (reason) assert.match(e.message, reason);
  return true;
};

test('BP.WX matches the exported letter; A.1, E.1, BP.OX and a BP.OP PDF follow by the message id; imported twice → the same receipt', async () => {
  const letter = exportedLetter('Wniosek wysłany przez aplikację e-Doręczeń');
  exportedLetter('Inne pismo do tego samego urzędu'); // exported too, different file: not matched
  const messageId = `MSG-${randomUUID().slice(0, 8).toUpperCase()}`;

  const bpwxPath = await proof('BP.WX', messageId, [letter]);
  assert.ok(xmlsecVerify(bpwxPath, { trusted: [ids.caPath] }).ok, 'xmlsec1 accepts the BP.WX seal');
  const bpwx = await importReceipt(bpwxPath);
  assert.equal(bpwx.filingId, letter.id);
  assert.equal(bpwx.kind, 'BP.WX');
  assert.equal(bpwx.messageId, messageId);
  assert.equal(bpwx.verified, true, bpwx.problems.join('; '));
  let row = services.repo.get(letter.id);
  assert.equal(row.remote_id, messageId, 'the filing remembers its e-Doręczenia message');
  assert.ok(row.sent_at);
  assert.equal(row.state, 'signed');

  const a1 = await importReceipt(await etsi('A.1', messageId));
  assert.deepEqual([a1.filingId, a1.kind, a1.verified], [letter.id, 'A.1', true]);

  const handedOver = new Date(Date.now() - 60_000);
  const bpoxPath = await proof('BP.OX', messageId, [letter], { at: handedOver });
  assert.ok(xmlsecVerify(bpoxPath, { trusted: [ids.caPath] }).ok);
  const bpox = await importReceipt(bpoxPath);
  assert.deepEqual([bpox.filingId, bpox.kind, bpox.verified], [letter.id, 'BP.OX', true]);
  row = services.repo.get(letter.id);
  assert.equal(row.state, 'delivered');
  assert.equal(row.delivered_at, new Date(Math.floor(handedOver.getTime() / 1000) * 1000).toISOString(), 'delivered on the BP.OX date');
  const stored = services.receipts.get(bpox.id);
  assert.equal(stored.sha256, createHash('sha256').update(readFileSync(bpoxPath)).digest('hex'), 'byte for byte');

  const count = receiptsCount();
  const again = await importReceipt(bpoxPath);
  assert.equal(again.id, bpox.id);
  assert.equal(again.alreadyImported, true);
  assert.equal(again.messageId, messageId);
  assert.equal(receiptsCount(), count, 'no duplicate');

  const e1 = await importReceipt(await etsi('E.1', messageId));
  assert.equal(e1.filingId, letter.id);

  // The PDF form (BP.OP) as the simulator issues it: PAdES-sealed, naming only the message; pdfsig checks the seal.
  const pdfSigner = createFileSigner({ certPem: ids.simulator.certPem, keyPem: ids.simulator.keyPem, label: 'seal' });
  const seal = { signer: pdfSigner, certificateId: (await pdfSigner.listCertificates())[0]!.id, certificateDer: new Uint8Array(new X509Certificate(ids.simulator.certPem).raw) };
  const bpopBytes = await sealedProofPdf({
    kind: 'BP.OX', evidenceId: 'BPOX-twin', pdfEvidenceId: 'BPOP-1', messageId, sender: { address: OWN_BOX, name: 'Biuro' }, addressee: { address: OFFICE_BOX, name: OFFICE },
    submittedAt: handedOver, acceptedAt: handedOver, madeAvailableAt: handedOver, handedOverAt: handedOver, attachments: [{ id: 'a', name: letter.name, size: letter.size }], sealCertificate: sealInfo,
  }, seal, handedOver, work);
  const bpopPath = write('BPOP.pdf', bpopBytes);
  assert.match(spawnSync('pdfsig', [bpopPath], { encoding: 'utf8' }).stdout, /Signature is Valid\./);
  const bpop = await importReceipt(bpopPath);
  assert.deepEqual([bpop.filingId, bpop.kind, bpop.messageId], [letter.id, 'BP.OP', messageId]);
  assert.equal(bpop.verified, true, bpop.problems.join('; '));

  // An unsealed PDF whose pages say nothing readable: its kind from the file's name, the message from its metadata; flagged.
  const blank = await PDFDocument.create();
  blank.addPage();
  blank.setSubject(`Dowód wysłania wiadomości ${messageId}`);
  const bpwp = await importReceipt(write('BPWP-dowod.pdf', await blank.save()));
  assert.deepEqual([bpwp.filingId, bpwp.kind, bpwp.verified], [letter.id, 'BP.WP', false]);

  const events = services.filings.detail(letter.id).events.filter((e) => e.kind === 'evidence-import');
  assert.equal(events.length, 6, events.map((e) => e.detail).join('\n'));
  assert.ok(services.filings.detail(letter.id).receiptIds.includes(bpox.id));
});

test('a BP.WX whose seal is broken is stored flagged, never silently accepted', async () => {
  const letter = exportedLetter('Pismo z uszkodzonym dowodem');
  const path = await proof('BP.WX', `MSG-${randomUUID().slice(0, 8)}`, [letter], { tamper: true });
  assert.equal(xmlsecVerify(path, { trusted: [ids.caPath] }).ok, false, 'xmlsec1 refuses it too');
  const r = await importReceipt(path);
  assert.equal(r.filingId, letter.id);
  assert.equal(r.verified, false);
  assert.ok(r.problems.some((p) => p.startsWith('seal')), r.problems.join('; '));
  assert.match(services.filings.detail(letter.id).events.at(-1)!.detail ?? '', /NOT verified/);
});

test('no match, another addressee, two fitting letters, an unknown message: refused with the reason, nothing stored', async () => {
  const before = receiptsCount();
  const letter = exportedLetter('Pismo A');
  await assert.rejects(importReceipt(await proof('BP.WX', 'MSG-NONE', [{ name: 'Obce.xml', size: 10 }])), refused('RECEIPT_UNMATCHED', /Obce\.xml \(10 B\)/));
  await assert.rejects(importReceipt(await proof('BP.WX', 'MSG-OTHER', [letter], { to: 'AE:PL-99999-99999-INNY-99' })), refused('RECEIPT_ADDRESSEE_MISMATCH', /AE:PL-99999-99999-INNY-99/));
  const same = `<?xml version="1.0" encoding="UTF-8"?>\n<Pismo xmlns="urn:test:manual">bliźniak</Pismo>`;
  const twin1 = exportedLetter('Bliźniak 1', { fileName: 'Wniosek.xml', content: same });
  exportedLetter('Bliźniak 2', { fileName: 'Wniosek.xml', content: same });
  await assert.rejects(importReceipt(await proof('BP.WX', 'MSG-TWIN', [twin1])), refused('RECEIPT_AMBIGUOUS', /several fit: „Bliźniak 1”, „Bliźniak 2”/));
  await assert.rejects(importReceipt(await etsi('D.1', 'MSG-UNKNOWN')), refused('RECEIPT_MESSAGE_UNKNOWN', /MSG-UNKNOWN.*import its sending \(BP\.WX\)/));
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Potwierdzenie wyslania MSG-UNKNOWN', { font: await pdf.embedFont(StandardFonts.Helvetica) });
  await assert.rejects(importReceipt(write('obcy.pdf', await pdf.save())), refused('RECEIPT_MESSAGE_UNKNOWN'));
  assert.equal(receiptsCount(), before, 'nothing stored half-way');
  assert.equal(services.repo.get(letter.id).remote_id, null);
  // The refusal speaks the user's language.
  const r = await services.router('manual.importReceipt', { path: write('smieci.pdf', Buffer.from('%PDF-1.7 nonsense')) });
  assert.ok(!r.ok && r.error.code === 'RECEIPT_UNRECOGNISED' && /is not a receipt Nadawca knows/.test(r.error.message), JSON.stringify(r));
});
