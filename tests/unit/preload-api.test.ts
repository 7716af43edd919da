/**
 * window.api as the preload builds it (checklist item 20): frozen, two functions, contract names
 * only, payloads without the IPC event.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NadawcaApi } from '../../electron/common/api';
import { CHANNEL_NAMES, type OutboxItem } from '../../electron/common/contract';
import { buildApi, type InvokeTransport, type SubscribeTransport } from '../../electron/preload/api';

/** Transports that record what reaches them, standing in for ipcRenderer. */
function fakeTransports() {
  const calls: Array<[string, unknown]> = [];
  let emit: ((event: string, payload: unknown) => void) | null = null;
  let subscriptions = 0;
  const invoke: InvokeTransport = async (channel, input) => {
    calls.push([channel, input]);
    return { ok: true, value: { channel } };
  };
  const subscribe: SubscribeTransport = (listener) => {
    subscriptions++;
    emit = listener;
    return () => {
      subscriptions--;
      emit = null;
    };
  };
  return {
    calls,
    invoke,
    subscribe,
    emit: (event: string, payload: unknown) => emit?.(event, payload),
    subscriptions: () => subscriptions,
  };
}

const item: OutboxItem = {
  id: 'f1',
  state: 'queued',
  channel: 'epuap',
  to: '/KRUS/SkrytkaESP',
  title: 'Wniosek',
  attempts: 0,
  lastError: null,
  updatedAt: '2026-01-02T10:00:00.000Z',
};

test('the api is frozen and has exactly invoke, on and pathOf', () => {
  const t = fakeTransports();
  const api = buildApi(t.invoke, t.subscribe);
  assert.equal(Object.isFrozen(api), true);
  assert.deepEqual(Object.keys(api).sort(), ['invoke', 'on', 'pathOf']);
  const invoke = api.invoke;
  assert.equal(Reflect.set(api, 'invoke', () => 'hijacked'), false);
  assert.equal(Reflect.set(api, 'send', () => undefined), false);
  assert.equal(Reflect.deleteProperty(api, 'on'), false);
  assert.equal(api.invoke, invoke);
});

test('no ipcRenderer-like property is exposed', () => {
  const api = buildApi(fakeTransports().invoke, fakeTransports().subscribe) as unknown as Record<string, unknown>;
  for (const key of ['ipcRenderer', 'send', 'sendSync', 'postMessage', 'removeAllListeners', 'invokeRaw', 'electron', 'process', 'require']) {
    assert.equal(key in api, false, key);
  }
  for (const value of Object.values(api)) assert.equal(typeof value, 'function');
});

test('every contract channel is forwarded with its input unchanged', async () => {
  const t = fakeTransports();
  const api = buildApi(t.invoke, t.subscribe);
  for (const channel of CHANNEL_NAMES) {
    const input = { probe: channel };
    const reply = await api.invoke(channel, input as never);
    assert.deepEqual(reply, { ok: true, value: { channel } });
  }
  assert.deepEqual(
    t.calls,
    CHANNEL_NAMES.map((channel) => [channel, { probe: channel }]),
  );
});

test('unknown channel names are rejected before reaching the transport', async () => {
  const t = fakeTransports();
  const api = buildApi(t.invoke, t.subscribe);
  for (const channel of ['nadawca:invoke', 'filings.delete', '__proto__', 'constructor', 'toString', '', 'app.info ']) {
    await assert.rejects(api.invoke(channel as never, {} as never), TypeError, channel);
  }
  await assert.rejects(api.invoke(42 as never, {} as never), TypeError);
  await assert.rejects(api.invoke({ toString: () => 'app.info' } as never, {} as never), TypeError);
  assert.deepEqual(t.calls, []);
});

test('listeners get the payload of their event only, and unsubscribe', () => {
  const t = fakeTransports();
  const api: NadawcaApi = buildApi(t.invoke, t.subscribe);
  const seen: unknown[][] = [];
  const off = api.on('outbox.changed', (...args: unknown[]) => seen.push(args));
  assert.equal(t.subscriptions(), 1);

  t.emit('outbox.changed', item);
  t.emit('some.other', { x: 1 });
  assert.deepEqual(seen, [[item]]);

  off();
  assert.equal(t.subscriptions(), 0, 'the transport subscription is released with the last listener');
  t.emit('outbox.changed', item);
  assert.equal(seen.length, 1);
});

test('one transport subscription serves many listeners; a throwing listener does not starve others', () => {
  const t = fakeTransports();
  const errors: unknown[] = [];
  const api = buildApi(t.invoke, t.subscribe, (e) => errors.push(e));
  const seen: string[] = [];
  const offA = api.on('outbox.changed', () => {
    throw new Error('listener A failed');
  });
  const offB = api.on('outbox.changed', (p) => seen.push(p.id));
  assert.equal(t.subscriptions(), 1);

  t.emit('outbox.changed', item);
  assert.deepEqual(seen, ['f1']);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /listener A failed/);

  offA();
  assert.equal(t.subscriptions(), 1);
  offB();
  assert.equal(t.subscriptions(), 0);
});

test('unknown event names and non-function listeners are rejected', () => {
  const t = fakeTransports();
  const api = buildApi(t.invoke, t.subscribe);
  for (const event of ['nadawca:event', 'outbox.changed.x', '__proto__', '']) {
    assert.throws(() => api.on(event as never, () => undefined), TypeError, event);
  }
  assert.throws(() => api.on('outbox.changed', 'not a function' as never), TypeError);
  assert.equal(t.subscriptions(), 0);
});

test('pathOf: the transport\'s path, or null when it knows none or throws', () => {
  const t = fakeTransports();
  const file = new Blob(['x']);
  assert.equal(buildApi(t.invoke, t.subscribe).pathOf(file), null, 'no transport: null');
  assert.equal(buildApi(t.invoke, t.subscribe, undefined, () => '/home/jan/umowa.pdf').pathOf(file), '/home/jan/umowa.pdf');
  assert.equal(buildApi(t.invoke, t.subscribe, undefined, () => '').pathOf(file), null);
  assert.equal(buildApi(t.invoke, t.subscribe, undefined, () => { throw new TypeError('not a File'); }).pathOf(file), null);
});
