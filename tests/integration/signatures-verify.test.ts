/**
 * Verification reports (DSS simple-report style) for signatures made here with SoftHSM keys: valid
 * ones pass with level, timestamp, chain, revocation and qualification filled in; tampering, a wrong
 * detached file, an expired or revoked signer (revoked through the local OCSP responder), an
 * untrusted chain and signature wrapping each fail or stay indeterminate with their own reason.
 * Receipts (UPP) are verified against the filed document they bind.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { verificationReportSchema, type VerificationReport } from '../../electron/common/verification-report';
import type { Pkcs11Signer } from '../../electron/node/signer/client';
import type { Signer } from '../../electron/node/signer/types';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import { xmlSignerFor } from '../../electron/node/signer/xml-signer';
import { parseXml } from '../../electron/node/xml/dom';
import { issueUpp } from '../../electron/simulators/epuap/upp';
import { signCades, signXades, verifyFile } from '../../electron/node/signatures/api';
import type { TestEnvironment } from '../harness/test-env';
import { reissue, revoke, startCrl, startSignatureBench, type LocalService, type SignatureBench } from '../harness/signature-services';
import { samplePismo } from '../harness/signature-samples';
import { xmlsecVerify } from '../harness/xmlsec';


let env: TestEnvironment;
let signer: Pkcs11Signer;
let tsa: LocalService;
let ocsp: LocalService;
let work: string;
let pismo: string;
let pdf: string;

let bench: SignatureBench;

before(async () => {
  bench = await startSignatureBench('verify-');
  ({ env, signer, tsa, ocsp, work } = bench);
  pismo = await samplePismo(path.join(work, 'pismo.xml'));
  pdf = path.join(work, 'umowa.pdf');
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 3)]));
});
after(() => bench.close());

type Role = 'qualifiedRsa' | 'qualifiedEc' | 'expired' | 'nonQualified';
const id = (role: Role) => ({ signer, certificateId: env.tokens.certificateIds[role], pin: env.tokens.qes.pin });
const chain = () => [new X509Certificate(readFileSync(env.pki.qualifiedCa.cert)), new X509Certificate(readFileSync(env.pki.rootCa.cert))];
const levels = { tsa: () => [{ url: tsa.url }], revocation: () => ({ online: true, ocspUrl: ocsp.url }) };

async function verify(file: string, o: { detachedContent?: string; anchors?: string[]; online?: boolean } = {}): Promise<VerificationReport> {
  const report = await verifyFile({ file, detachedContent: o.detachedContent, trustAnchors: o.anchors ?? [env.pki.rootCa.cert], online: o.online ?? true, ocspUrl: ocsp.url });
  return verificationReportSchema.parse(report); // the report is what crosses IPC: it must satisfy its own schema
}
const codes = (r: VerificationReport) => r.signatures.flatMap((s) => s.reasons.map((x) => x.code));

test('valid XAdES B-LT pismo and CAdES B-T: TOTAL_PASSED with level, timestamp, chain, revocation, qualified status and what is signed', async () => {
  const xml = path.join(work, 'pismo-blt.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-LT', input: pismo, output: xml, tsa: levels.tsa(), chain: chain(), revocation: levels.revocation() });
  const r = await verify(xml, { online: false });
  assert.equal(r.indication, 'TOTAL_PASSED', JSON.stringify(r.signatures[0]?.reasons));
  const s = r.signatures[0]!;
  assert.equal(s.format, 'XAdES');
  assert.equal(s.form, 'enveloped');
  assert.equal(s.level, 'B-LT');
  assert.equal(s.revocation.status, 'GOOD');
  assert.equal(s.revocation.source, 'EMBEDDED_OCSP');
  assert.equal(s.timestamps[0]?.indication, 'TOTAL_PASSED');
  assert.ok(s.bestSignatureTime);
  assert.equal(s.chain.trusted, true);
  assert.equal(s.chain.certificates.length, 3);
  assert.equal(s.qualification?.status, 'QESig');
  assert.equal(s.signer?.commonName, 'Jan Testowy');
  assert.deepEqual(s.signedObjects.map((o) => [o.kind, o.intact]), [['whole-document', true], ['signed-properties', true]]);

  const p7s = path.join(work, 'umowa.pdf.p7s');
  await signCades({ ...id('qualifiedEc'), mode: 'detached', level: 'B-T', input: pdf, output: p7s, tsa: levels.tsa(), chain: chain() });
  const c = await verify(p7s, { detachedContent: pdf });
  assert.equal(c.indication, 'TOTAL_PASSED', JSON.stringify(c.signatures[0]?.reasons));
  assert.equal(c.signatures[0]?.format, 'CAdES');
  assert.equal(c.signatures[0]?.level, 'B-T');
  assert.equal(c.signatures[0]?.revocation.source, 'OCSP');
  const nq = path.join(work, 'nq.p7m');
  await signCades({ ...id('nonQualified'), mode: 'attached', level: 'B-B', input: pdf, output: nq, chain: chain() });
  const n = await verify(nq);
  assert.equal(n.signatures[0]?.qualification?.status, 'AdES');
  assert.ok(codes(n).includes('NOT_QUALIFIED'));
});

test('tampered documents and wrong detached content fail with HASH_FAILURE and the reference named', async () => {
  const xml = path.join(work, 'pismo-bb.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-B', input: pismo, output: xml });
  const tampered = path.join(work, 'pismo-tampered.xml');
  writeFileSync(tampered, readFileSync(xml, 'utf8').replace('Treść pisma.', 'Treść zmieniona.'));
  assert.equal(xmlsecVerify(tampered, { trusted: [env.pki.rootCa.cert], untrusted: [env.pki.qualifiedCa.cert] }).ok, false);
  const t = await verify(tampered);
  assert.equal(t.indication, 'TOTAL_FAILED');
  assert.equal(t.subIndication, 'HASH_FAILURE');
  assert.ok(codes(t).includes('REFERENCE_DIGEST_MISMATCH'));

  const sigValue = path.join(work, 'pismo-badvalue.xml');
  writeFileSync(sigValue, readFileSync(xml, 'utf8').replace(/(<ds:SignatureValue[^>]*>)(.)/, (_, a: string, c: string) => a + (c === 'A' ? 'B' : 'A')));
  const sv = await verify(sigValue);
  assert.equal(sv.subIndication, 'SIG_CRYPTO_FAILURE');
  assert.ok(codes(sv).includes('SIGNATURE_VALUE_INVALID'));

  const xades = path.join(work, 'umowa.pdf.xades');
  await signXades({ ...id('qualifiedEc'), mode: 'detached', level: 'B-B', input: pdf, output: xades, chain: chain() });
  assert.equal((await verify(xades, { detachedContent: pdf })).indication, 'TOTAL_PASSED');
  const wrong = path.join(work, 'inna.pdf');
  writeFileSync(wrong, Buffer.from('%PDF-1.7\ninny plik\n'));
  const w = await verify(xades, { detachedContent: wrong });
  assert.equal(w.subIndication, 'HASH_FAILURE');
  assert.ok(codes(w).includes('DETACHED_CONTENT_MISMATCH'));
  const missing = await verify(xades);
  assert.equal(missing.indication, 'INDETERMINATE');
  assert.equal(missing.subIndication, 'SIGNED_DATA_NOT_FOUND');

  const p7s = path.join(work, 'bb.p7s');
  await signCades({ ...id('qualifiedRsa'), mode: 'detached', level: 'B-B', input: pdf, output: p7s });
  const cw = await verify(p7s, { detachedContent: wrong });
  assert.equal(cw.subIndication, 'HASH_FAILURE');
  assert.ok(codes(cw).includes('DETACHED_CONTENT_MISMATCH'));
  const p7m = path.join(work, 'bb.p7m');
  await signCades({ ...id('qualifiedRsa'), mode: 'attached', level: 'B-B', input: pdf, output: p7m });
  const bytes = readFileSync(p7m);
  const at = bytes.indexOf(Buffer.alloc(16, 3));
  bytes[at] = 4;
  const tp = path.join(work, 'bb-tampered.p7m');
  writeFileSync(tp, bytes);
  const tr = await verify(tp);
  assert.equal(tr.subIndication, 'HASH_FAILURE');
  assert.ok(codes(tr).includes('REFERENCE_DIGEST_MISMATCH'));
});

test('expired signer, untrusted chain and no anchors are reported with their own reasons', async () => {
  const expired = path.join(work, 'expired.p7s');
  await signCades({ ...id('expired'), mode: 'detached', level: 'B-B', input: pdf, output: expired });
  const e = await verify(expired, { detachedContent: pdf });
  assert.equal(e.indication, 'TOTAL_FAILED');
  assert.equal(e.subIndication, 'EXPIRED');
  assert.ok(codes(e).includes('CERT_EXPIRED'));

  const xml = path.join(work, 'untrusted.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-B', input: pismo, output: xml });
  const u = await verify(xml, { anchors: [env.pki.system.cert] });
  assert.equal(u.indication, 'INDETERMINATE');
  assert.equal(u.subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
  assert.ok(codes(u).includes('CHAIN_UNTRUSTED'));
  const none = await verify(xml, { anchors: [] });
  assert.ok(codes(none).includes('NO_TRUST_ANCHORS'));
});

test('a certificate revoked at the OCSP responder (or on the CRL) makes the signature TOTAL_FAILED / REVOKED', async () => {
  // A second certificate for the SoftHSM qualifiedRsa key, so revoking it leaves the shared one alone.
  const cert = reissue(env.pki, env.pki.signers.qualifiedRsa, 'revokedSigner');
  const der = new Uint8Array(readFileSync(cert.der));
  const base = id('qualifiedRsa');
  const wrapped: Signer = { ...signer, certificate: async () => der, sign: (req) => signer.sign({ ...req, certificateId: base.certificateId }), listCertificates: () => signer.listCertificates(), close: async () => {} };
  const xml = path.join(work, 'revoked.xml');
  await signXades({ signer: wrapped, certificateId: base.certificateId, pin: base.pin, mode: 'enveloped', level: 'B-B', input: pismo, output: xml, chain: chain() });
  assert.equal((await verify(xml)).indication, 'TOTAL_PASSED');
  revoke(env.pki, cert);
  const r = await verify(xml);
  assert.equal(r.indication, 'TOTAL_FAILED');
  assert.equal(r.subIndication, 'REVOKED');
  assert.equal(r.signatures[0]?.revocation.status, 'REVOKED');
  assert.ok(codes(r).includes('CERT_REVOKED'));
  const offline = await verify(xml, { online: false });
  assert.ok(codes(offline).includes('REVOCATION_NOT_CHECKED'));
  // OCSP unreachable: the CRL says the same.
  const crl = await startCrl(env.pki);
  try {
    const viaCrl = verificationReportSchema.parse(await verifyFile({ file: xml, trustAnchors: [env.pki.rootCa.cert], online: true, ocspUrl: 'http://127.0.0.1:9/', crlUrl: crl.url }));
    assert.equal(viaCrl.subIndication, 'REVOKED');
    assert.equal(viaCrl.signatures[0]?.revocation.source, 'CRL');
    const noneReachable = await verifyFile({ file: xml, trustAnchors: [env.pki.rootCa.cert], online: true, ocspUrl: 'http://127.0.0.1:9/', crlUrl: 'http://127.0.0.1:9/crl' });
    assert.equal(noneReachable.indication, 'INDETERMINATE');
    assert.equal(noneReachable.subIndication, 'TRY_LATER');
    assert.ok(noneReachable.signatures[0]!.reasons.some((x) => x.code === 'REVOCATION_UNAVAILABLE'));
  } finally {
    await crl.close();
  }
});

test('signature wrapping: a duplicated Id and a signature moved out of the root are refused, not passed', async () => {
  const env1 = path.join(work, 'enveloping.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloping', level: 'B-B', input: pdf, output: env1 });
  const text = readFileSync(env1, 'utf8');
  const objectId = /<ds:Object Id="([^"]+)"/.exec(text)![1]!;
  // XSW: a forged object with the same Id placed first, where a naive resolver would find it.
  const forged = text.replace('<ds:SignedInfo>', `<ds:Object Id="${objectId}">${Buffer.from('%PDF-1.7 podrobiony').toString('base64')}</ds:Object><ds:SignedInfo>`);
  const f1 = path.join(work, 'xsw-duplicate.xml');
  writeFileSync(f1, forged);
  const r1 = await verify(f1);
  assert.equal(r1.indication, 'TOTAL_FAILED');
  assert.ok(codes(r1).includes('DUPLICATE_ID'), JSON.stringify(codes(r1)));

  const signed = path.join(work, 'pismo-xsw.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-B', input: pismo, output: signed });
  const moved = readFileSync(signed, 'utf8').replace(/(<ds:Signature[\s\S]*<\/ds:Signature>)/, '<wnio:Inne>$1</wnio:Inne>');
  const f2 = path.join(work, 'xsw-moved.xml');
  writeFileSync(f2, moved);
  const r2 = await verify(f2);
  assert.notEqual(r2.indication, 'TOTAL_PASSED');
  assert.ok(codes(r2).includes('SIGNATURE_WRAPPING'), JSON.stringify(codes(r2)));
});

test('receipts: a UPP sealed over the filed pismo passes with that pismo, fails with another one or when changed', async () => {
  const seal = createFileSigner({ keyPem: env.pki.simulator.key, certPem: env.pki.simulator.cert, label: 'seal' });
  const sealId = (await seal.listCertificates())[0]!.id;
  const filed = await samplePismo(path.join(work, 'Pismo_2026-11-23_abc.xml'));
  const input = {
    uppId: '77', documentId: '123', recipient: { name: 'Urząd Testowy', subject: 'urzad' }, sender: { name: 'Jan Testowy', subject: 'jan' },
    deliveredAt: new Date(), filed: { fileName: path.basename(filed), document: parseXml(readFileSync(filed, 'utf8')) },
  };
  const upp = path.join(work, 'UPP.xml');
  writeFileSync(upp, await issueUpp(input, await xmlSignerFor(seal, sealId, null)));
  const ok = await verify(upp, { detachedContent: filed, anchors: [env.pki.chainPem] });
  assert.equal(ok.indication, 'TOTAL_PASSED', JSON.stringify(codes(ok)));
  assert.ok(codes(ok).includes('SEAL_NOT_SIGNATURE'));
  assert.deepEqual(ok.signatures[0]!.signedObjects.map((o) => [o.kind, o.intact]), [['whole-document', true], ['detached-file', true], ['signed-properties', true]]);

  const other = path.join(work, 'inne-pismo.xml');
  writeFileSync(other, readFileSync(filed, 'utf8').replace('Treść pisma.', 'Inna treść.'));
  const wrong = await verify(upp, { detachedContent: other, anchors: [env.pki.chainPem] });
  assert.equal(wrong.subIndication, 'HASH_FAILURE');
  assert.ok(codes(wrong).includes('DETACHED_CONTENT_MISMATCH'));
  assert.ok(!codes(wrong).includes('REFERENCE_DIGEST_MISMATCH'), 'the receipt itself is intact');

  const tamperedUpp = path.join(work, 'UPP-zmienione.xml');
  writeFileSync(tamperedUpp, await issueUpp(input, await xmlSignerFor(seal, sealId, null), { tamper: true }));
  const t = await verify(tamperedUpp, { detachedContent: filed, anchors: [env.pki.chainPem] });
  assert.equal(t.subIndication, 'HASH_FAILURE');
  assert.ok(codes(t).includes('REFERENCE_DIGEST_MISMATCH'));
});

test('co-signed pismo: both parallel signatures are reported and pass', async () => {
  const first = path.join(work, 'co-1.xml');
  const second = path.join(work, 'co-2.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-B', input: pismo, output: first, coSignable: true, chain: chain() });
  await signXades({ ...id('qualifiedEc'), mode: 'enveloped', level: 'B-B', input: first, output: second, chain: chain() });
  const r = await verify(second);
  assert.equal(r.signaturesCount, 2);
  assert.equal(r.indication, 'TOTAL_PASSED', JSON.stringify(codes(r)));
});
