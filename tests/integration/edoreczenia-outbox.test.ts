/**
 * A filing addressed AE:PL-… goes through the e-Doręczenia channel of the real services: queued,
 * sent (draft, attachment, 202 task), its evidences stored byte for byte, verified and in the
 * register, delivered on BP.OX. A send whose answer is lost is reconciled by asking the service.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ChannelInput } from '../../electron/common/contract';
import { writeProofPackage } from '../../electron/node/receipts/proof-package';
import { xmlsecVerify } from '../harness/xmlsec';
import { createSignedFiling, type TestServices } from '../harness/services';
import { startEdoreczeniaServices, type EdoreczeniaServices } from '../harness/edoreczenia-services';
import { OWN_BOX, PUBLIC_BOX, type EdoreczeniaFixture } from '../harness/edoreczenia';

let fx: EdoreczeniaFixture;
let ctx: EdoreczeniaServices['ctx'];
let services: TestServices;

let bench: EdoreczeniaServices;
before(async () => {
  bench = await startEdoreczeniaServices();
  ({ fx, ctx, services } = bench);
});
after(async () => {
  await bench?.close();
});

const letter = (title: string): ChannelInput<'filings.create'> => ({
  sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
  addressee: { name: 'Urząd Miasta Testowo', inbox: PUBLIC_BOX },
  place: 'Warszawa', date: '2026-11-23', title, content: ['Treść.'],
});

const signed = (title: string): Promise<string> => createSignedFiling(services, letter(title));

test('AE:PL filing: sent through e-Doręczenia, evidences verified and in the register, delivered on BP.OX', async () => {
  const id = await signed('Wniosek przez e-Doręczenia');
  assert.equal(services.repo.get(id).channel, 'edoreczenia');
  const q = await services.router('filings.send', { id });
  assert.ok(q.ok, JSON.stringify(q));
  await services.outbox.run();
  await services.edoreczenia!.sender.refresh();
  const d = services.filings.detail(id);
  assert.equal(d.state, 'delivered', d.lastError ?? '');
  const ev = services.edoreczenia!.evidences.forFiling(id);
  assert.deepEqual(ev.map((e) => e.type).sort(), ['A.1', 'BP.OP', 'BP.OX', 'BP.WP', 'BP.WX', 'D.1', 'E.1']);
  assert.ok(ev.every((e) => e.verified), JSON.stringify(ev.map((e) => e.checks)));
  const remote = fx.sim.evidences(services.repo.get(id).remote_id!);
  for (const e of ev) assert.ok(Buffer.from(services.blobs.get(e.sha256)).equals(Buffer.from(remote.find((r) => r.meta.evidenceId === e.evidenceId)!.bytes)), 'byte for byte');
  const register = services.receipts.list().filter((r) => r.filingId === id);
  assert.deepEqual(register.map((r) => r.kind).sort(), ['A.1', 'BP.OP', 'BP.OX', 'BP.WP', 'BP.WX', 'D.1', 'E.1']);
  assert.ok(register.every((r) => r.channel === 'edoreczenia' && r.verified));
  // The proof package: the signed filing and every evidence exactly as received, seals checkable by xmlsec1 in the folder.
  const out = join(ctx.dataDir, 'proof');
  const manifest = writeProofPackage(out, id, { repo: services.repo, blobs: services.blobs, receipts: services.receipts });
  assert.deepEqual(manifest.receipts.map((r) => r.kind).sort(), ['A.1', 'BP.OP', 'BP.OX', 'BP.WP', 'BP.WX', 'D.1', 'E.1']);
  const bpox = manifest.receipts.find((r) => r.kind === 'BP.OX')!;
  const x = xmlsecVerify(join(out, bpox.file), { trusted: [fx.ids.caPath] });
  assert.ok(x.ok, x.output);
  const sentDoc = fx.sim.messages(OWN_BOX).find((m) => m.messageMetadata?.messageId === services.repo.get(id).remote_id);
  assert.equal(sentDoc?.messageMetadata?.additionalData?.nadawcaClientId, services.repo.get(id).client_id);
});

test('the answer to drafts/send is lost: uncertain, then found at the service by its client id — never sent twice', async () => {
  const id = await signed('Wniosek z utraconą odpowiedzią');
  await fx.sim.injectFault({ kind: 'dropAfterReceive', path: '/drafts/send' });
  await services.router('filings.send', { id });
  await services.outbox.run();
  // A follow-up run may already have reconciled it, so the history is asserted, not the state of the moment.
  assert.ok(services.repo.events(id).some((e) => e.kind === 'uncertain'), 'marked uncertain when the answer was lost');
  await new Promise((r) => setTimeout(r, 200)); // the simulator finishes the task
  await services.outbox.run();
  const row = services.repo.get(id);
  assert.ok(row.remote_id, 'found by reconciliation');
  await services.edoreczenia!.sender.refresh();
  assert.equal(services.repo.get(id).state, 'delivered');
  const copies = fx.sim.messages(OWN_BOX).filter((m) => m.messageMetadata?.additionalData?.nadawcaClientId === row.client_id && m.messageControlData?.labels?.[0]?.label === 'SENT');
  assert.equal(copies.length, 1, 'sent once');
});
