/**
 * The first vertical slice through real components: compose → sign with a SoftHSM key in the
 * signer host (PIN typed) → queue → send to the ePUAP simulator → UPP stored, verified, tied.
 * Every signature is also checked by xmlsec1.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelInput, FilingDetail, ReceiptDetail } from '../../electron/common/contract';
import type { Result } from '../../electron/common/result';
import { parseXml } from '../../electron/node/xml/dom';
import { NS_DS, NS_XADES } from '../../electron/node/xml/xades';
import { writeProofPackage } from '../../electron/node/receipts/proof-package';
import { startTestServices, type TestServices } from '../harness/services';
import type { TestEnvironment } from '../harness/test-env';
import { xmlsecVerify } from '../harness/xmlsec';

let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let env: TestEnvironment;
const work = mkdtempSync(join(tmpdir(), 'nadawca-slice-'));

before(async () => {
  ctx = await startTestServices();
  services = ctx.services;
  env = ctx.env;
});
after(async () => { await ctx?.close(); });

const letter = (over: Partial<ChannelInput<'filings.create'>> = {}): ChannelInput<'filings.create'> => ({
  sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1' } },
  addressee: { name: 'Kasa Rolniczego Ubezpieczenia Społecznego', inbox: '/KRUS/SkrytkaESP' },
  place: 'Cieszyn', date: '2026-11-23', title: 'Wniosek o zaświadczenie', content: ['Proszę o wydanie zaświadczenia.', 'Drugi akapit & <znaki>.'],
  attachments: [{ fileName: 'zalacznik.pdf', description: 'Kopia', contentBase64: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64') }],
  ...over,
});

async function call<T>(channel: string, input: unknown): Promise<Result<T>> {
  return (await services.router(channel, input)) as Result<T>;
}
async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await call<T>(channel, input);
  if (!r.ok) assert.fail(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

function signedFile(f: FilingDetail, name = f.fileName): string {
  const path = join(work, `${f.id}-${name}`);
  writeFileSync(path, services.blobs.get(f.documentSha256!));
  return path;
}

function xmlsecTrustingTestPki(file: string) {
  return xmlsecVerify(file, { trusted: [env.pki.rootCa.cert], untrusted: [env.pki.qualifiedCa.cert] });
}

test('compose → sign (qualified RSA on SoftHSM) → xmlsec1 accepts the enveloped XAdES-BES', async () => {
  const created = await ok<FilingDetail>('filings.create', letter());
  assert.equal(created.state, 'draft');
  const signed = await ok<FilingDetail>('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  assert.equal(signed.state, 'signed');
  const file = signedFile(signed);
  const check = xmlsecTrustingTestPki(file);
  assert.ok(check.ok, check.output);

  const doc = parseXml(readFileSync(file, 'utf8'));
  const root = doc.documentElement!;
  assert.equal(root.namespaceURI, 'http://crd.gov.pl/wzor/2017/10/24/4566/', 'wzór 4566 by default');
  const last = Array.from(root.childNodes).filter((n) => n.nodeType === 1).pop() as Element;
  assert.equal(last.namespaceURI, NS_DS);
  assert.equal(last.localName, 'Signature', 'ds:Signature is the last child of wnio:Dokument');
  for (const name of ['SigningTime', 'SigningCertificateV2', 'DataObjectFormat', 'MimeType']) {
    assert.equal(doc.getElementsByTagNameNS(NS_XADES, name).length, 1, name);
  }
  const qp = doc.getElementsByTagNameNS(NS_XADES, 'QualifyingProperties')[0]!;
  assert.equal(qp.getAttribute('Target'), `#${last.getAttribute('Id')}`, 'QualifyingProperties target the signature');
  const methods = Array.from(doc.getElementsByTagNameNS(NS_DS, 'DigestMethod')).map((e) => e.getAttribute('Algorithm'));
  assert.ok(methods.every((m) => m === 'http://www.w3.org/2001/04/xmlenc#sha256'), `SHA-256 everywhere: ${methods}`);
  assert.match(readFileSync(file, 'utf8'), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<\?xml-stylesheet type="text\/xsl" href="http:\/\/crd.gov.pl\/wzor\/2017\/10\/24\/4566\/styl.xsl"\?>/);

  // Altering one character of the signed content must make the independent verifier refuse it.
  const tampered = join(work, 'tampered.xml');
  writeFileSync(tampered, readFileSync(file, 'utf8').replace('Proszę o wydanie', 'Proszę o wydane'));
  assert.equal(xmlsecTrustingTestPki(tampered).ok, false);
});

test('queue → send → UPP stored byte for byte, verified and tied to the filing; proof package verifies in xmlsec1', async () => {
  const created = await ok<FilingDetail>('filings.create', letter({ title: 'Pismo z poświadczeniem' }));
  await ok('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  const events: string[] = [];
  const off = services.subscribe((name, payload) => { if (name === 'outbox.changed' && payload.id === created.id) events.push(payload.state); });
  const queued = await ok<FilingDetail>('filings.send', { id: created.id });
  assert.equal(queued.state, 'queued');
  await services.outbox.run();
  off();
  const done = await ok<FilingDetail>('filings.get', { id: created.id });
  assert.equal(done.state, 'delivered', done.lastError ?? '');
  assert.deepEqual(events.filter((s, i) => s !== events[i - 1]), ['queued', 'sending', 'delivered']);
  assert.equal(done.receiptIds.length, 1);
  const receipt = await ok<ReceiptDetail>('receipts.get', { id: done.receiptIds[0] });
  assert.equal(receipt.kind, 'UPP');
  assert.equal(receipt.filingId, created.id);
  assert.equal(receipt.verified, true, JSON.stringify(receipt.checks));
  assert.deepEqual(receipt.checks.map((c) => c.name).sort(), ['document-id', 'filed-document', 'signature', 'signer-trusted']);
  assert.match(receipt.xml, /<pos:UPP>/);
  assert.deepEqual(done.events.map((e) => e.kind), ['created', 'signed', 'queued', 'sending', 'accepted', 'receipt']);

  const pkgDir = join(work, 'package');
  const manifest = writeProofPackage(pkgDir, created.id, services);
  assert.deepEqual(readdirSync(pkgDir).sort(), [done.fileName, manifest.receipts[0]!.file, 'manifest.json'].sort());
  const upp = xmlsecVerify(join(pkgDir, manifest.receipts[0]!.file), { trusted: services.environment.trustAnchorPems.map((pem, i) => { const p = join(work, `anchor${i}.pem`); writeFileSync(p, pem); return p; }), cwd: pkgDir });
  assert.ok(upp.ok, upp.output);
  assert.match(upp.output, /SignedInfo References \(ok\/all\): 3\/3/, 'the UPP reference to the filed document resolved and matched');
  assert.throws(() => writeProofPackage(pkgDir, created.id, services), /already holds/);
});

test('the key with CKA_ALWAYS_AUTHENTICATE signs (context-specific login) and xmlsec1 accepts it', async () => {
  const created = await ok<FilingDetail>('filings.create', letter());
  const signed = await ok<FilingDetail>('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedRsaAlwaysAuth, pin: env.tokens.qes.pin });
  const check = xmlsecTrustingTestPki(signedFile(signed));
  assert.ok(check.ok, check.output);
});

test('an EC P-256 card key signs (ecdsa-sha256, raw r||s) and xmlsec1 accepts it', async () => {
  const created = await ok<FilingDetail>('filings.create', letter({ template: '1410' }));
  const signed = await ok<FilingDetail>('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin });
  const file = signedFile(signed);
  assert.match(readFileSync(file, 'utf8'), /xmldsig-more#ecdsa-sha256/);
  const check = xmlsecTrustingTestPki(file);
  assert.ok(check.ok, check.output);
});

test('a wrong PIN: clear error, no retry, filing still a draft, the PIN is nowhere in the reply', async () => {
  const created = await ok<FilingDetail>('filings.create', letter());
  const wrongPin = '987654';
  const r = await call('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: wrongPin });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.code, 'PIN_INCORRECT');
  assert.match(r.error.message, /Wrong PIN/);
  assert.match(r.error.message, /not be retried/);
  assert.doesNotMatch(JSON.stringify(r), new RegExp(wrongPin));
  const still = await ok<FilingDetail>('filings.get', { id: created.id });
  assert.equal(still.state, 'draft');
  assert.equal(still.documentSha256, null);
  // The right PIN afterwards works: nothing was locked or left logged in.
  const signed = await ok<FilingDetail>('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  assert.equal(signed.state, 'signed');
});

test('bad input names each wrong field and creates nothing', async () => {
  const before = (await ok<unknown[]>('outbox.list', {})).length;
  const r = await call('filings.create', letter({ title: '', addressee: { name: 'KRUS', inbox: 'KRUS-skrytka' }, sender: { address: { postalCode: '43400', city: 'Cieszyn', building: '1' } } }));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'INVALID_INPUT');
    for (const f of ['title', 'addressee.inbox', 'sender.address.postalCode', 'sender']) assert.ok((r.error.details?.fields as string[]).includes(f), `${f}: ${r.error.message}`);
  }
  const empty = await call('filings.create', letter({ attachments: [{ fileName: 'pusty.pdf', contentBase64: '====' }] }));
  assert.equal(empty.ok, false);
  if (!empty.ok) {
    assert.equal(empty.error.code, 'ATTACHMENT_UNREADABLE');
    assert.match(empty.error.message, /pusty\.pdf/);
  }
  // The attachment rules are enforced when the filing is created, whoever calls: a program
  // renamed to .pdf, and more than KRUS's 3 MB, are refused with the file and the limit named.
  const exe = await call('filings.create', letter({ attachments: [{ fileName: 'faktura.pdf', contentBase64: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 1)]).toString('base64') }] }));
  assert.equal(exe.ok, false);
  if (!exe.ok) {
    assert.equal(exe.error.code, 'ATTACHMENTS_REFUSED');
    assert.match(exe.error.message, /faktura\.pdf/);
  }
  const big = await call('filings.create', letter({ attachments: [{ fileName: 'skan.pdf', contentBase64: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 7)]).toString('base64') }] }));
  assert.equal(big.ok, false);
  if (!big.ok) {
    assert.equal(big.error.code, 'ATTACHMENTS_REFUSED');
    assert.match(big.error.message, /3 MB/);
    assert.match(big.error.message, /KRUS|Kasa Rolniczego/);
  }
  assert.equal((await ok<unknown[]>('outbox.list', {})).length, before);
});

test('signing a filing twice is refused with its state named', async () => {
  const created = await ok<FilingDetail>('filings.create', letter());
  await ok('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  const again = await call('filings.sign', { id: created.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  assert.equal(again.ok, false);
  if (!again.ok) assert.equal(again.error.code, 'INVALID_STATE');
});
