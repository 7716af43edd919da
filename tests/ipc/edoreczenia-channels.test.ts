/**
 * The e-Doręczenia channels through the router and the real services: the box and its profile,
 * a connection test, incoming letters with days left until deemed delivery, opening only with the
 * user's confirmation (collection), attachments stored and their signatures verified, evidences of
 * a filing stored, verified and rendered by the official wzór 10856 stylesheet.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BoxMessage } from '../../electron/common/contract-edoreczenia';
import type { ChannelInput, FilingDetail } from '../../electron/common/contract';
import { parseXml, serializeXml } from '../../electron/node/xml/dom';
import { signEnveloped } from '../../electron/node/xml/xades';
import { pemKeySigner } from '../../electron/simulators/epuap/key-signer';
import type { TestServices } from '../harness/services';
import { startEdoreczeniaServices, type EdoreczeniaServices } from '../harness/edoreczenia-services';
import { OWN_BOX, PUBLIC_BOX, type EdoreczeniaFixture } from '../harness/edoreczenia';

let fx: EdoreczeniaFixture;
let ctx: EdoreczeniaServices['ctx'];
let services: TestServices;
const now = new Date('2026-11-23T09:00:00Z');

let bench: EdoreczeniaServices;
before(async () => {
  bench = await startEdoreczeniaServices({ clock: () => now });
  ({ fx, ctx, services } = bench);
});
after(async () => {
  await bench?.close();
});

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await services.router(channel, input);
  assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
  return r.value as T;
}

test('the box: built-in simulator by default, a connection test that reaches it', async () => {
  const box = await ok<{ address: string; environment: string; available: boolean }>('edoreczenia.box', {});
  assert.deepEqual(box, { address: OWN_BOX, environment: 'builtin', profileId: null, available: true });
  const t = await ok<{ ok: boolean; totalCapacityMb: number }>('edoreczenia.testConnection', {});
  assert.equal(t.ok, true);
  assert.ok(t.totalCapacityMb > 0);
  const bad = await services.router('edoreczenia.profiles.save', { name: 'Zły', address: 'AE:PL-1', environment: 'production' });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.deepEqual([...(bad.error.details?.fields as string[])].sort(), ['address', 'apiUrl']);
});

test('incoming: listed with days to deemed delivery, opened only when the user confirms collection, signature of the attachment verified', async () => {
  const doc = parseXml('<Decyzja xmlns="urn:test:decyzja"><Tresc>Przyznaje się zasiłek.</Tresc></Decyzja>');
  await signEnveloped(doc, pemKeySigner(fx.ids.demoSigner.certPem, fx.ids.demoSigner.keyPem), { signingTime: now, id: 'decyzja' });
  const signed = new Uint8Array(Buffer.from(serializeXml(doc)));
  const id = await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Decyzja w sprawie', text: 'W załączeniu decyzja.', files: [{ name: 'decyzja.xml', contentType: 'application/xml', bytes: signed }] });
  const inbox = await ok<BoxMessage[]>('edoreczenia.messages', { folder: 'INBOX' });
  const m = inbox.find((x) => x.messageId === id)!;
  assert.equal(m.stub, true);
  assert.equal(m.daysToReceive, 14);
  assert.equal(m.from, PUBLIC_BOX);
  assert.equal(m.opened, false, 'listing does not collect');

  const refused = await services.router('edoreczenia.open', { messageId: id });
  assert.equal(refused.ok, false, 'no confirmation, no collection');
  if (!refused.ok) assert.equal(refused.error.code, 'INVALID_INPUT');
  assert.equal((await ok<BoxMessage[]>('edoreczenia.messages', { folder: 'INBOX' })).find((x) => x.messageId === id)!.opened, false);

  const opened = await ok<{ text: string; files: { name: string; size: number; sha256: string; signature: { valid: boolean; signers: string[] } | null }[] }>('edoreczenia.open', { messageId: id, confirmCollection: true });
  assert.equal(opened.text, 'W załączeniu decyzja.');
  assert.equal(opened.files[0]!.name, 'decyzja.xml');
  assert.equal(opened.files[0]!.size, signed.length);
  assert.ok(Buffer.from(services.blobs.get(opened.files[0]!.sha256)).equals(Buffer.from(signed)), 'stored byte for byte');
  assert.equal(opened.files[0]!.signature?.valid, true);
  const office = fx.client({ address: PUBLIC_BOX, clientId: 'urzad', clientSecret: 'urzad-sekret' });
  const sent = (await office.listMessages({ label: 'SENT' })).messages.find((x) => x.messageMetadata?.subject === 'Decyzja w sprawie')!;
  assert.ok((await office.listEvidences(sent.messageMetadata!.messageId!)).some((e) => e.type === 'BP.OX'), 'collection produced the sender\'s BP.OX');
});

test('a filing to AE:PL-…: its evidences through the channel, each verified, BP.OX rendered by the official stylesheet', async () => {
  const letter: ChannelInput<'filings.create'> = {
    sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
    addressee: { name: 'Urząd Miasta Testowo', inbox: PUBLIC_BOX }, place: 'Warszawa', date: '2026-11-23', title: 'Wniosek o wydanie zaświadczenia', content: ['Treść.'],
  };
  const f = await ok<FilingDetail>('filings.create', letter);
  const certs = await ok<{ id: string; qualified: boolean }[]>('certificates.list', {});
  await ok('filings.sign', { id: f.id, certificateId: certs.find((c) => c.qualified)!.id, pin: ctx.env.tokens.qes.pin });
  await ok('filings.send', { id: f.id });
  await services.outbox.run();
  const evidences = await ok<{ type: string; verified: boolean; evidenceId: string; viewable: boolean; format?: string }[]>('edoreczenia.evidences', { filingId: f.id });
  assert.deepEqual(evidences.map((e) => e.type).sort(), ['A.1', 'BP.OP', 'BP.OX', 'BP.WP', 'BP.WX', 'D.1', 'E.1']);
  assert.ok(evidences.every((e) => e.verified));
  assert.deepEqual(evidences.filter((e) => e.format === 'pdf').map((e) => e.type).sort(), ['BP.OP', 'BP.WP'], 'the PDF forms are marked for saving, not rendering');
  const saveWithoutDesktop = await services.router('edoreczenia.evidence.save', { evidenceId: evidences.find((e) => e.type === 'BP.OP')!.evidenceId });
  assert.ok(!saveWithoutDesktop.ok && saveWithoutDesktop.error.code === 'DESKTOP_ONLY', JSON.stringify(saveWithoutDesktop));
  const view = await ok<{ html: string; xml: string }>('edoreczenia.evidence.view', { evidenceId: evidences.find((e) => e.type === 'BP.OX')!.evidenceId });
  assert.match(view.html, /Potwierdzenie otrzymania/);
  assert.match(view.html, new RegExp(PUBLIC_BOX));
  assert.doesNotMatch(view.html, /<script/i);
  const sent = await ok<BoxMessage[]>('edoreczenia.messages', { folder: 'SENT' });
  assert.equal(sent.find((s) => s.filingId === f.id)?.status, 'Doręczona');
});
