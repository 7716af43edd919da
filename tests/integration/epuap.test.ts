/**
 * ePUAP end to end on 127.0.0.1: the WS-Skrytka client against the built-in simulator, with
 * fresh test identities in a temp folder and an injected clock. Every signature made here is also
 * checked by tools nobody here wrote: xmlsec1 (WS-Security, UPP) and xmllint (obiektypk.xsd).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { constants, createPrivateKey, privateEncrypt, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../electron/common/errors';
import { createEpuapClient, type EpuapClientOptions } from '../../electron/node/epuap/client';
import { buildNadajRequest, childElements, NS_OB, serializeEnvelope } from '../../electron/node/epuap/soap';
import { NS_WSU, signWsSecurity, verifyWsSecurity } from '../../electron/node/epuap/wssecurity';
import { elementsNS, parseXml, serializeXml } from '../../electron/node/xml/dom';
import type { XmlSigner } from '../../electron/node/xml/engine';
import { signEnveloped, verifyEnvelopedSignatures } from '../../electron/node/xml/xades';
import type { HashName } from '../../electron/node/signer/types';
import { ensureTestIdentities, type TestIdentities } from '../../electron/simulators/test-identities';
import { MB, startEpuapSimulator, type EpuapSimulator } from '../../electron/simulators/epuap';

const NOW = new Date('2026-03-10T09:15:00.123Z');
const clock = () => NOW;
const XSD = resolve(__dirname, '../../resources/runtime/contracts/epuap/obiektypk.xsd');
const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS_UPO = 'http://crd.gov.pl/xml/schematy/UPO/2008/05/09/';

let work: string;
let ids: TestIdentities;
let sim: EpuapSimulator;

// --- helpers -------------------------------------------------------------------------------

const DIGEST_INFO: Record<HashName, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

/** An XmlSigner over a key file (RSA PKCS#1 v1.5 of a ready digest). */
function keyFileSigner(certPath: string, keyPath: string): XmlSigner {
  const key = createPrivateKey(readFileSync(keyPath));
  return {
    certificateDer: new Uint8Array(new X509Certificate(readFileSync(certPath)).raw),
    keyType: 'RSA',
    async signDigest(digest, hash) {
      return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest])));
    },
  };
}

function run(cmd: string, args: string[], cwd: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function folder(name: string): string {
  return mkdtempSync(join(work, `${name}-`));
}

const PISMO = (text: string) => '<?xml version="1.0" encoding="UTF-8"?>\n'
  + '<?xml-stylesheet type="text/xsl" href="http://crd.gov.pl/wzor/2017/10/24/4566/styl.xsl"?>'
  + '<wnio:Dokument xmlns:wnio="http://crd.gov.pl/wzor/2017/10/24/4566/" xmlns:meta="http://crd.gov.pl/xml/schematy/meta/2009/11/16/">'
  + '<wnio:OpisDokumentu><meta:Data typDaty="stworzony"><meta:Czas>2026-03-10T10:00:00</meta:Czas></meta:Data></wnio:OpisDokumentu>'
  + `<wnio:TrescDokumentu format="text/xml" kodowanie="XML"><wnio:Tytul>Wniosek</wnio:Tytul><wnio:Informacje><wnio:Informacja>${text}</wnio:Informacja></wnio:Informacje></wnio:TrescDokumentu>`
  + '</wnio:Dokument>';

/** A pismo signed by the demo (TEST — NOT QUALIFIED) identity. */
async function signedPismo(text = 'Proszę o wydanie zaświadczenia — zażółć gęślą jaźń.'): Promise<Uint8Array> {
  const doc = parseXml(PISMO(text));
  await signEnveloped(doc, keyFileSigner(ids.demoSigner.certPath, ids.demoSigner.keyPath), { signingTime: NOW, id: 'sig-pismo' });
  return new Uint8Array(Buffer.from(serializeXml(doc), 'utf8'));
}

function client(over: Partial<EpuapClientOptions> = {}) {
  return createEpuapClient({
    baseUrl: sim.url,
    subject: ids.system.subject,
    replyBox: `/${ids.system.subject}/SkrytkaESP`,
    system: keyFileSigner(ids.system.certPath, ids.system.keyPath),
    timeoutMs: 10_000,
    ...over,
  });
}

async function rejectsWith(p: Promise<unknown>, code: string, details: Record<string, unknown> = {}): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, `expected AppError, got ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    for (const [k, v] of Object.entries(details)) assert.deepEqual(e.details[k], v, `details.${k} of ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code}, but it resolved`);
}

/** A signed `nadaj` envelope as the client would send it, for requests the client refuses to make. */
async function signedRequest(to = '/KRUS/SkrytkaESP', content?: Uint8Array): Promise<Document> {
  const doc = buildNadajRequest({
    subject: ids.system.subject, to, replyTo: '', trial: false, extraData: new Uint8Array(),
    document: { fileName: 'pismo.xml', contentType: 'text/xml', content: content ?? await signedPismo() },
  });
  await signWsSecurity(doc, keyFileSigner(ids.system.certPath, ids.system.keyPath));
  return doc;
}

async function rawPost(body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${sim.url}/pk_external_ws/services/skrytka`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://ws.epuap.gov.pl/skrytka/nadaj"' },
    body,
  });
  return { status: res.status, text: await res.text() };
}

