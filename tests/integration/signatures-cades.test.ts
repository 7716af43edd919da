/**
 * CAdES and RFC 3161 end to end: SoftHSM key through the signer host, local TSA (openssl ts) and
 * OCSP responder (openssl ocsp). Every signature is checked by `openssl cms -verify`, every
 * timestamp by `openssl ts -verify`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { AppError } from '../../electron/common/errors';
import type { Pkcs11Signer } from '../../electron/node/signer/client';
import { signCades, timestamp } from '../../electron/node/signatures/api';
import { fromBer, digest } from '../../electron/node/signatures/cms-util';
import type { TestEnvironment } from '../harness/test-env';
import { startSignatureBench, startTsa, type LocalService, type SignatureBench } from '../harness/signature-services';


let env: TestEnvironment;
let signer: Pkcs11Signer;
let tsa: LocalService;
let ocsp: LocalService;
let work: string;
let input: string;

let bench: SignatureBench;

before(async () => {
  bench = await startSignatureBench('cades-');
  ({ env, signer, tsa, ocsp, work } = bench);
  input = path.join(work, 'umowa.txt');
  writeFileSync(input, 'Umowa testowa — treść podpisywana w teście CAdES.\n'.repeat(100));
});
after(() => bench.close());

const id = (role: 'qualifiedRsa' | 'qualifiedEc') => ({ signer, certificateId: env.tokens.certificateIds[role], pin: env.tokens.qes.pin });
const chain = () => [new X509Certificate(readFileSync(env.pki.qualifiedCa.cert)), new X509Certificate(readFileSync(env.pki.rootCa.cert))];

function cmsVerify(sig: string, content?: string): { ok: boolean; out: string } {
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-CAfile', env.pki.chainPem, '-purpose', 'any', '-out', '/dev/null'];
  if (content) args.push('-content', content);
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

function tokenOf(sigFile: string, signerIndex = 0): Buffer {
  const ci = new pkijs.ContentInfo({ schema: fromBer(readFileSync(sigFile), 'p7s') });
  const sd = new pkijs.SignedData({ schema: ci.content });
  const attr = sd.signerInfos[signerIndex]!.unsignedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14')!;
  return Buffer.from(attr.values[0]!.toBER(false));
}

function tsVerify(token: Buffer, imprintData: Buffer): { ok: boolean; out: string } {
  const t = path.join(work, `tst-${Date.now()}.der`);
  writeFileSync(t, token);
  const r = spawnSync('openssl', ['ts', '-verify', '-token_in', '-in', t, '-digest', digest('SHA-256', imprintData).toString('hex'), '-CAfile', env.pki.chainPem, '-untrusted', env.pki.tsa.cert], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

function signatureValue(sigFile: string, i = 0): Buffer {
  const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: fromBer(readFileSync(sigFile), 'p7s') }).content });
  return Buffer.from(sd.signerInfos[i]!.signature.valueBlock.valueHexView);
}

test('CAdES B-B detached (.p7s) RSA and attached (.p7m) EC verify with openssl cms; signed attributes are the baseline set', async () => {
  const p7s = path.join(work, 'umowa.txt.p7s');
  const r = await signCades({ ...id('qualifiedRsa'), mode: 'detached', level: 'B-B', input, output: p7s, chain: chain() });
  assert.equal(r.signatureCount, 1);
  const v = cmsVerify(p7s, input);
  assert.ok(v.ok, v.out);
  const p7m = path.join(work, 'umowa.txt.p7m');
  await signCades({ ...id('qualifiedEc'), mode: 'attached', level: 'B-B', input, output: p7m });
  const va = cmsVerify(p7m);
  assert.ok(va.ok, va.out);
  const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', p7s], { encoding: 'utf8' });
  for (const attr of ['contentType', 'messageDigest', 'signingTime', 'id-smime-aa-signingCertificateV2']) assert.match(printed, new RegExp(attr));
  // tampered content is refused by the independent verifier
  const bad = path.join(work, 'umowa-zmieniona.txt');
  writeFileSync(bad, readFileSync(input, 'utf8').replace('Umowa', 'Umowx'));
  assert.equal(cmsVerify(p7s, bad).ok, false);
});

test('CAdES B-T: signature-time-stamp over the signature value, accepted by openssl ts -verify', async () => {
  const p7s = path.join(work, 'bt.p7s');
  const r = await signCades({ ...id('qualifiedRsa'), mode: 'detached', level: 'B-T', input, output: p7s, tsa: [{ url: tsa.url }] });
  assert.ok(r.timestampTime);
  assert.ok(cmsVerify(p7s, input).ok);
  const tv = tsVerify(tokenOf(p7s), signatureValue(p7s));
  assert.ok(tv.ok, tv.out);
});

test('CAdES B-LT carries the chain and OCSP responses; co-signing keeps the first signature', async () => {
  const p7s = path.join(work, 'blt.p7s');
  await signCades({ ...id('qualifiedRsa'), mode: 'detached', level: 'B-LT', input, output: p7s, tsa: [{ url: tsa.url }], chain: chain(), revocation: { online: true, ocspUrl: ocsp.url } });
  const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', p7s], { encoding: 'utf8' });
  assert.match(printed, /id-pkix-ocsp-basic|1\.3\.6\.1\.5\.5\.7\.16\.2|otherRevInfoFormat/);
  assert.ok(ocsp.requests >= 2, 'OCSP asked for the signer and the TSA');
  const co = path.join(work, 'cosigned.p7s');
  const r = await signCades({ ...id('qualifiedEc'), mode: 'detached', level: 'B-T', input, output: co, existingSignature: p7s, tsa: [{ url: tsa.url }] });
  assert.equal(r.signatureCount, 2);
  const v = cmsVerify(co, input);
  assert.ok(v.ok, v.out);
  assert.ok(tsVerify(tokenOf(co, 0), signatureValue(co, 0)).ok);
  assert.ok(tsVerify(tokenOf(co, 1), signatureValue(co, 1)).ok);
});

test('TSA client checks: foreign imprint and a refusal are clear errors; an unreachable TSA falls back to the next', async () => {
  const foreign = await startTsa(env.pki, { mode: 'foreign-imprint' });
  const refusing = await startTsa(env.pki, { mode: 'reject' });
  try {
    const imprint = digest('SHA-256', Buffer.from('x'));
    await assert.rejects(timestamp(imprint, { tsa: [{ url: foreign.url, name: 'zly' }] }), (e: AppError) => e.code === 'TSA_FAILED' && /imprint/.test(e.message));
    await assert.rejects(timestamp(imprint, { tsa: [{ url: refusing.url }] }), (e: AppError) => e.code === 'TSA_FAILED' && /rejection/.test(e.message));
    const ok = await timestamp(imprint, { tsa: [{ url: 'http://127.0.0.1:9/', timeoutMs: 2000 }, { url: tsa.url }], trustAnchors: chain().slice(1) });
    assert.equal(ok.url, tsa.url);
    assert.match(ok.tsaCertificate.subject, /TSA/);
    await assert.rejects(timestamp(imprint, { tsa: [{ url: tsa.url }], trustAnchors: [new X509Certificate(readFileSync(env.pki.system.cert))] }), /not trusted/);
  } finally {
    await foreign.close();
    await refusing.close();
  }
});
