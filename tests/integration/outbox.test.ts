/**
 * The outbox keeps every filing safe when sending goes wrong: service down, request lost after it
 * left, filing rejected, the app stopped mid-send. Real simulator, real database.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { ChannelInput, FilingDetail } from '../../electron/common/contract';
import { retryDelayMs } from '../../electron/node/outbox/outbox';
import { routerCall, startInProcessEpuap, startTestServices, type TestServices } from '../harness/services';

let sim: Awaited<ReturnType<typeof startInProcessEpuap>>;
let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let now = new Date('2026-11-23T09:00:00Z');

before(async () => {
  sim = await startInProcessEpuap();
  ctx = await startTestServices({ environment: sim.environment, clock: () => now });
  services = ctx.services;
});
after(async () => {
  await ctx?.close();
  await sim?.close();
});

const letter: ChannelInput<'filings.create'> = {
  sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
  addressee: { name: 'ZUS', inbox: '/ZUS/SkrytkaESP' },
  place: 'Warszawa', date: '2026-11-23', title: 'Pismo testowe', content: ['Treść.'],
};

async function signedFiling(): Promise<string> {
  const r = await services.router('filings.create', letter);
  assert.ok(r.ok, JSON.stringify(r));
  const id = (r.value as FilingDetail).id;
  const certs = await services.router('certificates.list', {});
  assert.ok(certs.ok);
  const pkcs11 = (certs.value as { id: string; qualified: boolean }[]).find((c) => c.qualified)!;
  const s = await services.router('filings.sign', { id, certificateId: pkcs11.id, pin: ctx.env.tokens.qes.pin });
  assert.ok(s.ok, JSON.stringify(s));
  return id;
}

/**
 * A filing to CUW Cieszyn (takes unsigned letters) marked signed without a card: for tests about
 * the outbox itself, independent of the signer.
 */
async function quickFiling(title = 'Pismo testowe'): Promise<string> {
  const r = await services.router('filings.create', { ...letter, title, addressee: { name: 'CUW Cieszyn', inbox: '/ZOJO_Cieszyn/SkrytkaESP' } });
  assert.ok(r.ok, JSON.stringify(r));
  const id = (r.value as FilingDetail).id;
  const row = services.repo.get(id);
  services.repo.transition(id, ['draft'], 'signed', { signed_sha256: row.draft_sha256 }, { actor: 'test', kind: 'signed' });
  return id;
}

/** A router call that must succeed, typed by its channel. */
const call = routerCall(() => services);

async function send(id: string): Promise<FilingDetail> {
  const r = await services.router('filings.send', { id });
  assert.ok(r.ok, JSON.stringify(r));
  await services.outbox.run();
  return services.filings.detail(id);
}

test('service down: the filing waits in the outbox as failed with a clear reason and a retry time, then goes out', async () => {
  const id = await signedFiling();
  await sim.simulator.injectFault({ kind: 'refuse', times: 1 });
  const failed = await send(id);
  assert.equal(failed.state, 'failed');
  assert.match(failed.lastError ?? '', /Cannot reach ePUAP/);
  assert.match(failed.lastError ?? '', /stays queued/);
  const row = services.repo.get(id);
  assert.ok(row.next_attempt_at && row.next_attempt_at > now.toISOString(), 'a retry is scheduled in the future');
  assert.equal(await services.outbox.run(), 0, 'not retried before its time');
  await sim.simulator.injectFault(null); // the service is back
  now = new Date(Date.parse(row.next_attempt_at!) + 1000);
  await services.outbox.run();
  const delivered = services.filings.detail(id);
  assert.equal(delivered.state, 'delivered', delivered.lastError ?? '');
  assert.equal(delivered.attempts, 2);
});

test('connection lost after the request left: uncertain, then reconciled from the reply box without a resend', async () => {
  const id = await signedFiling();
  await sim.simulator.injectFault({ kind: 'dropAfterReceive', times: 1 });
  const r = await send(id);
  assert.equal(r.state, 'delivered', r.lastError ?? '');
  const kinds = r.events.map((e) => e.kind);
  assert.ok(kinds.includes('uncertain') && kinds.includes('reconciled'), kinds.join(','));
  assert.ok(kinds.indexOf('uncertain') < kinds.indexOf('reconciled'));
  assert.equal(sim.simulator.deliveredTo('/ZUS/SkrytkaESP').filter((d) => d.fileName === r.fileName).length, 1, 'filed exactly once');
  const receipt = services.receipts.get(r.receiptIds[0]!);
  assert.equal(receipt.verified, true, receipt.problems.join('; '));
});

