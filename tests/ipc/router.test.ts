/**
 * The IPC router in front of the real services: renderer input is untrusted, replies are
 * envelopes with codes and localized messages — never stack traces, never a PIN.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL_NAMES } from '../../electron/common/contract';
import { createRouter, type Handlers } from '../../electron/node/router';
import { silentLogger } from '../../electron/node/logger';
import { startTestServices, type TestServices } from '../harness/services';

let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
before(async () => { ctx = await startTestServices(); services = ctx.services; });
after(async () => { await ctx?.close(); });

test('unknown channels and prototype names are refused with INVALID_INPUT', async () => {
  for (const name of ['nope', '__proto__', 'constructor', 'toString', '']) {
    const r = await services.router(name, {});
    assert.equal(r.ok, false, name);
    if (!r.ok) assert.equal(r.error.code, 'INVALID_INPUT');
  }
});

test('every channel rejects input of the wrong shape without reaching the service', async () => {
  for (const name of CHANNEL_NAMES) {
    if (name === 'app.info' || name.endsWith('.list')) continue; // take no input
    const r = await services.router(name, { id: 42, pin: ['x'], certificateId: 'zz' });
    assert.equal(r.ok, false, name);
    if (!r.ok) assert.equal(r.error.code, 'INVALID_INPUT', name);
  }
});

test('a certificate id that is not a SHA-256 hex string never reaches the signer', async () => {
  const r = await services.router('filings.sign', { id: 'x', certificateId: '../../etc/passwd', pin: '1234' });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(r.error.details?.fields, ['certificateId']);
    assert.doesNotMatch(JSON.stringify(r), /1234/);
  }
});

test('app.info and the lists answer through the contract', async () => {
  const info = await services.router('app.info', {});
  assert.ok(info.ok);
  if (info.ok) assert.deepEqual(info.value, { version: '0.0.0', environment: 'builtin', lang: 'en' });
  const certs = await services.router('certificates.list', {});
  assert.ok(certs.ok);
  if (certs.ok) {
    const list = certs.value as { subject: string; qualified: boolean }[];
    assert.ok(list.some((c) => c.qualified), 'the SoftHSM qualified certificate is offered');
    assert.ok(list.some((c) => /NOT QUALIFIED/.test(c.subject) && !c.qualified), 'the demo certificate is offered, marked');
  }
});

test('a service that throws an unexpected error gives INTERNAL without a stack trace', async () => {
  const logged: string[] = [];
  const handlers = Object.fromEntries(CHANNEL_NAMES.map((n) => [n, async () => { throw new Error('secret internals at /home/x'); }])) as unknown as Handlers;
  const router = createRouter(handlers, { lang: () => 'pl', logger: { ...silentLogger, error: (m) => logged.push(m) } });
  const r = await router('outbox.list', {});
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'INTERNAL');
    assert.match(r.error.message, /Błąd wewnętrzny/);
    assert.doesNotMatch(JSON.stringify(r), /secret internals|\/home\/x|at /);
  }
  assert.equal(logged.length, 1, 'the details go to the log');
});

test('a service reply that breaks the output schema is not passed to the renderer', async () => {
  const handlers = Object.fromEntries(CHANNEL_NAMES.map((n) => [n, async () => ({ unexpected: true })])) as unknown as Handlers;
  const router = createRouter(handlers, { lang: () => 'en', logger: silentLogger });
  const r = await router('outbox.list', {});
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'INTERNAL');
});

test('one writer per data folder: a second set of services on the same folder is refused', async () => {
  const { createServices } = await import('../../electron/node/services');
  const { SIGNER_HOST } = await import('../harness/services');
  await assert.rejects(
    createServices({ dataDir: ctx.dataDir, signerHost: SIGNER_HOST, lang: 'en' }),
    (e: Error & { code?: string }) => e.code === 'DATABASE_BUSY',
  );
});

test('a start that fails releases the data folder (lock, database, started processes are undone)', async () => {
  const { createServices } = await import('../../electron/node/services');
  const { SIGNER_HOST } = await import('../harness/services');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = mkdtempSync(join(tmpdir(), 'nadawca-failstart-'));
  const broken = { ...ctx.services.environment, system: { keyPem: 'not a key', certPem: 'not a certificate' } };
  await assert.rejects(createServices({ dataDir, signerHost: SIGNER_HOST, environment: broken }));
  const again = await createServices({ dataDir, signerHost: SIGNER_HOST, environment: ctx.services.environment, lang: 'en' });
  await again.close();
});
