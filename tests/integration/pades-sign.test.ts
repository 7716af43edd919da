/**
 * PAdES made by SoftHSM keys, checked by poppler's pdfsig (signature) and NSS vfychain (trust): B-B on both cross-reference forms,
 * a visible stamp, co-signing (both signatures valid), refusal of encrypted files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { X509Certificate } from 'node:crypto';
import { createPkcs11Signer } from '../../electron/node/signer/client';
import type { Signer } from '../../electron/node/signer/types';
import { signPades, stampLines } from '../../electron/node/signatures/pades-sign';
import { openPdf } from '../../electron/node/signatures/pades-reader';
import { verifyPdfFile } from '../../electron/node/signatures/pades-verify';
import { catalogOf, pageAt, signatureFields } from '../../electron/node/signatures/pades-document';
import { UpdateBuilder } from '../../electron/node/signatures/pades-update';
import { makeClassicPdf, makeEncryptedPdf, makePdf } from '../fixtures/pdf/make-pdfs';
import { nssTrusts, pdfsig } from '../harness/pdfsig';
import { startOcsp, startTsa } from '../harness/signature-services';
import { SIGNER_HOST } from '../harness/services';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

describe('PAdES signing with a SoftHSM key, checked by pdfsig', () => {
  let env: TestEnvironment;
  let signer: Signer;
  let dir: string;
  let chain: X509Certificate[];
  const identity = (role: 'qualifiedRsa' | 'qualifiedEc') => ({ signer, certificateId: env.tokens.certificateIds[role], pin: env.tokens.qes.pin });

  before(async () => {
    env = await getTestEnvironment();
    signer = createPkcs11Signer({ modules: [env.tokens.module], host: SIGNER_HOST });
    dir = mkdtempSync(join(tmpdir(), 'pades-'));
    chain = [new X509Certificate(readFileSync(env.pki.qualifiedCa.cert)), new X509Certificate(readFileSync(env.pki.rootCa.cert))];
  });
  after(async () => { await signer.close(); });

  it('B-B on an xref-stream PDF: ETSI.CAdES.detached, valid and trusted for pdfsig', async () => {
    const input = await makePdf(join(dir, 'umowa.pdf'));
    const output = join(dir, 'umowa-podpisany.pdf');
    const outcome = await signPades({ ...identity('qualifiedRsa'), level: 'B-B', input, output, chain });
    assert.equal(outcome.signatureCount, 1);
    assert.equal(outcome.fieldName, 'Podpis1');
    // The original bytes are a prefix of the result: an incremental update.
    const original = readFileSync(input);
    assert.ok(readFileSync(output).subarray(0, original.length).equals(original));
    const { signatures, output: text } = pdfsig(output, env.pki);
    assert.equal(signatures.length, 1, text);
    assert.equal(signatures[0]!.subFilter, 'ETSI.CAdES.detached', text);
    assert.equal(signatures[0]!.signatureValidation, 'Signature is Valid.', text);
    assert.ok(nssTrusts(env.pki.signers.qualifiedRsa.cert, env.pki), 'NSS accepts the signer chain');
    assert.equal(signatures[0]!.signerName, 'Jan Testowy', text);
    assert.ok(signatures[0]!.totalDocumentSigned, text);
  });

  it('B-B on a classic-xref PDF, then a second signer (EC) with a visible stamp: both valid', async () => {
    const input = await makeClassicPdf(join(dir, 'klasyczny.pdf'));
    const first = join(dir, 'klasyczny-1.pdf');
    await signPades({ ...identity('qualifiedRsa'), level: 'B-B', input, output: first, chain });
    const second = join(dir, 'klasyczny-2.pdf');
    const certDer = await signer.certificate(env.tokens.certificateIds.qualifiedEc);
    const when = new Date('2026-11-23T10:15:00Z');
    const outcome = await signPades({
      ...identity('qualifiedEc'), level: 'B-B', input: first, output: second, chain, signingTime: when,
      stamp: { page: 1, x: 350, y: 700, width: 200, height: 60, lines: [...stampLines(certDer, when, true), 'Łódź, ul. Żółwia — gęślą jaźń'] },
    });
    assert.equal(outcome.signatureCount, 2);
    assert.equal(outcome.fieldName, 'Podpis2');
    // Polish letters outside WinAnsi travel by glyph name (Helvetica has them), not stripped.
    assert.match(readFileSync(second).toString('latin1'), /\/Differences \[1 \/aogonek \/cacute \/eogonek \/lslash/);
    const { signatures, output: text } = pdfsig(second, env.pki);
    assert.equal(signatures.length, 2, text);
    for (const s of signatures) assert.equal(s.signatureValidation, 'Signature is Valid.', text);
    assert.ok(nssTrusts(env.pki.signers.qualifiedEc.cert, env.pki), 'NSS accepts the second signer chain');
    assert.equal(signatures[0]!.totalDocumentSigned, false, 'the first signature covers only its own revision');
    assert.equal(signatures[1]!.totalDocumentSigned, true, text);
    // The stamp is there: a widget with a non-zero rectangle and an appearance stream.
    const pdf = openPdf(second);
    try {
      const fields = signatureFields(pdf, catalogOf(pdf).dict);
      assert.deepEqual(fields.map((f) => f.name), ['Podpis1', 'Podpis2']);
    } finally {
      pdf.close();
    }
    const text2 = readFileSync(second).toString('latin1');
    assert.match(text2, /\(podpis kwalifikowany\) Tj/);
    assert.match(text2, /\(Podpisano: Jan Testowy\) Tj/);

    // Our verifier agrees: both intact, both trusted; the first covers its own revision only.
    const report = await verifyPdfFile(second, { trustAnchors: [new X509Certificate(readFileSync(env.pki.rootCa.cert))], online: false });
    assert.equal(report.indication, 'TOTAL_PASSED', JSON.stringify(report, null, 1));
    assert.equal(report.validSignaturesCount, 2);
    assert.equal(report.signatures[0]!.format, 'PAdES');
    assert.ok(report.signatures[0]!.reasons.some((r) => r.code === 'UNSIGNED_CONTENT' && r.severity === 'info'));

    // Tampering: the page size inside the signed range changes by one byte → hash failure, named.
    const bytes = readFileSync(second);
    const at = bytes.indexOf('842');
    assert.ok(at > 0 && at < bytes.indexOf('/ByteRange'), 'the page dictionary is stored uncompressed (qpdf classic form)');
    bytes[at + 2] = '3'.charCodeAt(0);
    const tampered = join(dir, 'klasyczny-zmieniony.pdf');
    writeFileSync(tampered, bytes);
    const bad = await verifyPdfFile(tampered, { trustAnchors: [new X509Certificate(readFileSync(env.pki.rootCa.cert))], online: false });
    assert.equal(bad.indication, 'TOTAL_FAILED');
    assert.equal(bad.subIndication, 'HASH_FAILURE');
    for (const s of bad.signatures) assert.deepEqual(s.reasons.filter((r) => r.severity === 'error').map((r) => r.code), ['REFERENCE_DIGEST_MISMATCH']);
    assert.match(pdfsig(tampered, env.pki).signatures[0]!.signatureValidation, /Digest Mismatch|Invalid/);

    // A change appended after the last signature (a "shadow" update of the page): the signatures
    // stay intact, but the report says the shown document holds unsigned changes.
    const shadow = join(dir, 'klasyczny-cien.pdf');
    const pdf2 = openPdf(second);
    try {
      const catalog = catalogOf(pdf2);
      const page = pageAt(pdf2, catalog.dict, 0);
      const update = new UpdateBuilder({ size: pdf2.size, startxref: pdf2.startxref, xrefStream: pdf2.xrefStream, trailer: pdf2.trailer });
      update.put(page.ref, page.dict.clone().set('MediaBox', [0, 0, 300, 300]));
      writeFileSync(shadow, Buffer.concat([readFileSync(second), update.build().bytes]));
    } finally {
      pdf2.close();
    }
    const shadowed = await verifyPdfFile(shadow, { trustAnchors: [new X509Certificate(readFileSync(env.pki.rootCa.cert))], online: false });
    assert.equal(shadowed.indication, 'INDETERMINATE');
    assert.equal(shadowed.signatures[1]!.subIndication, 'SIG_CONSTRAINTS_FAILURE');
    assert.ok(shadowed.signatures[1]!.reasons.some((r) => r.code === 'UNSIGNED_CONTENT' && r.severity === 'warning' && r.params.detail?.includes('were changed after the last signature')));
    assert.ok(shadowed.signatures.every((s) => s.signedObjects[0]?.intact));

    // Without trust anchors: intact but undecided.
    const unknown = await verifyPdfFile(second, { trustAnchors: [], online: false });
    assert.equal(unknown.indication, 'INDETERMINATE');
  });

  it('B-T (signature timestamp) and B-LT (/DSS with certificates and OCSP): valid for our verifier and pdfsig', async () => {
    const tsa = await startTsa(env.pki);
    const ocsp = await startOcsp(env.pki);
    try {
      const anchors = [new X509Certificate(readFileSync(env.pki.rootCa.cert))];
      for (const level of ['B-T', 'B-LT'] as const) {
        const input = await makePdf(join(dir, `poziom-${level}.pdf`), 1);
        const output = join(dir, `poziom-${level}-podpisany.pdf`);
        const outcome = await signPades({ ...identity('qualifiedRsa'), level, input, output, chain, tsa: [{ url: tsa.url }], revocation: { online: true, ocspUrl: ocsp.url } });
        assert.ok(outcome.timestampTime, 'a timestamp was obtained');
        const report = await verifyPdfFile(output, { trustAnchors: anchors, online: false });
        assert.equal(report.indication, 'TOTAL_PASSED', JSON.stringify(report.signatures[0]?.reasons));
        assert.equal(report.signatures[0]!.level, level);
        assert.equal(report.signatures[0]!.timestamps[0]?.indication, 'TOTAL_PASSED');
        // B-LT carries its own revocation evidence (checked offline); B-T has none to show.
        assert.equal(report.signatures[0]!.revocation.status, level === 'B-LT' ? 'GOOD' : 'NOT_CHECKED');
        if (level === 'B-LT') assert.equal(report.signatures[0]!.revocation.source, 'EMBEDDED_OCSP');
        if (level === 'B-LT') {
          const pdf = openPdf(output);
          try {
            const dss = pdf.dict(catalogOf(pdf).dict.get('DSS'));
            assert.ok(dss?.get('Certs') && dss.get('OCSPs') && dss.get('VRI'), 'the /DSS carries certificates, OCSP responses and a VRI entry');
          } finally {
            pdf.close();
          }
        }
        const { signatures, output: text } = pdfsig(output, env.pki);
        assert.equal(signatures[0]?.signatureValidation, 'Signature is Valid.', text);
      }
    } finally {
      await tsa.close();
      await ocsp.close();
    }
  });

  it('refuses an encrypted PDF with PDF_UNSUPPORTED and leaves nothing behind', async () => {
    const input = await makeEncryptedPdf(join(dir, 'tajny.pdf'));
    const output = join(dir, 'tajny-podpisany.pdf');
    await assert.rejects(signPades({ ...identity('qualifiedRsa'), level: 'B-B', input, output }), (e: Error & { code?: string; details?: { reason?: string } }) => e.code === 'PDF_UNSUPPORTED' && e.details?.reason === 'encrypted');
    assert.throws(() => statSync(output));
  });
});