test('uncertain and not at the service: kept until the grace period ends, then sent again under the same client id', async () => {
  const id = await signedFiling();
  const clientId = services.repo.get(id).client_id;
  await sim.simulator.injectFault({ kind: 'http500', times: 1 }); // request left, nothing filed
  const r = await send(id);
  assert.equal(r.state, 'uncertain');
  assert.equal(await services.outbox.run(), 0, 'not resent within the grace period');
  assert.equal(services.filings.detail(id).state, 'uncertain');
  now = new Date(now.getTime() + 16 * 60_000);
  await services.outbox.run();
  const d = services.filings.detail(id);
  assert.equal(d.state, 'delivered', d.lastError ?? '');
  assert.ok(d.events.some((e) => e.kind === 'not-found' && (e.detail ?? '').includes(clientId)));
  assert.equal(services.repo.get(id).client_id, clientId);
  assert.equal(sim.simulator.deliveredTo('/ZUS/SkrytkaESP').filter((x) => x.fileName === d.fileName).length, 1);
});

test('rejected by the service: rejected with the service reason', async () => {
  const id = await signedFiling();
  await sim.simulator.injectFault({ kind: 'rejected', times: 1 });
  const r = await send(id);
  assert.equal(r.state, 'rejected');
  assert.ok((r.lastError ?? '').length > 20, r.lastError ?? '');
});

test('the app stopped while sending: on start the filing is marked uncertain, with an event saying why', async () => {
  const id = await signedFiling();
  services.filings.queue(id);
  services.repo.transition(id, ['queued'], 'sending', { attempts: 1 }, { actor: 'test', kind: 'sending' });
  services.outbox.recoverInterrupted();
  const r = services.filings.detail(id);
  assert.equal(r.state, 'uncertain');
  assert.equal(r.events.at(-1)?.kind, 'interrupted');
});

test('retry delays grow and carry jitter within ±20 %', () => {
  assert.equal(retryDelayMs(1, () => 0.5), 30_000);
  assert.equal(retryDelayMs(3, () => 0.5), 120_000);
  assert.equal(retryDelayMs(30, () => 0.5), 3_600_000);
  assert.equal(retryDelayMs(1, () => 0), 24_000);
  assert.equal(retryDelayMs(1, () => 1), 36_000);
});

test('a closed port (no simulator at all) gives SERVICE_UNREACHABLE and keeps the filing', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
  const other = await startTestServices({ environment: { ...sim.environment, epuapUrl: `http://127.0.0.1:${port}` } });
  try {
    const c = await other.services.router('filings.create', letter);
    assert.ok(c.ok);
    const id = (c.value as FilingDetail).id;
    const certs = (await other.services.router('certificates.list', {})) as { ok: true; value: { id: string; qualified: boolean }[] };
    await other.services.router('filings.sign', { id, certificateId: certs.value.find((x) => x.qualified)!.id, pin: other.env.tokens.qes.pin });
    await other.services.router('filings.send', { id });
    await other.services.outbox.run();
    const d = other.services.filings.detail(id);
    assert.equal(d.state, 'failed');
    assert.match(d.lastError ?? '', new RegExp(`127\\.0\\.0\\.1:${port}`));
  } finally {
    await other.close();
  }
});

test('the background sender (as the app runs it) sends a queued filing without being asked', async () => {
  const bg = await startTestServices({ environment: sim.environment, backgroundSendIntervalMs: 50 });
  try {
    const c = await bg.services.router('filings.create', letter);
    assert.ok(c.ok);
    const id = (c.value as FilingDetail).id;
    const certs = (await bg.services.router('certificates.list', {})) as { ok: true; value: { id: string; qualified: boolean }[] };
    await bg.services.router('filings.sign', { id, certificateId: certs.value.find((x) => x.qualified)!.id, pin: bg.env.tokens.qes.pin });
    const delivered = new Promise<void>((resolve) => bg.services.subscribe((_e, p) => { if ('id' in p && 'state' in p && p.id === id && p.state === 'delivered') resolve(); }));
    bg.services.filings.queue(id); // queued without a kick: only the background timer can send it
    await delivered;
    assert.equal(bg.services.filings.detail(id).state, 'delivered');
  } finally {
    await bg.close();
  }
});

test('pause holds a filing back, resume sends it; cancel only before it can have left; retry of a rejected filing queues it again', async () => {
  const id = await quickFiling();
  services.filings.queue(id);
  assert.equal((await call('outbox.pause', { id })).paused, true);
  assert.equal(await services.outbox.run(), 0, 'a paused filing is not sent');
  assert.equal(services.filings.detail(id).state, 'queued');
  assert.equal((await call('outbox.resume', { id })).paused, false);
  await services.outbox.run();
  assert.equal(services.filings.detail(id).state, 'delivered');
  const late = await services.router('outbox.cancel', { id });
  assert.ok(!late.ok && late.error.code === 'INVALID_STATE', JSON.stringify(late));

  const other = await quickFiling();
  services.filings.queue(other);
  assert.equal((await call('outbox.cancel', { id: other })).state, 'cancelled');
  await services.outbox.run();
  assert.equal(sim.simulator.deliveredTo('/ZOJO_Cieszyn/SkrytkaESP').filter((x) => x.fileName === services.repo.get(other).file_name).length, 0);

  const third = await quickFiling();
  await sim.simulator.injectFault({ kind: 'rejected', times: 1 });
  assert.equal((await send(third)).state, 'rejected');
  await call('outbox.retry', { id: third });
  await services.outbox.run();
  assert.equal(services.filings.detail(third).state, 'delivered');
});

