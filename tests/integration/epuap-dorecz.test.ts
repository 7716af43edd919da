/**
 * WS-Doręczyciel `dorecz` against the built-in simulator on 127.0.0.1: the request validates per
 * xmllint --schema (every ob:* header and the body) and its WS-Security signature verifies with
 * xmlsec1; the simulator refuses unsigned letters, unknown boxes and unregistered systems; on its
 * clock the reply box receives notice 1 at once, notice 2 on day 7 and a UPD whose seal (binding the
 * served letter) xmlsec1 verifies.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../electron/common/errors';
import { createEpuapClient } from '../../electron/node/epuap/client';
import { readDoreczEvent } from '../../electron/node/epuap/dorecz';
import { childElements, NS_OB } from '../../electron/node/epuap/soap';
import { elementsNS, parseXml, serializeXml } from '../../electron/node/xml/dom';
import { signEnveloped } from '../../electron/node/xml/xades';
import { pemKeySigner } from '../../electron/simulators/epuap/key-signer';
import { ensureTestIdentities, type TestIdentities } from '../../electron/simulators/test-identities';
import { DEFAULT_ADDRESSEES, startEpuapSimulator, type EpuapSimulator } from '../../electron/simulators/epuap';

const XSD = resolve(__dirname, '../../resources/runtime/contracts/epuap/obiektypk.xsd');
const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS_WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const CITIZEN = DEFAULT_ADDRESSEES[0]!.address;
const DAY = 86_400_000;
let now = new Date('2026-03-02T09:00:00Z');
let work: string;
let ids: TestIdentities;
let sim: EpuapSimulator;
let reply: string;

function run(cmd: string, args: string[], cwd: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function client(system = pemKeySigner(ids.system.certPem, ids.system.keyPem)) {
  return createEpuapClient({ baseUrl: sim.url, subject: ids.system.subject, replyBox: reply, system, timeoutMs: 10_000 });
}

async function letter(signed = true): Promise<Uint8Array> {
  const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<Decyzja xmlns="urn:test"><Tresc>Decyzja w sprawie — zażółć gęślą jaźń</Tresc></Decyzja>');
  if (signed) await signEnveloped(doc, pemKeySigner(ids.demoSigner.certPem, ids.demoSigner.keyPem), { signingTime: now, id: 'sig-decyzja' });
  return new Uint8Array(Buffer.from(serializeXml(doc), 'utf8'));
}

async function drain() {
  const c = client();
  const out = [];
  for (let head = await c.next(); head; head = await c.next()) {
    out.push(head);
    await c.confirm(head.document.content);
  }
  return out;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nadawca-dorecz-'));
  ids = await ensureTestIdentities(join(work, 'identities'));
  reply = `/${ids.system.subject}/SkrytkaESP`;
  sim = await startEpuapSimulator({ clock: () => now, identities: ids, systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem, name: 'Urząd Testowy' }] });
});
after(async () => {
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('the dorecz request validates against obiektypk.xsd (xmllint) and its WS-Security signature verifies (xmlsec1)', async () => {
  await sim.reset();
  const r = await client().dorecz({ to: CITIZEN, fileName: 'decyzja.xml', contentType: 'text/xml', content: await letter(), documentRef: 'filing-1', caseRef: 'GK.6220.1.2026' });
  assert.ok(r.orderId && r.documentId);
  const [req] = sim.requests();
  assert.equal(req!.soapAction, '"http://ws.epuap.gov.pl/doreczyciel/dorecz"');
  assert.ok(req!.path.endsWith('/doreczyciel'));
  const doc = parseXml(req!.body);
  const header = elementsNS(doc, NS_SOAP, 'Header')[0]!;
  const body = elementsNS(doc, NS_SOAP, 'Body')[0]!;
  const parts = [...childElements(header), ...childElements(body)].filter((e) => e.namespaceURI === NS_OB);
  assert.deepEqual(parts.map((e) => e.localName), [
    'IdentyfikatorPodmiotu', 'AdresSkrytki', 'AdresOdpowiedzi', 'TerminDoreczenia', 'CzyProbne', 'IdentyfikatorDokumentu', 'IdentyfikatorSprawy', 'DaneDodatkowe', 'Dokument',
  ], 'the WSDL parts, in order (no UPD: ePUAP generates it)');
  // …and they are exactly the doreczRequest message of the WSDL the simulator serves, less the optional UPD.
  const wsdl = parseXml(await (await fetch(`${sim.url}/pk_external_ws/services/doreczyciel?wsdl`)).text());
  const message = elementsNS(wsdl, NS_WSDL, 'message').find((m) => m.getAttribute('name') === 'doreczRequest')!;
  assert.deepEqual(elementsNS(message, NS_WSDL, 'part').map((p) => p.getAttribute('element')).filter((e) => e !== 'ob:UPD'), parts.map((e) => `ob:${e.localName}`));
  const operation = elementsNS(wsdl, 'http://schemas.xmlsoap.org/wsdl/soap/', 'operation').find((o) => o.getAttribute('soapAction')?.endsWith('/dorecz'));
  assert.equal(`"${operation?.getAttribute('soapAction')}"`, req!.soapAction);
  const dir = mkdtempSync(join(work, 'wire-'));
  writeFileSync(join(dir, 'request.xml'), req!.body);
  parts.forEach((p, i) => {
    writeFileSync(join(dir, `part${i}.xml`), serializeXml(p));
    const v = run('xmllint', ['--noout', '--schema', XSD, `part${i}.xml`], dir);
    assert.equal(v.code, 0, `${p.localName}: ${v.out}`);
  });
  const ws = run('xmlsec1', ['--verify', '--pubkey-cert-pem', ids.system.certPath, '--id-attr:Id', 'Body', 'request.xml'], dir);
  assert.equal(ws.code, 0, ws.out);
  assert.equal(sim.deliveredTo(CITIZEN).length, 0, 'the addressee gets the letter only with the UPD');
});

test('unsigned letters, unknown boxes and unregistered systems are refused; a trial delivers nothing', async () => {
  await sim.reset();
  const base = { fileName: 'd.xml', contentType: 'text/xml', documentRef: 'f' };
  await assert.rejects(client().dorecz({ ...base, to: CITIZEN, content: await letter(false) }), (e: unknown) => e instanceof AppError && e.code === 'SERVICE_REJECTED' && /podpisane/.test(String(e.details.reason)));
  await assert.rejects(client().dorecz({ ...base, to: '/nikt/skrytka', content: await letter() }), (e: unknown) => e instanceof AppError && e.code === 'SERVICE_REJECTED' && /nie istnieje/.test(String(e.details.reason)));
  await assert.rejects(client(pemKeySigner(ids.simulator.certPem, ids.simulator.keyPem)).dorecz({ ...base, to: CITIZEN, content: await letter() }),
    (e: unknown) => e instanceof AppError && e.code === 'SERVICE_FAULT' && e.details.faultCode === '100');
  await client().dorecz({ ...base, to: CITIZEN, content: await letter(), trial: true });
  assert.equal(sim.deliveredTo(CITIZEN).length, 0);
  assert.equal(sim.dorecz.orders().length, 0);
});

test('on the simulator clock: notice 1 at once, notice 2 on day 7, a collection on day 9 gives a UPD that xmlsec1 verifies', async () => {
  await sim.reset();
  now = new Date('2026-03-02T09:00:00Z');
  const content = await letter();
  const r = await client().dorecz({ to: CITIZEN, fileName: 'decyzja.xml', contentType: 'text/xml', content, documentRef: 'filing-2' });
  const first = await drain();
  assert.deepEqual(first.map((d) => readDoreczEvent(d.document.content)), [{ kind: 'notice1', orderId: r.orderId, documentRef: 'filing-2', at: now.toISOString(), deemed: false }]);

  now = new Date(now.getTime() + 7 * DAY - 1);
  assert.equal((await drain()).length, 0, 'nothing before the 7 days are over');
  now = new Date(now.getTime() + 1);
  assert.deepEqual((await drain()).map((d) => readDoreczEvent(d.document.content)?.kind), ['notice2']);

  now = new Date('2026-03-11T12:30:00Z');
  sim.dorecz.collect(r.orderId!, now);
  const [upd] = await drain();
  assert.deepEqual(sim.deliveredTo(CITIZEN).map((d) => [Buffer.from(d.content).equals(Buffer.from(content)), d.receivedAt.toISOString()]), [[true, '2026-03-11T12:30:00.000Z']], 'collected: the letter is in the addressee box');
  const event = readDoreczEvent(upd!.document.content);
  assert.deepEqual(event, { kind: 'upd', orderId: r.orderId, documentRef: 'filing-2', at: '2026-03-11T12:30:00.000Z', deemed: false });
  // The UPD seal binds the served letter by its file name, resolved by xmlsec1 in its working directory.
  const dir = mkdtempSync(join(work, 'upd-'));
  writeFileSync(join(dir, 'UPD.xml'), upd!.document.content);
  writeFileSync(join(dir, 'decyzja.xml'), content);
  const args = ['--verify', '--trusted-pem', ids.caPath, '--id-attr:Id', 'SignedProperties', '--verification-gmt-time', '2026-03-11 12:31:00', 'UPD.xml'];
  const ok = run('xmlsec1', args, dir);
  assert.equal(ok.code, 0, ok.out);
  writeFileSync(join(dir, 'decyzja.xml'), Buffer.from(content).toString('utf8').replace('w sprawie', 'w sprawach'));
  assert.notEqual(run('xmlsec1', args, dir).code, 0, 'a changed letter no longer matches the UPD');
  now = new Date('2026-04-30T12:00:00Z');
  assert.equal((await drain()).length, 0, 'no deemed UPD after a collection');
});