function wyjatek(text: string): { kod: string; komunikat: string } {
  const doc = parseXml(text);
  const w = elementsNS(doc, NS_OB, 'Wyjatek')[0];
  assert.ok(w, `no ob:Wyjatek in ${text.slice(0, 300)}`);
  const child = (n: string) => childElements(w).find((e) => e.localName === n)?.textContent ?? '';
  return { kod: child('kod'), komunikat: child('komunikat') };
}

// --- setup ---------------------------------------------------------------------------------

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nadawca-epuap-'));
  ids = await ensureTestIdentities(join(work, 'identities'));
  sim = await startEpuapSimulator({
    port: 0, clock, identities: ids, seed: 5000,
    systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem, name: 'Jan Testowy Sp. z o.o.' }],
  });
});

after(async () => {
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

// --- identities ----------------------------------------------------------------------------

test('test identities: made once, reloaded, keys 0600, chained to the test CA, demo signer marked not qualified', async () => {
  const again = await ensureTestIdentities(join(work, 'identities'));
  assert.equal(again.demoSigner.certPem, ids.demoSigner.certPem);
  assert.equal(again.system.keyPem, ids.system.keyPem);
  for (const id of [ids.ca, ids.simulator, ids.system, ids.demoSigner]) {
    assert.equal(statSync(id.keyPath).mode & 0o777, 0o600, id.keyPath);
    assert.match(id.keyPem, /^-----BEGIN PRIVATE KEY-----/);
  }
  for (const id of [ids.simulator, ids.system, ids.demoSigner]) {
    const v = run('openssl', ['verify', '-attime', String(Math.floor(NOW.getTime() / 1000)), '-CAfile', ids.caPath, id.certPath], work);
    assert.equal(v.code, 0, v.out);
  }
  const text = run('openssl', ['x509', '-in', ids.demoSigner.certPath, '-noout', '-text', '-nameopt', 'utf8,sep_multiline'], work).out;
  assert.match(text, /CN=Jan Testowy \(TEST — NOT QUALIFIED\)/);
  assert.match(text, /O=TEST — NOT QUALIFIED/);
  assert.match(text, /Digital Signature, Non Repudiation/);
  assert.doesNotMatch(text, /qcStatements|1\.3\.6\.1\.5\.5\.7\.1\.3/);
  assert.match(run('openssl', ['x509', '-in', ids.simulator.certPath, '-noout', '-subject'], work).out, /ePUAP simulator \(TEST\) WS-Sign \/ UPP seal/);
});

// --- the happy path ------------------------------------------------------------------------

test('nadaj a signed pismo: document id, UPP returned byte for byte, filed in the KRUS box', async () => {
  await sim.reset();
  const pismo = await signedPismo();
  const r = await client().nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo });
  assert.equal(r.documentId, '5001');
  assert.equal(r.uppId, '5002');
  assert.ok(r.upp);
  assert.equal(r.upp.fileName, 'UPP.xml');

  const [filed, ...more] = sim.deliveredTo('/KRUS/SkrytkaESP');
  assert.equal(more.length, 0);
  assert.ok(filed);
  assert.deepEqual(Buffer.from(filed.content), Buffer.from(pismo));
  assert.equal(filed.fileName, 'pismo.xml');
  assert.equal(filed.sender.subject, ids.system.subject);
  assert.equal(filed.receivedAt.toISOString(), NOW.toISOString());
  assert.deepEqual(Buffer.from(r.upp.bytes), Buffer.from(filed.upp!), 'the UPP reaches the caller exactly as the simulator issued it');

  const upp = parseXml(Buffer.from(r.upp.bytes).toString('utf8'));
  const t = (local: string) => elementsNS(upp, NS_UPO, local)[0]?.textContent;
  assert.equal(t('IdentyfikatorPoswiadczenia'), 'ePUAP-UPP5002');
  assert.equal(t('IdentyfikatorDokumentu'), 'DOK5001');
  assert.equal(t('DataDoreczenia'), '2026-03-10T10:15:00.123', 'Warsaw local time (CET in March)');
  assert.equal(elementsNS(upp, 'http://crd.gov.pl/xml/schematy/struktura/2008/05/09/', 'CID').length, 1);
  const adresat = elementsNS(upp, NS_UPO, 'Adresat')[0]!;
  assert.equal(elementsNS(adresat, NS_UPO, 'Nazwa')[0]?.textContent, 'Kasa Rolniczego Ubezpieczenia Społecznego');
  assert.equal(elementsNS(adresat, NS_UPO, 'IdentyfikatorPodmiotu')[0]?.getAttribute('TypIdentyfikatora'), 'ePUAP-ID');
  const infos = elementsNS(upp, NS_UPO, 'InformacjaUzupelniajaca').map((e) => e.getAttribute('TypInformacjiUzupelniajacej'));
  assert.deepEqual(infos, ['Źródło', 'Identyfikator ePUAP dokumentu', 'Informacja', 'Pouczenie']);
});

