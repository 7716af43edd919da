/**
 * The UA API client against the built-in e-Doręczenia simulator on 127.0.0.1: drafts, attachments
 * on both paths (JSON ≤ 15 MB, streamed multipart above), send → 202 → task → evidences
 * A.1 → D.1 → E.1 → BP.OX, the seals checked by xmlsec1, the operator's rules, R13 deemed
 * delivery with the holiday roll-forward, collection of a Stub, faults. Every request and answer is
 * checked against the contract on both sides (client `validate`, simulator `contractProblems`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { isAppError } from '../../electron/common/errors';
import { loadContractValidator } from '../../electron/node/edoreczenia/contract-validator';
import { verifyEvidence, parseProof } from '../../electron/node/edoreczenia/evidence';
import { parseXml } from '../../electron/node/xml/dom';
import { X509Certificate } from 'node:crypto';
import { startEdoreczeniaFixture, OWN_BOX, PUBLIC_BOX, PERSON_BOX, type EdoreczeniaFixture } from '../harness/edoreczenia';
import { xmlsecVerify } from '../harness/xmlsec';

let fx: EdoreczeniaFixture;
let now = new Date('2026-11-23T09:00:00Z');
const work = mkdtempSync(join(tmpdir(), 'nadawca-edor-test-'));

before(async () => { fx = await startEdoreczeniaFixture({ clock: () => now }); });
after(async () => {
  assert.deepEqual(fx.sim.contractProblems(), [], 'every simulator answer followed the contract');
  await fx.close();
});

const meta = (to: string[], subject = 'Wniosek testowy') => ({ from: { eDeliveryAddress: OWN_BOX }, to: to.map((eDeliveryAddress) => ({ eDeliveryAddress })), subject, shippingService: 'electronic' as const });
const file = (name: string, bytes: Uint8Array | string) => { const p = join(work, name); writeFileSync(p, bytes); return p; };

test('a letter to a public body: draft, two attachments (JSON and streamed multipart), 202 task, evidences A.1 → BP.WX/BP.WP → D.1 → E.1 → BP.OX/BP.OP, sealed', async () => {
  const c = fx.client();
  const draft = await c.createDraft({ messageMetadata: meta([PUBLIC_BOX]), textBody: 'Treść' });
  const small = await c.addAttachment(draft, { path: file('pismo.xml', '<a>podpisane</a>'), filename: 'pismo.xml', contentType: 'application/xml' });
  // 16 MB: above the JSON limit, so it goes through /attachments/upload as a stream.
  const bigPath = join(work, 'skan.pdf');
  await new Promise<void>((res, rej) => { const w = createWriteStream(bigPath); w.on('error', rej); w.end(Buffer.alloc(16 * 1024 * 1024, 7), () => res()); });
  const big = await c.addAttachment(draft, { path: bigPath, filename: 'skan.pdf', contentType: 'application/pdf' });
  assert.equal(big.fileMetadata.size, 16 * 1024 * 1024);
  assert.equal(big.fileMetadata.hash, createHash('sha3-256').update(readFileSync(bigPath)).digest('base64'), 'SHA3-256 of the streamed bytes');
  assert.ok(fx.sim.requests().some((r) => r.path.endsWith('/attachments/upload') && r.contentType?.startsWith('multipart/form-data')), 'the large file took the multipart path');
  await c.updateDraft(draft, { messageMetadata: meta([PUBLIC_BOX]), textBody: 'Treść', attachments: [{ order: 1, attachmentId: small.attachmentId }, { order: 2, attachmentId: big.attachmentId }] });
  const task = await c.sendDraft(draft);
  const results = await c.waitForTask(task, { intervalMs: 10 });
  assert.equal(results.length, 1);
  const messageId = results[0]!.messageId!;
  const evidences = await c.listEvidences(messageId);
  assert.deepEqual(evidences.map((e) => e.type), ['A.1', 'BP.WX', 'BP.WP', 'D.1', 'E.1', 'BP.OX', 'BP.OP']);
  const [sent] = await c.getMessages([messageId], 'metadata');
  assert.equal(sent!.messageControlData?.status, 'Doręczona');
  assert.ok(sent!.messageMetadata?.receiptDate);

  const bpox = await c.downloadEvidence(evidences.find((e) => e.type === 'BP.OX')!.evidenceId);
  const path = file('bpox.xml', bpox);
  const x = xmlsecVerify(path, { trusted: [fx.ids.caPath] });
  assert.ok(x.ok, x.output);
  const proof = parseProof(parseXml(Buffer.from(bpox).toString('utf8')))!;
  assert.equal(proof.title, 'Potwierdzenie otrzymania');
  assert.equal(proof.messageId, messageId);
  assert.deepEqual(proof.attachments, [{ name: 'pismo.xml', size: 16 }, { name: 'skan.pdf', size: 16 * 1024 * 1024 }]);
  const v = await verifyEvidence(bpox, { messageId, attachments: [{ name: 'skan.pdf', size: 16 * 1024 * 1024 }] }, [new X509Certificate(fx.ids.ca.certPem)], now);
  assert.ok(v.checks.every((ch) => ch.ok), JSON.stringify(v.checks));
  for (const e of evidences.filter((e) => !['BP.OX', 'BP.WP', 'BP.OP'].includes(e.type!))) {
    const p = file(`${e.evidenceId}.xml`, await c.downloadEvidence(e.evidenceId));
    assert.ok(xmlsecVerify(p, { trusted: [fx.ids.caPath] }).ok, `${e.type} sealed`);
  }
  // The addressee can download the big attachment; it streams to disk unchanged.
  const office = fx.client({ address: PUBLIC_BOX, clientId: 'urzad', clientSecret: 'urzad-sekret' });
  const { messages: inbox } = await office.listMessages({ label: 'INBOX' });
  const got = (await office.getMessages([inbox[0]!.messageMetadata!.messageId!], 'full'))[0]!;
  const out = join(work, 'down.pdf');
  await office.downloadAttachment(got.messageMetadata!.messageId!, got.attachments![1]!.attachmentId!, out);
  assert.ok(readFileSync(out).equals(readFileSync(bigPath)));
});

test('the operator rules: R1 file names and types, R2 recipients, the JSON size boundary, unknown addressee → A.2', async () => {
  const c = fx.client();
  const draft = await c.createDraft({ messageMetadata: meta([PUBLIC_BOX]) });
  const refused = async (name: string, type: string, code: string) => {
    await assert.rejects(c.addAttachment(draft, { path: file('x.bin', 'abc'), filename: name, contentType: type }), (e: unknown) => isAppError(e) && e.code === 'SERVICE_REJECTED' && String(e.details.reason).includes(code));
  };
  await refused('moj plik.pdf', 'application/pdf', 'R1_FILENAME');
  await refused('plik.exe', 'application/octet-stream', 'R1_FORMAT');
  await refused('plik.pdf', 'image/png', 'R1_CONTENT_TYPE');
  await c.addAttachment(draft, { path: file('a.pdf', '%PDF'), filename: 'a.pdf', contentType: 'application/pdf' });
  await refused('a.pdf', 'application/pdf', 'R1_DUPLICATE');
  const many = Array.from({ length: 16 }, (_, i) => `AE:PL-${String(10000 + i)}-00000-ABCDE-01`);
  await assert.rejects(c.createDraft({ messageMetadata: meta(many) }), (e: unknown) => isAppError(e) && String(e.details.reason).includes('R2_RECIPIENTS'));
  const nowhere = await c.createDraft({ messageMetadata: meta(['AE:PL-99999-99999-NIEMA-99']), textBody: 'x' });
  const [r] = await c.waitForTask(await c.sendDraft(nowhere), { intervalMs: 10 });
  const ev = await c.listEvidences(r!.messageId!);
  assert.deepEqual(ev.map((e) => e.type), ['A.2']);
  assert.match(ev[0]!.reasonDetails![0]!, /nie istnieje.*does not exist/);
});

test('a letter from a public body to a non-public box: Stub with daysToReceive, deemed delivered after R13 with the holiday roll-forward', async () => {
  // D.1 on Wednesday 2026-12-09: D + 14 = Wednesday 23.12 — no roll. Then one on 2026-12-12 (Sat): + 14 = Sat 26.12 (holiday, Saturday) → Mon 28.12.
  now = new Date('2026-12-09T10:00:00Z');
  const first = await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Decyzja', d1: now });
  const c = fx.client();
  let [stub] = await c.getMessages([first], 'metadata');
  assert.equal(stub!.messageControlData?.messageType, 'Stub');
  assert.equal(stub!.messageControlData?.daysToReceive, 14);
  now = new Date('2026-12-12T10:00:00Z');
  const second = await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Wezwanie', d1: now });
  [stub] = await c.getMessages([second], 'metadata');
  assert.equal(stub!.messageControlData?.daysToReceive, 16, 'last day of collection is Monday 28.12 (26.12 is a holiday and a Saturday, 27.12 a Sunday)');
  now = new Date('2026-12-27T23:30:00Z'); // 28.12 00:30 in Warsaw: the first term is over, the second still runs
  const office = fx.client({ address: PUBLIC_BOX, clientId: 'urzad', clientSecret: 'urzad-sekret' });
  const sentBox = (await office.listMessages({ label: 'SENT' })).messages;
  const peerOf = (subject: string) => sentBox.find((m) => m.messageMetadata?.subject === subject)!.messageMetadata!.messageId!;
  const deemed = await office.getMessages([peerOf('Decyzja')], 'metadata');
  assert.equal(deemed[0]!.messageControlData?.status, 'Uznana za doręczoną');
  assert.equal(deemed[0]!.messageMetadata?.receiptDate?.slice(0, 10), '2026-12-23', 'R13: D.1 + 14 days');
  assert.ok((await office.listEvidences(peerOf('Decyzja'))).some((e) => e.type === 'BP.OX'));
  assert.ok(!(await office.listEvidences(peerOf('Wezwanie'))).some((e) => e.type === 'BP.OX'), 'the rolled term is still running');
});

test('opening a Stub is collection: 202 pending once, then the message; E.1 and BP.OX for the sender', async () => {
  now = new Date('2027-01-04T09:00:00Z');
  const id = await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Postanowienie', files: [{ name: 'postanowienie.pdf', contentType: 'application/pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.7 x')) }] });
  const c = fx.client();
  const [msg] = await c.getMessages([id], 'full', { intervalMs: 5 });
  assert.equal(msg!.messageControlData?.opened, true);
  assert.equal(msg!.attachments?.[0]?.file?.fileMetadata?.filename, 'postanowienie.pdf');
  assert.ok(fx.sim.requests().filter((r) => r.path.includes(`/messages/${id}`)).length >= 2, 'the first read answered 202 and was retried');
  const office = fx.client({ address: PUBLIC_BOX, clientId: 'urzad', clientSecret: 'urzad-sekret' });
  const sent = (await office.listMessages({ label: 'SENT' })).messages.find((m) => m.messageMetadata?.subject === 'Postanowienie')!;
  const types = (await office.listEvidences(sent.messageMetadata!.messageId!)).map((e) => e.type);
  assert.deepEqual(types, ['A.1', 'D.1', 'E.1', 'BP.OX', 'BP.OP']);
});

test('faults: expired token is renewed, HTTP 500 and timeouts surface as errors, a bad seal fails verification', async () => {
  const c = fx.client({ timeoutMs: 1000 });
  await fx.sim.injectFault({ kind: 'expiredToken' });
  assert.ok(Array.isArray(await c.directories()), 'one 401 → a fresh token → success');
  await fx.sim.injectFault({ kind: 'http500' });
  await assert.rejects(c.settings(), (e: unknown) => isAppError(e) && e.code === 'SERVICE_FAULT');
  await fx.sim.injectFault({ kind: 'timeout', path: '/drafts/send' });
  const d = await c.createDraft({ messageMetadata: meta([PUBLIC_BOX]), textBody: 'x' });
  await assert.rejects(c.sendDraft(d), (e: unknown) => isAppError(e) && e.code === 'SERVICE_UNREACHABLE' && e.details.sent === true);
  await fx.sim.injectFault({ kind: 'badEvidenceSeal', times: 10 });
  const d2 = await c.createDraft({ messageMetadata: meta([PERSON_BOX]), textBody: 'x' });
  const [r] = await c.waitForTask(await c.sendDraft(d2), { intervalMs: 10 });
  await fx.sim.injectFault(null);
  const a1 = (await c.listEvidences(r!.messageId!)).find((e) => e.type === 'A.1')!;
  const v = await verifyEvidence(await c.downloadEvidence(a1.evidenceId), { messageId: r!.messageId! }, [new X509Certificate(fx.ids.ca.certPem)], now);
  assert.equal(v.checks.find((ch) => ch.name === 'seal')?.ok, false);
  await fx.sim.injectFault({ kind: 'refuse' });
  await assert.rejects(fx.client().directories(), (e: unknown) => isAppError(e) && e.code === 'SERVICE_UNREACHABLE' && e.details.sent === false);
  await fx.sim.injectFault(null);
});

test('the rest of the client: drafts listed, read and deleted (all or nothing), threads, folders, settings; the admin endpoint drives the clock', async () => {
  const c = fx.client();
  const a = await c.createDraft({ messageMetadata: meta([PUBLIC_BOX], 'Szkic A') });
  const b = await c.createDraft({ messageMetadata: meta([PUBLIC_BOX], 'Szkic B') });
  assert.ok((await c.listDrafts()).some((d) => d.messageMetadata?.messageId === a));
  assert.equal((await c.getDraft(b)).messageMetadata?.subject, 'Szkic B');
  await assert.rejects(c.deleteDrafts([a, 'BRAK']), (e: unknown) => isAppError(e) && e.code === 'SERVICE_REJECTED');
  assert.equal((await c.getDraft(a)).messageMetadata?.subject, 'Szkic A', 'nothing deleted when one id is wrong (R10)');
  await c.deleteDrafts([a, b]);
  await assert.rejects(c.getDraft(a));
  await c.waitForTask(await c.sendDraft(await c.createDraft({ messageMetadata: meta([PUBLIC_BOX], 'Wątek'), textBody: 'x' })), { intervalMs: 10 });
  const threads = await c.threads();
  assert.ok((threads.total ?? 0) > 0);
  const first = threads.Thread![0]!;
  assert.ok((await c.thread(first.threadId!)).messages?.messages.length);
  assert.deepEqual((await c.directories()).map((d) => d.label), ['INBOX', 'OUTBOX', 'SENT', 'TRASH', 'DRAFTS']);
  assert.ok(Number((await c.settings()).settings?.totalCapacity) > 0);
  const before = fx.sim.now().getTime();
  const r = await fetch(`${fx.sim.adminUrl}clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 3_600_000 }) });
  assert.equal(new Date(((await r.json()) as { now: string }).now).getTime() - before, 3_600_000);
  // Every operation the client offers was exercised against the contract (client validate + simulator checks).
  const contract = loadContractValidator();
  const used = new Set(fx.sim.requests().map((q) => `${q.method} ${contract.match(q.method, q.path)?.template.replace('/{eDeliveryAddress}', '')}`));
  const offered = ['POST /drafts', 'GET /drafts', 'GET /drafts/{messageId}', 'PUT /drafts/{messageId}', 'DELETE /drafts/{messageId}', 'POST /drafts/{messageId}/attachments',
    'POST /{messageId}/attachments/upload', 'POST /drafts/send', 'GET /messages/tasks/{messageTaskId}/status', 'GET /messages/tasks/{messageTaskId}', 'GET /messages',
    'GET /messages/{messageId}', 'GET /messages/{messageId}/evidences', 'GET /evidences/{messageType}/{evidenceId}', 'POST /attachments/download', 'GET /threads',
    'GET /threads/{threadId}', 'GET /directories', 'GET /settings'];
  assert.deepEqual(offered.filter((o) => !used.has(o)), [], 'every client operation ran against the contract-checking simulator');
});
