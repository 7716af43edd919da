/**
 * XAdES end to end with a SoftHSM key: enveloped (the pismo), enveloping and detached; B-B, B-T and
 * B-LT against a local TSA and OCSP responder; parallel co-signing. xmlsec1 checks every signature
 * (both after co-signing), openssl ts -verify every signature timestamp.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../electron/common/errors';
import type { Pkcs11Signer } from '../../electron/node/signer/client';
import { signXades } from '../../electron/node/signatures/api';
import type { TestEnvironment } from '../harness/test-env';
import { startSignatureBench, type LocalService, type SignatureBench } from '../harness/signature-services';
import { xmlsecVerify } from '../harness/xmlsec';
import { samplePismo } from '../harness/signature-samples';

const SECOND = "(//*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#'])[2]";

let env: TestEnvironment;
let signer: Pkcs11Signer;
let tsa: LocalService;
let ocsp: LocalService;
let work: string;
let pismo: string;
let pdf: string;

let bench: SignatureBench;

before(async () => {
  bench = await startSignatureBench('xades-');
  ({ env, signer, tsa, ocsp, work } = bench);
  pismo = await samplePismo(path.join(work, 'pismo.xml'), [{ fileName: 'skan.pdf', mediaType: 'application/pdf', source: { bytes: Buffer.from('%PDF-1.4 test\n') } }]);
  pdf = path.join(work, 'umowa.pdf');
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 7)]));
});
after(() => bench.close());

const id = (role: 'qualifiedRsa' | 'qualifiedEc') => ({ signer, certificateId: env.tokens.certificateIds[role], pin: env.tokens.qes.pin });
const chain = () => [new X509Certificate(readFileSync(env.pki.qualifiedCa.cert)), new X509Certificate(readFileSync(env.pki.rootCa.cert))];
const trusted = () => ({ trusted: [env.pki.rootCa.cert], untrusted: [env.pki.qualifiedCa.cert] });

/** openssl ts -verify of each SignatureTimeStamp against the exclusive-C14N SignatureValue written out by hand (not by our C14N code). */
function checkTimestamps(file: string): number {
  const text = readFileSync(file, 'utf8');
  const values = [...text.matchAll(/<(ds:)?SignatureValue([^>]*)>([^<]*)<\/(ds:)?SignatureValue>/g)];
  const tokens = [...text.matchAll(/<(?:xades:)?EncapsulatedTimeStamp[^>]*>([^<]*)</g)].map((m) => m[1]!);
  assert.equal(tokens.length, values.length, 'one timestamp per signature');
  tokens.forEach((token, i) => {
    const [, prefix, attrs, value] = values[i]!;
    const p = prefix ? 'ds:' : '';
    const ns = prefix ? ' xmlns:ds="http://www.w3.org/2000/09/xmldsig#"' : ' xmlns="http://www.w3.org/2000/09/xmldsig#"';
    const canonical = `<${p}SignatureValue${ns}${attrs}>${value}</${p}SignatureValue>`;
    const tokenFile = path.join(work, `ts-${i}.der`);
    writeFileSync(tokenFile, Buffer.from(token, 'base64'));
    const r = spawnSync('openssl', ['ts', '-verify', '-token_in', '-in', tokenFile, '-digest', createHash('sha256').update(canonical).digest('hex'), '-CAfile', env.pki.chainPem, '-untrusted', env.pki.tsa.cert], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
  return tokens.length;
}

test('enveloped B-B, B-T and B-LT on a pismo (RSA and EC) verify with xmlsec1; B-T/B-LT timestamps with openssl ts', async () => {
  for (const [level, role] of [['B-B', 'qualifiedEc'], ['B-T', 'qualifiedRsa'], ['B-LT', 'qualifiedRsa']] as const) {
    const out = path.join(work, `pismo-${level}.xml`);
    const r = await signXades({ ...id(role), mode: 'enveloped', level, input: pismo, output: out, tsa: [{ url: tsa.url }], chain: chain(), revocation: { online: true, ocspUrl: ocsp.url } });
    assert.equal(r.level, level);
    const v = xmlsecVerify(out, trusted());
    assert.ok(v.ok, `${level}: ${v.output}`);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /SigningCertificateV2/);
    assert.match(text, /DataObjectFormat/);
    if (level !== 'B-B') assert.equal(checkTimestamps(out), 1);
    if (level === 'B-LT') {
      assert.match(text, /EncapsulatedOCSPValue/);
      assert.match(text, /EncapsulatedX509Certificate/);
    }
  }
});

test('enveloping and detached XAdES of a PDF verify with xmlsec1; a changed PDF does not', async () => {
  const enveloping = path.join(work, 'umowa-enveloping.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloping', level: 'B-T', input: pdf, output: enveloping, tsa: [{ url: tsa.url }], chain: chain() });
  const v1 = xmlsecVerify(enveloping, trusted());
  assert.ok(v1.ok, v1.output);
  checkTimestamps(enveloping);
  const detached = path.join(work, 'umowa.pdf.xades');
  await signXades({ ...id('qualifiedEc'), mode: 'detached', level: 'B-B', input: pdf, output: detached });
  const v2 = xmlsecVerify(detached, { ...trusted(), cwd: work });
  assert.ok(v2.ok, v2.output);
  const other = mkdtempSync(path.join(work, 'changed-'));
  copyFileSync(detached, path.join(other, 'umowa.pdf.xades'));
  writeFileSync(path.join(other, 'umowa.pdf'), Buffer.concat([readFileSync(pdf), Buffer.from('x')]));
  assert.equal(xmlsecVerify(path.join(other, 'umowa.pdf.xades'), { ...trusted(), cwd: other }).ok, false);
});

test('co-signing: a pismo signed for several signers takes a parallel signature; xmlsec1 accepts both', async () => {
  const first = path.join(work, 'pismo-cosign-1.xml');
  const second = path.join(work, 'pismo-cosign-2.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-B', input: pismo, output: first, coSignable: true });
  const r = await signXades({ ...id('qualifiedEc'), mode: 'enveloped', level: 'B-T', input: first, output: second, tsa: [{ url: tsa.url }] });
  assert.equal(r.signatureCount, 2);
  const v1 = xmlsecVerify(second, trusted());
  assert.ok(v1.ok, v1.output);
  const v2 = xmlsecVerify(second, { ...trusted(), nodeXpath: SECOND });
  assert.ok(v2.ok, v2.output);
  // A document signed for one signer (plain enveloped transform) refuses a second signature, with the reason.
  const single = path.join(work, 'pismo-single.xml');
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-B', input: pismo, output: single });
  await assert.rejects(
    signXades({ ...id('qualifiedEc'), mode: 'enveloped', level: 'B-B', input: single, output: path.join(work, 'never.xml') }),
    (e: AppError) => e.code === 'COSIGN_NOT_POSSIBLE' && /detached/.test(String(e.details.reason)),
  );
});

test('streamed enveloped signing of a pismo larger than its read chunks (3 MB attachment): xmlsec1 accepts it', async () => {
  const big = await samplePismo(path.join(work, 'pismo-duzy.xml'), [
    { fileName: 'skan-duzy.pdf', mediaType: 'application/pdf', description: 'Skan „duży” & ważny', source: { bytes: Buffer.alloc(3 * 1024 * 1024 + 17, 0xa5) } },
  ]);
  const out = path.join(work, 'pismo-duzy-podpisany.xml');
  const progress: number[] = [];
  await signXades({ ...id('qualifiedRsa'), mode: 'enveloped', level: 'B-B', input: big, output: out, chain: chain(), onProgress: (f) => progress.push(f) });
  const v = xmlsecVerify(out, trusted());
  assert.ok(v.ok, v.output);
  assert.ok(progress.length > 3 && progress.at(-1)! <= 1, 'progress is reported while streaming');
});