test('the UPP seal binds the filed document: our verifier and xmlsec1 accept it, and both refuse altered bytes', async () => {
  await sim.reset();
  const pismo = await signedPismo();
  const fileName = 'wniosek-zaświadczenie.xml';
  const r = await client().nadaj({ to: '/KRUS/SkrytkaESP', fileName, contentType: 'text/xml', content: pismo });
  const uppText = Buffer.from(r.upp!.bytes).toString('utf8');
  const filedDoc = parseXml(Buffer.from(pismo).toString('utf8'));

  const ours = await verifyEnvelopedSignatures(parseXml(uppText), [{ uri: fileName, document: filedDoc }]);
  assert.equal(ours.length, 1);
  assert.equal(ours[0]!.valid, true, ours[0]!.error ?? '');
  assert.deepEqual(ours[0]!.references.slice(0, 2), ['', encodeURIComponent(fileName)]);
  const altered = parseXml(PISMO('Proszę o wydanie zaświadczenia — zmienione'));
  assert.equal((await verifyEnvelopedSignatures(parseXml(uppText), [{ uri: fileName, document: altered }]))[0]!.valid, false);

  // xmlsec1 resolves the relative URI against its working directory, not the UPP's folder:
  // run it in a folder that holds the filed document under the name it was sent as.
  const dir = folder('upp');
  writeFileSync(join(dir, 'UPP.xml'), r.upp!.bytes);
  writeFileSync(join(dir, fileName), pismo);
  const args = ['--verify', '--trusted-pem', ids.caPath, '--id-attr:Id', 'SignedProperties', '--verification-gmt-time', '2026-03-10 09:20:00', 'UPP.xml'];
  const ok = run('xmlsec1', args, dir);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /SignedInfo References \(ok\/all\): 3\/3/);

  writeFileSync(join(dir, fileName), Buffer.from(Buffer.from(pismo).toString('utf8').replace('zaświadczenia', 'zaświadczeniA'), 'utf8'));
  const bad = run('xmlsec1', args, dir);
  assert.notEqual(bad.code, 0, 'xmlsec1 must refuse the UPP when the filed document changed');

  const elsewhere = run('xmlsec1', [...args.slice(0, -1), join(dir, 'UPP.xml')], work);
  assert.notEqual(elsewhere.code, 0, 'without the filed document in the working directory the second reference cannot resolve');
});

