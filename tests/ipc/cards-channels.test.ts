/**
 * The cards channels through the router and the real services (SoftHSM tokens, the PIN-pad test
 * module, the test PKI's PKCS#12 file, a real SQLite file): inventory, test signature, modules and
 * certificate files added by the user, the remembered certificate (by fingerprint, across a
 * restart), the insertion/removal event, and that no PIN or password ever comes back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CertificateInfo } from '../../electron/common/contract';
import { signerInventorySchema, type CardsChangedEvent, type ChosenCertificate, type UserModule } from '../../electron/common/contract-cards';
import type { Result } from '../../electron/common/result';
import { buildPinPadModule, type PinPadModule } from '../harness/pinpad-module';
import { createServices } from '../../electron/node/services';
import { SIGNER_HOST, startInProcessEpuap, startTestServices, type TestServices } from '../harness/services';
import type { TestEnvironment } from '../harness/test-env';

let started: Awaited<ReturnType<typeof startTestServices>>;
let epuap: Awaited<ReturnType<typeof startInProcessEpuap>>;
let services: TestServices;
let env: TestEnvironment;
let pad: PinPadModule;

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const r = (await services.router(channel, input)) as Result<T>;
  assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
  return r.value;
}

async function fails(channel: string, input: unknown, code: string): Promise<string> {
  const r = (await services.router(channel, input)) as Result<unknown>;
  assert.ok(!r.ok, `${channel} should fail`);
  assert.equal(r.error.code, code, r.error.message);
  return JSON.stringify(r);
}

before(async () => {
  epuap = await startInProcessEpuap();
  started = await startTestServices({ environment: epuap.environment });
  services = started.services;
  env = started.env;
  const dir = path.join(env.dir, 'ipc-pinpad');
  mkdirSync(dir, { recursive: true });
  pad = buildPinPadModule(dir);
  pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
});

after(async () => {
  await services.close();
  rmSync(started.dataDir, { recursive: true, force: true });
  await epuap.close();
});

test('cards.inventory passes the contract and lists the SoftHSM tokens; certificates.list carries the classification', async () => {
  const inventory = signerInventorySchema.parse(await call('cards.inventory'));
  const softhsm = inventory.modules.find((m) => m.path === env.tokens.module);
  assert.ok(softhsm?.loaded);
  assert.ok(softhsm.slots.some((s) => s.token?.label === env.tokens.qes.label));
  const list = await call<CertificateInfo[]>('certificates.list');
  const q = list.find((c) => c.id === env.tokens.certificateIds.qualifiedRsa)!;
  assert.equal(q.classification?.qualified, true);
  assert.equal(q.classification?.person?.scheme, 'PNOPL');
});

test('cards.testSignature: verified on the host; a wrong PIN is an error that does not echo the PIN', async () => {
  assert.deepEqual(await call('cards.testSignature', { certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin }), {
    ok: true, mechanism: 'ECDSA', verifiedOnHost: true,
  });
  const reply = await fails('cards.testSignature', { certificateId: env.tokens.certificateIds.qualifiedRsa, pin: '97531864' }, 'PIN_INCORRECT');
  assert.ok(!reply.includes('97531864'));
  // Right PIN again: clears SoftHSM's count-low flag for the tests that follow.
  await call('cards.testSignature', { certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
});

test('cards.modules.add/remove: a user module joins the inventory (source user, PIN pad shown) and leaves it', async () => {
  await fails('cards.modules.add', { path: 'relative/lib.so' }, 'INVALID_INPUT');
  const added = await call<UserModule[]>('cards.modules.add', { path: pad.module });
  assert.deepEqual(added.map((m) => m.path), [pad.module]);
  const inventory = signerInventorySchema.parse(await call('cards.inventory'));
  const m = inventory.modules.find((x) => x.path === pad.module)!;
  assert.equal(m.source, 'user');
  assert.ok(m.slots.some((s) => s.token?.protectedAuthPath));
  const removed = await call<UserModule[]>('cards.modules.remove', { path: pad.module });
  assert.deepEqual(removed, []);
  assert.ok(!signerInventorySchema.parse(await call('cards.inventory')).modules.some((x) => x.path === pad.module));
});

test('cards.changed: a card removed and inserted again is noticed without a restart', async () => {
  await call('cards.modules.add', { path: pad.module });
  const events: CardsChangedEvent[] = [];
  const off = services.subscribe((name, payload) => {
    if (name === 'cards.changed') events.push(payload);
  });
  try {
    const wait = async (what: string, ok: () => boolean) => {
      const end = Date.now() + 15_000;
      while (!ok()) {
        if (Date.now() > end) assert.fail(`no cards.changed event for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await new Promise((r) => setTimeout(r, 2500)); // the watcher's first look
    pad.control({ mode: 'removed' });
    await wait('removal', () => events.some((e) => e.removed > 0));
    const gone = events.find((e) => e.removed > 0)!;
    assert.ok(!gone.tokens.some((t) => t.module === pad.module));
    pad.control({ mode: 'ok', pin: env.tokens.qes.pin });
    await wait('insertion', () => events.some((e) => e.inserted > 0));
    assert.ok(events.find((e) => e.inserted > 0)!.tokens.some((t) => t.module === pad.module && t.label === env.tokens.qes.label));
  } finally {
    off();
    await call('cards.modules.remove', { path: pad.module });
  }
});

test('certificates.choose / chosen: remembered by fingerprint, survives a restart of the services', async () => {
  assert.equal(await call('certificates.chosen'), null);
  await fails('certificates.choose', { certificateId: 'ab'.repeat(32) }, 'CERT_NOT_FOUND');
  const chosen = await call<ChosenCertificate>('certificates.choose', { certificateId: env.tokens.certificateIds.qualifiedEc });
  assert.equal(chosen.present, true);
  assert.equal(chosen.tokenLabel, env.tokens.qes.label);
  // A new app session: new signer host, slots read afresh; the choice comes back by fingerprint.
  await services.close();
  services = await createServices({ dataDir: started.dataDir, lang: 'en', pkcs11Modules: [env.tokens.module], signerHost: SIGNER_HOST, environment: epuap.environment });
  const stored = await call<ChosenCertificate>('certificates.chosen');
  assert.equal(stored.certificateId, env.tokens.certificateIds.qualifiedEc);
  assert.equal(stored.present, true);
});

test('cards.files.add: a PKCS#12 file signs with its password; a wrong password → PASSWORD_INCORRECT; the password is not stored', async () => {
  const p12 = env.pki.system.p12;
  const reply = await fails('cards.files.add', { path: p12, label: 'CC SEKAP (test)', password: 'zle-haslo-123' }, 'PASSWORD_INCORRECT');
  assert.ok(!reply.includes('zle-haslo-123'));
  const files = await call<{ path: string; certificateId: string }[]>('cards.files.add', { path: p12, label: 'CC SEKAP (test)', password: env.pki.system.p12Password });
  assert.equal(files[0]!.certificateId, env.pki.system.id);
  const list = await call<CertificateInfo[]>('certificates.list');
  assert.ok(list.some((c) => c.id === env.pki.system.id && c.token.module === 'file' && c.classification?.qualified === false));
  assert.deepEqual(await call('cards.loginInfo', { certificateId: env.pki.system.id }), {
    certificateId: env.pki.system.id, tokenLabel: 'CC SEKAP (test)', pinState: 'ok', protectedAuthPath: false, alwaysAuthenticate: true, kind: 'file',
  });
  assert.deepEqual(await call('cards.testSignature', { certificateId: env.pki.system.id, pin: env.pki.system.p12Password }), {
    ok: true, mechanism: 'RSA_PKCS', verifiedOnHost: true,
  });
  await fails('cards.testSignature', { certificateId: env.pki.system.id, pin: 'zle-haslo-123' }, 'PASSWORD_INCORRECT');
  // Nothing in the database holds the password.
  const dump = JSON.stringify(await call('cards.files.list'));
  assert.ok(!dump.includes(env.pki.system.p12Password));
});
