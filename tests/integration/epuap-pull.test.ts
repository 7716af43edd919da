/**
 * WS-Pull against the built-in simulator: the reply box receives a copy of every UPP; the client
 * counts, takes and confirms (SHA-1 skrot) — every request valid per xmllint --schema and signed
 * per xmlsec1; a SHA-256 skrot, a foreign box and an unregistered system are refused; a slow answer
 * is waited for or timed out.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../electron/common/errors';
import { createEpuapClient } from '../../electron/node/epuap/client';
import { buildPullRequest } from '../../electron/node/epuap/pull-soap';
import { childElements, NS_OB, serializeEnvelope } from '../../electron/node/epuap/soap';
import { signWsSecurity } from '../../electron/node/epuap/wssecurity';
import { pemKeySigner } from '../../electron/simulators/epuap/key-signer';
import { elementsNS, parseXml, serializeXml } from '../../electron/node/xml/dom';
import { ensureTestIdentities, type TestIdentities } from '../../electron/simulators/test-identities';
import { startEpuapSimulator, type EpuapSimulator } from '../../electron/simulators/epuap';

const XSD = resolve(__dirname, '../../resources/runtime/contracts/epuap/obiektypk.xsd');
const BOX = '/ZOJO_Cieszyn/SkrytkaESP';
let work: string;
let ids: TestIdentities;
let sim: EpuapSimulator;
let reply: string;

const PISMO = (n: number) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Pismo xmlns="urn:test"><Nr>${n}</Nr></Pismo>`, 'utf8');

function client(over: { subject?: string; timeoutMs?: number; system?: ReturnType<typeof pemKeySigner> } = {}) {
  return createEpuapClient({
    baseUrl: sim.url, subject: over.subject ?? ids.system.subject, replyBox: reply,
    system: over.system ?? pemKeySigner(ids.system.certPem, ids.system.keyPem), timeoutMs: over.timeoutMs ?? 10_000,
  });
}

function run(cmd: string, args: string[], cwd: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nadawca-pull-'));
  ids = await ensureTestIdentities(join(work, 'identities'));
  reply = `/${ids.system.subject}/SkrytkaESP`;
  sim = await startEpuapSimulator({ identities: ids, systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem }] });
});
after(async () => {
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('the reply box holds each UPP byte for byte; pending → next → confirm empties it in order', async () => {
  await sim.reset();
  const c = client();
  const sent = [];
  for (let i = 0; i < 3; i++) sent.push(await c.nadaj({ to: BOX, fileName: `pismo${i}.xml`, contentType: 'text/xml', content: PISMO(i) }));
  assert.equal(await c.pending(), 3);
  for (const s of sent) {
    const head = await c.next();
    assert.ok(head);
    assert.deepEqual(Buffer.from(head.document.content), Buffer.from(s.upp!.bytes), 'the copy is the UPP of the answer, byte for byte');
    assert.equal(head.boxAddress, reply);
    assert.equal(head.sender.subject, 'ZOJO_Cieszyn');
    assert.equal(await c.next().then((h) => h?.document.fileName), head.document.fileName, 'the head stays until confirmed');
    await c.confirm(head.document.content);
  }
  assert.equal(await c.pending(), 0);
  assert.equal(await c.next(), null, 'kod 0: nothing waiting');
});

test('potwierdzOdebranie wants Base64(SHA-1): a SHA-256 skrot or another document is refused and the head stays', async () => {
  await sim.reset();
  const c = client();
  await c.nadaj({ to: BOX, fileName: 'a.xml', contentType: 'text/xml', content: PISMO(1) });
  const head = (await c.next())!;
  const env = buildPullRequest({ operation: 'potwierdz', subject: ids.system.subject, boxName: 'SkrytkaESP', boxAddress: reply, skrot: createHash('sha256').update(head.document.content).digest('base64') });
  await signWsSecurity(env, pemKeySigner(ids.system.certPem, ids.system.keyPem));
  const res = await fetch(`${sim.url}/pk_external_ws/services/pull`, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://ws.epuap.gov.pl/pull/potwierdzOdebranie"' }, body: serializeEnvelope(env) });
  const text = await res.text();
  assert.match(text, /SHA-256 zamiast SHA-1/);
  await assert.rejects(c.confirm(PISMO(99)), (e: unknown) => e instanceof AppError && e.code === 'SERVICE_REJECTED' && /skrót/.test(e.message));
  assert.equal(await c.pending(), 1);
  await c.confirm(head.document.content);
  assert.equal(await c.pending(), 0);
});

test('every pull request validates against obiektypk.xsd (xmllint) and its WS-Security signature verifies (xmlsec1)', async () => {
  await sim.reset();
  const c = client();
  await c.nadaj({ to: BOX, fileName: 'a.xml', contentType: 'text/xml', content: PISMO(1) });
  await c.pending();
  const head = (await c.next())!;
  await c.confirm(head.document.content);
  const pulls = sim.requests().filter((r) => r.path.endsWith('/pull'));
  assert.equal(pulls.length, 3);
  assert.deepEqual(pulls.map((p) => p.soapAction), ['oczekujaceDokumenty', 'pobierzNastepny', 'potwierdzOdebranie'].map((o) => `"http://ws.epuap.gov.pl/pull/${o}"`));
  const dir = mkdtempSync(join(work, 'wire-'));
  pulls.forEach((p, i) => {
    writeFileSync(join(dir, `request${i}.xml`), p.body);
    const body = elementsNS(parseXml(p.body), 'http://schemas.xmlsoap.org/soap/envelope/', 'Body')[0]!;
    const part = childElements(body).find((e) => e.namespaceURI === NS_OB)!;
    writeFileSync(join(dir, `part${i}.xml`), serializeXml(part));
    const v = run('xmllint', ['--noout', '--schema', XSD, `part${i}.xml`], dir);
    assert.equal(v.code, 0, v.out);
    const ws = run('xmlsec1', ['--verify', '--pubkey-cert-pem', ids.system.certPath, '--id-attr:Id', 'Body', `request${i}.xml`], dir);
    assert.equal(ws.code, 0, ws.out);
  });
});

test('pull is refused for a box of another subject and for an unregistered system (SOAP fault with Wyjatek)', async () => {
  await sim.reset();
  await assert.rejects(client().next('/ZUS/SkrytkaESP'), (e: unknown) => e instanceof AppError && e.code === 'SERVICE_FAULT' && e.details.faultCode === '102');
  await assert.rejects(client({ system: pemKeySigner(ids.simulator.certPem, ids.simulator.keyPem) }).pending(), (e: unknown) => e instanceof AppError && e.code === 'SERVICE_FAULT' && e.details.faultCode === '100');
});

test('slow answers: waited for within the time-out, reported as sent-but-unanswered beyond it', async () => {
  await sim.reset();
  await sim.injectFault({ kind: 'slow', delayMs: 300 });
  const ok = await client().nadaj({ to: BOX, fileName: 'slow.xml', contentType: 'text/xml', content: PISMO(1) });
  assert.ok(ok.upp);
  await sim.injectFault({ kind: 'slow', delayMs: 1500 });
  await assert.rejects(client({ timeoutMs: 500 }).nadaj({ to: BOX, fileName: 'slower.xml', contentType: 'text/xml', content: PISMO(2) }),
    (e: unknown) => e instanceof AppError && e.code === 'SERVICE_UNREACHABLE' && e.details.sent === true);
});

test('upload progress is reported up to the whole request', async () => {
  await sim.reset();
  const seen: number[] = [];
  let total = 0;
  const big = Buffer.from(`<?xml version="1.0"?><Pismo xmlns="urn:test"><D>${'x'.repeat(900_000)}</D></Pismo>`);
  await client().nadaj({ to: BOX, fileName: 'big.xml', contentType: 'text/xml', content: big, onProgress: (s, t) => { seen.push(s); total = t; } });
  assert.ok(seen.length >= 4, `${seen.length} progress steps`);
  assert.equal(seen.at(-1), total);
  assert.ok(total > big.byteLength);
});