test('the request on the wire: ob:Dokument and headers valid per xmllint --schema, WS-Security verified by xmlsec1', async () => {
  await sim.reset();
  await client().nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: await signedPismo() });
  const [captured] = sim.requests();
  assert.ok(captured);
  assert.equal(captured.soapAction, '"http://ws.epuap.gov.pl/skrytka/nadaj"');
  const dir = folder('request');
  writeFileSync(join(dir, 'request.xml'), captured.body);
  const request = parseXml(captured.body);

  const parts = [...elementsNS(request, NS_OB, 'Dokument'), ...childElements(elementsNS(request, NS_SOAP, 'Header')[0]!).filter((e) => e.namespaceURI === NS_OB)];
  assert.deepEqual(parts.map((e) => e.localName).sort(), ['AdresOdpowiedzi', 'AdresSkrytki', 'CzyProbne', 'DaneDodatkowe', 'Dokument', 'IdentyfikatorPodmiotu']);
  for (const part of parts) {
    const file = join(dir, `${part.localName}.xml`);
    writeFileSync(file, serializeXml(part));
    const v = run('xmllint', ['--noout', '--schema', XSD, file], dir);
    assert.equal(v.code, 0, `${part.localName}: ${v.out}`);
  }
  // The schema check bites: a qualified local child is an error (no elementFormDefault).
  const qualified = serializeXml(parts[0]!).replace(/<nazwaPliku>(.*?)<\/nazwaPliku>/, '<obi:nazwaPliku>$1</obi:nazwaPliku>');
  writeFileSync(join(dir, 'qualified.xml'), qualified);
  assert.notEqual(run('xmllint', ['--noout', '--schema', XSD, join(dir, 'qualified.xml')], dir).code, 0);

  // xmlsec1 finds wsu:Id when told the attribute's local name and the element.
  const ws = run('xmlsec1', ['--verify', '--pubkey-cert-pem', ids.system.certPath, '--id-attr:Id', 'Body', 'request.xml'], dir);
  assert.equal(ws.code, 0, ws.out);
  writeFileSync(join(dir, 'tampered.xml'), captured.body.replace('<nazwaPliku>pismo.xml<', '<nazwaPliku>inne.xml<'));
  assert.notEqual(run('xmlsec1', ['--verify', '--pubkey-cert-pem', ids.system.certPath, '--id-attr:Id', 'Body', 'tampered.xml'], dir).code, 0);
  assert.equal((await verifyWsSecurity(parseXml(captured.body))).ok, true);
  const tampered = await verifyWsSecurity(parseXml(readFileSync(join(dir, 'tampered.xml'), 'utf8')));
  assert.equal(tampered.ok, false);
  assert.match(tampered.reason ?? '', /digest/i);
});

test('the answer is WS-Security signed by the simulator; a client pinning that certificate accepts it, another pin is not trusted', async () => {
  await sim.reset();
  const pismo = await signedPismo();
  const r = await client({ responseCertificates: [ids.simulator.certificateDer] }).nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo });
  const check = await verifyWsSecurity(parseXml(r.responseXml));
  assert.equal(check.ok, true, check.reason ?? '');
  assert.deepEqual(Buffer.from(check.certificateDer!), Buffer.from(ids.simulator.certificateDer));
  const dir = folder('answer');
  writeFileSync(join(dir, 'answer.xml'), r.responseXml);
  const x = run('xmlsec1', ['--verify', '--pubkey-cert-pem', ids.simulator.certPath, '--id-attr:Id', 'Body', 'answer.xml'], dir);
  assert.equal(x.code, 0, x.out);

  await rejectsWith(client({ responseCertificates: [ids.system.certificateDer] }).nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo }),
    'SERVICE_UNREACHABLE', { sent: true });
});

