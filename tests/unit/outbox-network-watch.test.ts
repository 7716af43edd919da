/**
 * The network watch (issue 6 "sends when the network returns"): an offline → online edge or a
 * resume from sleep calls onBack once; start-up, staying online, an unknown state and a second
 * trigger right after the first do not. A fake online source, clock and timers stand in for
 * Electron's net.isOnline(), Date.now and setInterval.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../electron/node/logger';
import { createNetworkWatch } from '../../electron/node/outbox/network-watch';

function setup(quietMs = 10_000) {
  const state = { online: true as boolean | Error, now: 0, calls: [] as string[], interval: null as null | { f: () => void; ms: number } };
  const watch = createNetworkWatch({
    isOnline: () => {
      if (state.online instanceof Error) throw state.online;
      return state.online;
    },
    onBack: (reason) => state.calls.push(reason),
    logger: silentLogger,
    now: () => state.now,
    intervalMs: 2_000,
    quietMs,
    timers: {
      setInterval: (f, ms) => (state.interval = { f, ms }),
      clearInterval: (h) => { if (h === state.interval) state.interval = null; },
    },
  });
  return { state, watch };
}

test('online at start-up is no return; offline → online calls once; staying online does not', async () => {
  const { state, watch } = setup();
  await watch.check();
  assert.deepEqual(state.calls, []);
  state.online = false;
  await watch.check();
  await watch.check();
  assert.deepEqual(state.calls, []);
  state.online = true;
  state.now = 60_000;
  await watch.check();
  await watch.check();
  assert.deepEqual(state.calls, ['online']);
  // A second outage later is a second return.
  state.online = false;
  await watch.check();
  state.online = true;
  state.now = 120_000;
  await watch.check();
  assert.deepEqual(state.calls, ['online', 'online']);
});

test('offline at start-up, then online: the first edge counts', async () => {
  const { state, watch } = setup();
  state.online = false;
  await watch.check();
  state.online = true;
  await watch.check();
  assert.deepEqual(state.calls, ['online']);
});

test('resume from sleep while online calls once; a resume and an edge close together are one return', async () => {
  const { state, watch } = setup();
  await watch.check();
  await watch.resumed();
  assert.deepEqual(state.calls, ['resume']);
  state.online = false;
  await watch.check();
  state.online = true;
  state.now = 5_000; // within the quiet time of the resume
  await watch.check();
  assert.deepEqual(state.calls, ['resume']);
  state.now = 20_000;
  await watch.resumed();
  assert.deepEqual(state.calls, ['resume', 'resume']);
});

test('resume while offline does not call; the network coming back afterwards does', async () => {
  const { state, watch } = setup();
  state.online = false;
  await watch.resumed();
  assert.deepEqual(state.calls, []);
  state.online = true;
  await watch.check();
  assert.deepEqual(state.calls, ['online']);
});

test('an unreadable online state is no edge and keeps the last known one', async () => {
  const { state, watch } = setup();
  state.online = false;
  await watch.check();
  state.online = new Error('net module gone');
  await watch.check();
  await watch.resumed();
  assert.deepEqual(state.calls, []);
  state.online = true;
  await watch.check();
  assert.deepEqual(state.calls, ['online'], 'offline → (unknown) → online is still a return');
});

test('a failing onBack is logged and the watch goes on', async () => {
  const errors: string[] = [];
  let n = 0;
  let online = false;
  let now = 0;
  const watch = createNetworkWatch({
    isOnline: () => online,
    onBack: () => { n++; throw new Error('boom'); },
    logger: { ...silentLogger, error: (msg) => errors.push(msg) },
    now: () => now,
  });
  await watch.check();
  online = true;
  await watch.check();
  online = false;
  await watch.check();
  online = true;
  now = 60_000;
  await watch.check();
  assert.equal(n, 2);
  assert.equal(errors.length, 2);
});

test('start polls at once and on the interval; stop clears the timer', async () => {
  const { state, watch } = setup();
  state.online = false;
  watch.start();
  assert.equal(state.interval?.ms, 2_000);
  await new Promise((r) => setImmediate(r));
  state.online = true;
  state.interval!.f();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(state.calls, ['online']);
  watch.stop();
  assert.equal(state.interval, null);
});
