/**
 * Co-signing the pismo from the normal flow: `filings.sign` signs with the XPath filter
 * not(ancestor-or-self::ds:Signature) (DOMAIN-signatures §3.1), so a second representative's key
 * (the EC key on the SoftHSM token) adds a parallel signature through the signatures API without
 * breaking the first. xmlsec1 and our verifier accept both signatures; a change to the letter
 * breaks both.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ChannelInput, FilingDetail } from '../../electron/common/contract';
import { signXades, verifyFile } from '../../electron/node/signatures/api';
import { createPkcs11Signer, type Pkcs11Signer } from '../../electron/node/signer/client';
import { SIGNER_HOST, startTestServices, type TestServices } from '../harness/services';
import type { TestEnvironment } from '../harness/test-env';
import { xmlsecVerify } from '../harness/xmlsec';

let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let env: TestEnvironment;
let signer: Pkcs11Signer;

before(async () => {
  ctx = await startTestServices();
  ({ services, env } = ctx);
  signer = createPkcs11Signer({ modules: [env.tokens.module], host: SIGNER_HOST });
});
after(async () => {
  await signer?.close();
  await ctx?.close();
});

const XPATH = 'http://www.w3.org/TR/1999/REC-xpath-19991116';
const NTH = (n: number) => `(//*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#'])[${n}]`;

const letter: ChannelInput<'filings.create'> = {
  sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1' } },
  addressee: { name: 'Urząd Miejski w Cieszynie', inbox: '/UMCieszyn/SkrytkaESP' },
  place: 'Cieszyn', date: '2026-11-23', title: 'Wniosek podpisany przez dwóch członków zarządu', content: ['Reprezentacja łączna: podpisują dwaj członkowie zarządu.'],
  attachments: [],
};

test('a filed pismo takes a parallel signature of a second key; xmlsec1 and our verifier accept both', { timeout: 180_000 }, async () => {
  const created = await services.router('filings.create', letter);
  const filing = (created.ok ? created.value : assert.fail(JSON.stringify(created))) as FilingDetail;
  const signedReply = await services.router('filings.sign', { id: filing.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  const signed = (signedReply.ok ? signedReply.value : assert.fail(JSON.stringify(signedReply))) as FilingDetail;
  const first = join(env.dir, `${filing.id}-pismo.xml`);
  writeFileSync(first, services.blobs.get(signed.documentSha256!));
  const text = readFileSync(first, 'utf8');
  assert.ok(text.includes(`<ds:Transform Algorithm="${XPATH}">`), 'the pismo is signed co-signable');
  const trust = { trusted: [env.pki.rootCa.cert], untrusted: [env.pki.qualifiedCa.cert] };
  const alone = xmlsecVerify(first, trust);
  assert.ok(alone.ok, alone.output);

  const cosigned = join(env.dir, `${filing.id}-pismo-2.xml`);
  const r = await signXades({ signer, certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin, mode: 'enveloped', level: 'B-B', input: first, output: cosigned });
  assert.equal(r.signatureCount, 2);
  const after = readFileSync(cosigned, 'utf8');
  assert.ok(after.startsWith(text.slice(0, text.lastIndexOf('</'))), 'the first signature and the letter are kept byte for byte');
  for (const n of [1, 2]) {
    const v = xmlsecVerify(cosigned, { ...trust, nodeXpath: NTH(n) });
    assert.ok(v.ok, `signature ${n}: ${v.output}`);
  }

  const report = await verifyFile({ file: cosigned, trustAnchors: [env.pki.rootCa.cert, env.pki.qualifiedCa.cert], online: false });
  assert.equal(report.signaturesCount, 2);
  const signers = report.signatures.map((s) => s.signer?.commonName);
  assert.deepEqual(signers, ['Jan Testowy', 'Jan Testowy']);
  for (const s of report.signatures) {
    assert.notEqual(s.indication, 'TOTAL_FAILED', JSON.stringify(s.reasons));
    assert.ok(s.signedObjects.every((o) => o.intact), JSON.stringify(s.signedObjects));
    assert.equal(s.chain.trusted, true);
  }
  assert.deepEqual(report.signatures.map((s) => s.format), ['XAdES', 'XAdES']);

  // A changed letter breaks both signatures (each covers the whole document except the signatures).
  const tampered = join(env.dir, `${filing.id}-zmienione.xml`);
  writeFileSync(tampered, after.replace('Reprezentacja łączna', 'Reprezentacja LACZNA'));
  const bad = await verifyFile({ file: tampered, trustAnchors: [env.pki.rootCa.cert, env.pki.qualifiedCa.cert], online: false });
  assert.deepEqual(bad.signatures.map((s) => s.indication), ['TOTAL_FAILED', 'TOTAL_FAILED']);
  for (const n of [1, 2]) assert.equal(xmlsecVerify(tampered, { ...trust, nodeXpath: NTH(n) }).ok, false);
});