// --- who may call --------------------------------------------------------------------------

test('a request signed by an unregistered system, or for another subject, is a SOAP fault', async () => {
  await sim.reset();
  const pismo = await signedPismo();
  const stranger = client({ system: keyFileSigner(ids.demoSigner.certPath, ids.demoSigner.keyPath) });
  const e = await rejectsWith(stranger.nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo }),
    'SERVICE_FAULT', { service: 'ePUAP', faultCode: '100' });
  assert.match(String(e.details.faultMessage), /zarejestrowan/);
  await rejectsWith(client({ subject: 'INNY_PODMIOT' }).nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo }),
    'SERVICE_FAULT', { faultCode: '100' });
  assert.equal(sim.deliveredTo('/KRUS/SkrytkaESP').length, 0);
});

test('signature wrapping is refused: the signed Body moved into a header and a new Body put in its place', async () => {
  await sim.reset();
  for (const variant of ['moved', 'duplicate-id'] as const) {
    const doc = await signedRequest('/KRUS/SkrytkaESP');
    const envelope = doc.documentElement!;
    const header = elementsNS(doc, NS_SOAP, 'Header')[0]!;
    const signedBody = elementsNS(doc, NS_SOAP, 'Body')[0]!;
    const bodyId = signedBody.getAttributeNS(NS_WSU, 'Id') ?? '';
    const wrapper = doc.createElementNS('urn:attacker', 'a:Wrapper');
    header.appendChild(wrapper);
    envelope.removeChild(signedBody);
    wrapper.appendChild(signedBody);
    const evil = buildNadajRequest({
      subject: ids.system.subject, to: '/ZOJO_Cieszyn/SkrytkaESP', replyTo: '', trial: false, extraData: new Uint8Array(),
      document: { fileName: 'podrzucony.xml', contentType: 'text/xml', content: Buffer.from('<podrzucony/>') },
    });
    const evilBody = doc.importNode(elementsNS(evil, NS_SOAP, 'Body')[0]!, true) as Element;
    if (variant === 'duplicate-id') {
      evilBody.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:wsu', NS_WSU);
      evilBody.setAttributeNS(NS_WSU, 'wsu:Id', bodyId);
    }
    envelope.appendChild(evilBody);
    const text = serializeEnvelope(doc);

    const check = await verifyWsSecurity(parseXml(text));
    assert.equal(check.ok, false, variant);
    assert.match(check.reason ?? '', variant === 'moved' ? /not the SOAP Body/ : /appears on 2 elements/);
    if (variant === 'moved') {
      // A verifier that only checks the digest of "the element with that Id" is fooled: the attack is real.
      const dir = folder('wrapping');
      writeFileSync(join(dir, 'wrapped.xml'), text);
      const naive = run('xmlsec1', ['--verify', '--pubkey-cert-pem', ids.system.certPath, '--id-attr:Id', 'Body', 'wrapped.xml'], dir);
      assert.equal(naive.code, 0, naive.out);
    }
    const res = await rawPost(text);
    assert.equal(res.status, 500);
    assert.equal(wyjatek(res.text).kod, '100');
  }
  assert.equal(sim.deliveredTo('/ZOJO_Cieszyn/SkrytkaESP').length, 0);
  assert.equal(sim.deliveredTo('/KRUS/SkrytkaESP').length, 0);
});

