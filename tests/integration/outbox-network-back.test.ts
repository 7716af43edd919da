/**
 * Issue 6 "works offline and sends when the network returns", end to end below Electron: a filing
 * failed while the service was unreachable waits out its back-off; the network watch sees the
 * network return (a fake online source, as Electron main feeds net.isOnline()) and
 * services.networkBack() sends it at once — nobody calls outbox.run here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FilingDetail } from '../../electron/common/contract';
import { silentLogger } from '../../electron/node/logger';
import { createNetworkWatch } from '../../electron/node/outbox/network-watch';
import { startInProcessEpuap, startTestServices, type TestServices } from '../harness/services';

let sim: Awaited<ReturnType<typeof startInProcessEpuap>>;
let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;

before(async () => {
  sim = await startInProcessEpuap();
  ctx = await startTestServices({ environment: sim.environment });
  services = ctx.services;
});
after(async () => {
  await ctx?.close();
  await sim?.close();
});

test('the network returning sends a filing that waits for its retry, without waiting out the back-off', async () => {
  const r = await services.router('filings.create', {
    sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
    addressee: { name: 'CUW Cieszyn', inbox: '/ZOJO_Cieszyn/SkrytkaESP' },
    place: 'Warszawa', date: '2026-11-23', title: 'Pismo po powrocie sieci', content: ['Treść.'],
  });
  assert.ok(r.ok, JSON.stringify(r));
  const id = (r.value as FilingDetail).id;
  // Marked signed without a card: this test is about the outbox, not the signer (CUW takes unsigned letters).
  services.repo.transition(id, ['draft'], 'signed', { signed_sha256: services.repo.get(id).draft_sha256 }, { actor: 'test', kind: 'signed' });
  await sim.simulator.injectFault({ kind: 'refuse', times: 1 });
  services.filings.queue(id);
  await services.outbox.run();
  const failed = services.repo.get(id);
  assert.equal(failed.state, 'failed');
  assert.ok(failed.next_attempt_at !== null && failed.next_attempt_at > new Date().toISOString(), 'waits for a later retry');
  await sim.simulator.injectFault(null);

  let online = false;
  const watch = createNetworkWatch({ isOnline: () => online, onBack: () => services.networkBack(), logger: silentLogger });
  await watch.check();
  assert.equal(services.repo.get(id).state, 'failed', 'offline: nothing happens');
  online = true;
  await watch.check();
  const until = Date.now() + 30_000;
  while (services.repo.get(id).state !== 'delivered' && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
  assert.equal(services.repo.get(id).state, 'delivered');
  assert.ok(services.filings.detail(id).events.some((e) => e.kind === 'network-back'));
});