test('network back: a filing waiting for its retry goes at once', async () => {
  const id = await quickFiling();
  await sim.simulator.injectFault({ kind: 'refuse', times: 1 });
  assert.equal((await send(id)).state, 'failed');
  await sim.simulator.injectFault(null);
  services.outbox.networkBack();
  await services.outbox.run();
  assert.equal(services.filings.detail(id).state, 'delivered');
});

test('a UPP with a broken seal is stored and flagged, never silently accepted', async () => {
  const id = await quickFiling();
  await sim.simulator.injectFault({ kind: 'badUppSignature', times: 1 });
  const d = await send(id);
  const receipt = services.receipts.get(d.receiptIds[0]!);
  assert.equal(receipt.verified, false);
  assert.ok(receipt.problems.some((p) => p.startsWith('signature')), receipt.problems.join('; '));
  assert.ok(d.events.some((e) => (e.detail ?? '').includes('NOT verified')));
  const listed = await call('register.query', { text: d.title, limit: 500 });
  assert.ok(listed.items.some((i) => i.id === id && i.receiptVerified === false));
});

test('a second, different UPP for a delivered filing is reported as a duplicate delivery', async () => {
  const { createOutbox } = await import('../../electron/node/outbox/outbox');
  const { createEpuapClient } = await import('../../electron/node/epuap/client');
  const { pemKeySigner } = await import('../../electron/simulators/epuap/key-signer');
  const { AppError } = await import('../../electron/common/errors');
  const env = sim.environment;
  const real = createEpuapClient({ baseUrl: env.epuapUrl, subject: env.sender.subject, system: pemKeySigner(env.system.certPem, env.system.keyPem) });
  const parked: { fileName: string; bytes: Uint8Array }[] = [];
  const arrived: { fileName: string; bytes: Uint8Array }[] = [];
  let calls = 0;
  // The first copy is filed but its answer lost and its UPP late; the resend is filed again.
  const outbox = createOutbox({
    repo: services.repo, blobs: services.blobs, receipts: services.receipts, clock: () => now, lang: () => 'en', logger: { info() {}, warn() {}, error() {} } as never,
    changed: () => undefined, incoming: { store: () => '', count: () => 0 }, reconcileGraceMs: 1000,
    senders: {
      epuap: {
        async send(f, doc) {
          const r = await real.nadaj({ to: f.to_address, fileName: f.file_name, contentType: 'text/xml', content: doc });
          if (calls++ === 0) {
            parked.push(r.upp!);
            throw new AppError('SERVICE_UNREACHABLE', 'lost', { service: 'ePUAP', url: env.epuapUrl, sent: true, reason: 'lost' });
          }
          return { remoteId: r.documentId, receipt: r.upp };
        },
        async collect(take) {
          const items = arrived.splice(0);
          for (const u of items) await take({ ...u, from: 'ZUS', box: env.sender.replyBox, sentAt: null });
          return items.length;
        },
      },
    },
  });
  const id = await quickFiling();
  services.filings.queue(id);
  await outbox.run();
  assert.equal(services.repo.get(id).state, 'uncertain');
  now = new Date(now.getTime() + 5000);
  await outbox.run(); // not found → resent → delivered with the second UPP
  assert.equal(services.repo.get(id).state, 'delivered');
  arrived.push(...parked); // the first UPP arrives after all
  await outbox.check();
  const events = services.repo.events(id).map((e) => e.kind);
  assert.ok(events.includes('duplicate-delivery'), events.join(','));
  assert.equal(services.repo.receiptIds(id).length, 2);
});

test('receipts.preview renders the UPP with the official UPO stylesheet', async () => {
  const id = await quickFiling();
  const d = await send(id);
  const { html } = await call('receipts.preview', { id: d.receiptIds[0]! });
  assert.match(html, /<html/i);
  assert.match(html, /Centrum Usług Wspólnych w Cieszynie/);
  assert.doesNotMatch(html, /<script/i);
});

test('register: full-text search, state filter, sort, and the CSV correspondence journal', async () => {
  const all = await call('register.query', { limit: 500 });
  assert.ok(all.total >= 5);
  const delivered = await call('register.query', { states: ['delivered'], sort: 'created', direction: 'asc' });
  assert.ok(delivered.items.length > 0 && delivered.items.every((i) => i.state === 'delivered'));
  const found = await call('register.query', { text: 'Cieszyn testow' });
  const expected = all.items.filter((i) => i.addressee.includes('Cieszyn') && /testow/i.test(i.title)).length;
  assert.ok(expected > 0);
  assert.equal(found.total, expected, 'prefix words over addressee and title');
  assert.equal((await call('register.query', { text: 'nieistniejącefrazy' })).total, 0);
  const csv = await call('register.exportCsv', { states: ['delivered'] });
  const lines = csv.csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines.length, csv.rows + 1);
  assert.match(lines[0]!, /^No\.;Created;Sent;Delivered;Addressee/);
  assert.match(lines[1]!, /^1;2026-/);
});