test('WS-Security variants ePUAP tolerates: RSA-SHA1 with a signed wsu:Timestamp (signed by xmlsec1); an expired Timestamp fails', async () => {
  const dir = folder('timestamp');
  const cert = Buffer.from(ids.system.certificateDer).toString('base64');
  const template = `<soapenv:Envelope xmlns:soapenv="${NS_SOAP}" xmlns:wsu="${NS_WSU}"><soapenv:Header>`
    + '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">'
    + '<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>2026-03-10T09:14:00Z</wsu:Created><wsu:Expires>2026-03-10T09:19:00Z</wsu:Expires></wsu:Timestamp>'
    + `<wsse:BinarySecurityToken EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary" ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3" wsu:Id="X509-1">${cert}</wsse:BinarySecurityToken>`
    + '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    + '<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>'
    + ['TS-1', 'id-body'].map((id) => `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><ds:DigestValue/></ds:Reference>`).join('')
    + '</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI="#X509-1" ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"/></wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>'
    + '</wsse:Security></soapenv:Header><soapenv:Body wsu:Id="id-body"><x:a xmlns:x="urn:x">treść</x:a></soapenv:Body></soapenv:Envelope>';
  writeFileSync(join(dir, 'template.xml'), template);
  const signed = run('xmlsec1', ['--sign', '--privkey-pem', ids.system.keyPath, '--id-attr:Id', 'Body', '--id-attr:Id', 'Timestamp', '--output', 'signed.xml', 'template.xml'], dir);
  assert.equal(signed.code, 0, signed.out);
  const doc = parseXml(readFileSync(join(dir, 'signed.xml'), 'utf8'));
  const ok = await verifyWsSecurity(doc, { now: new Date('2026-03-10T09:15:00Z') });
  assert.equal(ok.ok, true, ok.reason ?? '');
  const late = await verifyWsSecurity(doc, { now: new Date('2026-03-10T09:30:00Z') });
  assert.equal(late.ok, false);
  assert.match(late.reason ?? '', /expired/);
});

// --- where it goes and what boxes accept ---------------------------------------------------

test('an unknown box is a rejection (status ≠ 1) naming the box; a malformed address is a fault; the client refuses non-addresses itself', async () => {
  await sim.reset();
  const pismo = await signedPismo();
  const e = await rejectsWith(client().nadaj({ to: '/ZOJO_Cieszyn/Skrytka', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo }),
    'SERVICE_REJECTED', { service: 'ePUAP' });
  assert.match(String(e.details.reason), /\/ZOJO_Cieszyn\/Skrytka nie istnieje/, 'box names are case-sensitive');

  const res = await rawPost(serializeEnvelope(await signedRequest('/KRUS/SkrytkaESP/extra')));
  assert.equal(res.status, 500);
  assert.deepEqual(wyjatek(res.text).kod, '102');

  const before = sim.requests().length;
  await rejectsWith(client().nadaj({ to: 'KRUS', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo }), 'INVALID_INPUT');
  assert.equal(sim.requests().length, before, 'nothing was sent');
  assert.throws(() => client({ baseUrl: 'ftp://127.0.0.1' }), (e: unknown) => e instanceof AppError && e.code === 'INVALID_INPUT');
});

test('box rules: KRUS wants a signature and at most 3 MB; CUW SkrytkaESP takes unsigned letters; a non-XML document is a fault', async () => {
  await sim.reset();
  const unsigned = Buffer.from(PISMO('bez podpisu'), 'utf8');
  const e = await rejectsWith(client().nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: unsigned }), 'SERVICE_REJECTED');
  assert.match(String(e.details.reason), /podpisane/);
  const r = await client().nadaj({ to: '/ZOJO_Cieszyn/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: unsigned });
  assert.ok(r.upp);
  assert.equal(sim.deliveredTo('/ZOJO_Cieszyn/SkrytkaESP').length, 1);

  const big = Buffer.from(`<a>${'x'.repeat(3 * MB)}</a>`, 'utf8');
  const tooBig = await rejectsWith(client().nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'duzy.xml', contentType: 'text/xml', content: big }), 'SERVICE_REJECTED');
  assert.match(String(tooBig.details.reason), /najwyżej 3145728 B/);

  await rejectsWith(client().nadaj({ to: '/ZOJO_Cieszyn/SkrytkaESP', fileName: 'pismo.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7\n') }),
    'SERVICE_FAULT', { faultCode: '103' });
  assert.equal(sim.deliveredTo('/KRUS/SkrytkaESP').length, 0);
});

