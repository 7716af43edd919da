/**
 * The outbox keeps every filing safe when sending goes wrong: service down, request lost after it
 * left, filing rejected, the app stopped mid-send. Real simulator, real database.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { ChannelInput, FilingDetail } from '../../electron/common/contract';
import { retryDelayMs } from '../../electron/node/outbox/outbox';
import { startInProcessEpuap, startTestServices, type TestServices } from '../harness/services';

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

test('connection lost after the request left: uncertain, never resent blindly', async () => {
  const id = await signedFiling();
  await sim.simulator.injectFault({ kind: 'dropAfterReceive', times: 1 });
  const r = await send(id);
  assert.equal(r.state, 'uncertain');
  assert.equal(sim.simulator.deliveredTo('/ZUS/SkrytkaESP').filter((d) => d.fileName === r.fileName).length, 1, 'the service did get it');
  now = new Date(now.getTime() + 24 * 3600_000);
  assert.equal(await services.outbox.run(), 0, 'an uncertain filing is not sent again by the outbox');
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
    const delivered = new Promise<void>((resolve) => bg.services.subscribe((_e, p) => { if (p.id === id && p.state === 'delivered') resolve(); }));
    bg.services.filings.queue(id); // queued without a kick: only the background timer can send it
    await delivered;
    assert.equal(bg.services.filings.detail(id).state, 'delivered');
  } finally {
    await bg.close();
  }
});