test('a body that breaks obiektypk.xsd (qualified local child) is a fault carrying the schema message', async () => {
  await sim.reset();
  const doc = buildNadajRequest({
    subject: ids.system.subject, to: '/KRUS/SkrytkaESP', replyTo: '', trial: false, extraData: new Uint8Array(),
    document: { fileName: 'pismo.xml', contentType: 'text/xml', content: await signedPismo() },
  });
  const dokument = elementsNS(doc, NS_OB, 'Dokument')[0]!;
  const plain = childElements(dokument)[0]!;
  const qualified = doc.createElementNS(NS_OB, 'obi:nazwaPliku');
  qualified.appendChild(doc.createTextNode('pismo.xml'));
  dokument.replaceChild(qualified, plain);
  await signWsSecurity(doc, keyFileSigner(ids.system.certPath, ids.system.keyPath));
  const res = await rawPost(serializeEnvelope(doc));
  const w = wyjatek(res.text);
  assert.equal(w.kod, '101');
  assert.match(w.komunikat, /nazwaPliku/);
});

test('CzyProbne: status 1, nothing delivered, no UPP', async () => {
  await sim.reset();
  const r = await client().nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: await signedPismo(), trial: true });
  assert.equal(r.upp, null);
  assert.equal(r.uppId, null);
  assert.equal(r.documentId, '');
  assert.equal(sim.deliveredTo('/KRUS/SkrytkaESP').length, 0);
  assert.match(sim.requests()[0]!.body, /<obi:CzyProbne>1<\/obi:CzyProbne>/);
});

test('a box without UPP in the answer pushes the UPP to the sender\'s reply box', async () => {
  const reply = `/${ids.system.subject}/SkrytkaESP`;
  const other = await startEpuapSimulator({
    clock, identities: ids, seed: 1,
    systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem }],
    boxes: [{ address: '/URZAD/skrytka', name: 'Urząd Testowy', upp: false }, { address: reply, name: 'Nadawca' }],
  });
  try {
    const r = await client({ baseUrl: other.url }).nadaj({ to: '/URZAD/skrytka', fileName: 'pismo.xml', contentType: 'text/xml', content: await signedPismo() });
    assert.equal(r.upp, null);
    assert.equal(r.documentId, '2');
    const [pushed] = other.deliveredTo(reply);
    assert.equal(pushed?.fileName, 'UPP.xml');
    assert.equal(parseXml(Buffer.from(pushed!.content).toString('utf8')).documentElement!.namespaceURI, NS_UPO);
  } finally {
    await other.stop();
  }
});

// --- faults and the `sent` flag ------------------------------------------------------------

test('injected faults map to the right error and an accurate `sent` flag', async () => {
  const pismo = await signedPismo();
  const send = (c = client()) => c.nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo });
  const filed = () => sim.deliveredTo('/KRUS/SkrytkaESP').length;

  await sim.reset();
  await sim.injectFault({ kind: 'refuse' });
  await rejectsWith(send(), 'SERVICE_UNREACHABLE', { service: 'ePUAP', sent: false });
  await rejectsWith(send(), 'SERVICE_UNREACHABLE', { sent: false });
  await sim.injectFault(null);
  assert.ok((await send()).upp, 'listening again once the fault is cleared');
  assert.equal(sim.requests().length, 1, 'refused connections never reached the simulator');

  const cases: Array<{ kind: Parameters<EpuapSimulator['injectFault']>[0] & object; code: string; details: Record<string, unknown>; filed: number }> = [
    { kind: { kind: 'timeout' }, code: 'SERVICE_UNREACHABLE', details: { sent: true }, filed: 0 },
    { kind: { kind: 'http500' }, code: 'SERVICE_UNREACHABLE', details: { sent: true }, filed: 0 },
    { kind: { kind: 'soapFault' }, code: 'SERVICE_FAULT', details: { faultCode: '500' }, filed: 0 },
    { kind: { kind: 'rejected' }, code: 'SERVICE_REJECTED', details: { service: 'ePUAP' }, filed: 0 },
    { kind: { kind: 'malformed' }, code: 'SERVICE_UNREACHABLE', details: { sent: true }, filed: 1 },
    { kind: { kind: 'dropAfterReceive' }, code: 'SERVICE_UNREACHABLE', details: { sent: true }, filed: 1 },
  ];
  for (const c of cases) {
    await sim.reset();
    await sim.injectFault(c.kind);
    // Only the hanging case needs a short client time-out; the others answer (or drop) after processing.
    await rejectsWith(send(client({ timeoutMs: c.kind.kind === 'timeout' ? 400 : 10_000 })), c.code, c.details);
    assert.equal(filed(), c.filed, `${c.kind.kind}: documents filed despite the error`);
    const after = await send();
    assert.ok(after.upp, `${c.kind.kind}: the fault applies once`);
  }

  await sim.reset();
  await sim.injectFault({ kind: 'http500', times: 2 });
  await rejectsWith(send(), 'SERVICE_UNREACHABLE', { sent: true });
  await rejectsWith(send(), 'SERVICE_UNREACHABLE', { sent: true });
  assert.ok((await send()).upp);
});

test('badUppSignature: the document is filed and the call succeeds, but the UPP fails verification', async () => {
  await sim.reset();
  const pismo = await signedPismo();
  await sim.injectFault({ kind: 'badUppSignature' });
  const r = await client().nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo });
  assert.equal(sim.deliveredTo('/KRUS/SkrytkaESP').length, 1);
  const [check] = await verifyEnvelopedSignatures(parseXml(Buffer.from(r.upp!.bytes).toString('utf8')), [{ uri: 'pismo.xml', document: parseXml(Buffer.from(pismo).toString('utf8')) }]);
  assert.equal(check?.valid, false);
  const good = await client().nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: pismo });
  const [fine] = await verifyEnvelopedSignatures(parseXml(Buffer.from(good.upp!.bytes).toString('utf8')), [{ uri: 'pismo.xml', document: parseXml(Buffer.from(pismo).toString('utf8')) }]);
  assert.equal(fine?.valid, true, fine?.error ?? '');
});

test('a stopped simulator: SERVICE_UNREACHABLE with sent: false', async () => {
  const gone = await startEpuapSimulator({ clock, identities: ids, systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem }] });
  await gone.stop();
  await rejectsWith(client({ baseUrl: gone.url }).nadaj({ to: '/KRUS/SkrytkaESP', fileName: 'pismo.xml', contentType: 'text/xml', content: await signedPismo() }),
    'SERVICE_UNREACHABLE', { service: 'ePUAP', url: `${gone.url}/pk_external_ws/services/skrytka`, sent: false });
});

// --- contracts -----------------------------------------------------------------------------

test('?wsdl serves skrytka.wsdl without the sign-policy import and #Sign references, pointing at the simulator', async () => {
  const res = await fetch(`${sim.url}/pk_external_ws/services/skrytka?wsdl`);
  assert.equal(res.status, 200);
  const text = await res.text();
  const doc = parseXml(text);
  assert.equal(doc.documentElement!.getAttribute('targetNamespace'), 'http://ws.epuap.gov.pl/skrytka/');
  assert.doesNotMatch(text, /sign-policy|PolicyReference/);
  assert.match(text, new RegExp(`location="${sim.url}/pk_external_ws/services/skrytka"`));
  assert.equal(elementsNS(doc, 'http://schemas.xmlsoap.org/wsdl/', 'operation').length, 4);
  const xsd = await fetch(`${sim.url}/pk_external_ws/services/obiektypk.xsd`);
  assert.deepEqual(Buffer.from(await xsd.arrayBuffer()), readFileSync(XSD));
  const shipped = readFileSync(resolve(__dirname, '../../resources/runtime/contracts/epuap/skrytka.wsdl'), 'utf8');
  assert.match(shipped, /sign-policy\.wsdl/, 'the shipped copy itself stays unchanged');
});
