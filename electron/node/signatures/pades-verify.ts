/**
 * Verification of the signatures inside a PDF: each signature field's /ByteRange must cover the
 * whole revision except exactly its /Contents, the CMS message digest must match those bytes
 * (hashed as a stream, never loaded whole) and the signature must verify with the signer
 * certificate. What follows — timestamps, validity, chain, revocation (the /DSS material first),
 * qualification — is the shared assessment of every format (assess.ts). A revision signed earlier
 * and extended later is reported as covering its own revision only.
 */
import { createHash, verify as cryptoVerify, constants, X509Certificate } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../common/errors';
import * as pkijs from 'pkijs';
import {
  overallIndication, type Reason, type SignatureReport, type SignedObject, type SubIndication, type VerificationReport,
} from '../../common/verification-report';
import { assess, reason, type Finding, type VerifyContext } from './assess';
import { readSignedData } from './cades';
import { hashNameOfOid, nodeHash, OID, toNodeCert } from './cms-util';
import { catalogOf, signatureFields } from './pades-document';
import { isName, num, PdfDict, PdfRef, PdfString, type PdfValue } from './pades-objects';
import { openPdf, type PdfReader } from './pades-reader';
import { matchesSid } from './tsa';

export interface VerifyPdfOptions {
  trustAnchors: X509Certificate[];
  /** Ask OCSP/CRL servers when the PDF carries no revocation data (otherwise NOT_CHECKED). */
  online: boolean;
  /** Validation time; default now. */
  at?: Date;
  /** Override of the certificates' AIA OCSP responder. */
  ocspUrl?: string;
}

/** What a B-LT signature brought along in the document's /DSS. */
interface DssMaterial {
  certificates: X509Certificate[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

/** Certificates of a PEM file the user trusts (`--trust`, settings). */
export function pemCertificates(file: string): X509Certificate[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', file, { what: file });
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new AppError('INVALID_INPUT', `${basename(file)} holds no PEM certificate`, { fields: [`--trust: ${basename(file)} holds no PEM certificate`] });
  return blocks.map((b) => new X509Certificate(b));
}

export async function verifyPdfFile(path: string, o: VerifyPdfOptions): Promise<VerificationReport> {
  const ctx: VerifyContext = { anchors: o.trustAnchors, online: o.online, at: o.at ?? new Date(), ocspUrl: o.ocspUrl };
  const signatures = await verifyPdfSignatures(path, ctx);
  const overall = overallIndication(signatures);
  return {
    file: basename(path),
    documentType: 'PDF',
    validationTime: ctx.at.toISOString(),
    online: o.online,
    ...overall,
    signaturesCount: signatures.length,
    validSignaturesCount: signatures.filter((s) => s.indication === 'TOTAL_PASSED').length,
    signatures,
    reasons: signatures.length === 0 ? [reason('NO_SIGNATURES', 'error')] : [],
  };
}

/** Every signature field of the PDF, in field order (earliest revision first as signers add them). */
export async function verifyPdfSignatures(path: string, ctx: VerifyContext): Promise<SignatureReport[]> {
  const pdf = openPdf(path);
  try {
    const catalog = catalogOf(pdf).dict;
    const dss = dssMaterial(pdf, catalog);
    const reports: SignatureReport[] = [];
    const fields = signatureFields(pdf, catalog);
    const ends = fields.map((f) => coveredEnd(pdf, f.sig));
    const lastEnd = Math.max(0, ...ends);
    const tail = lastEnd > 0 && lastEnd < pdf.size ? changesAfter(pdf, catalog, lastEnd) : [];
    for (const [i, field] of fields.entries()) {
      const report = await verifyOne(pdf, field.name, field.sig, dss, ctx);
      // What was appended after the last signature is covered by no signature: fine when it is only
      // validation data (B-LT /DSS), suspicious otherwise (a page or annotation changed later).
      if (ends[i] === lastEnd && tail.length > 0) {
        report.reasons.push(reason('UNSIGNED_CONTENT', 'warning', { detail: `objects ${tail.join(', ')} were changed after the last signature and are not signed` }));
        // What the reader now shows may differ from what was signed: the signature cannot vouch for it.
        if (report.indication === 'TOTAL_PASSED') Object.assign(report, { indication: 'INDETERMINATE', subIndication: 'SIG_CONSTRAINTS_FAILURE' });
      }
      reports.push(report);
    }
    return reports;
  } finally {
    pdf.close();
  }
}

/** The end of the bytes a signature's /ByteRange covers (0 when unreadable). */
function coveredEnd(pdf: PdfReader, sig: PdfDict): number {
  const range = pdf.resolve(sig.get('ByteRange'));
  if (!Array.isArray(range) || range.length !== 4) return 0;
  return (num(range[2]) ?? 0) + (num(range[3]) ?? 0);
}

/**
 * Objects written after `from` that are neither the catalog (which a B-LT update rewrites to add
 * /DSS) nor the /DSS and the validation data it lists.
 */
function changesAfter(pdf: PdfReader, catalog: PdfDict, from: number): number[] {
  const allowed = new Set<number>();
  const root = pdf.trailer.get('Root');
  if (root instanceof PdfRef) allowed.add(root.num);
  const collect = (v: PdfValue | undefined, depth: number) => {
    if (depth > 4 || v === undefined) return;
    if (v instanceof PdfRef) {
      if (allowed.has(v.num)) return;
      allowed.add(v.num);
      collect(pdf.object(v).value, depth + 1);
    } else if (Array.isArray(v)) v.forEach((x) => collect(x, depth + 1));
    else if (v instanceof PdfDict) for (const x of v.entries.values()) collect(x, depth + 1);
  };
  collect(catalog.get('DSS'), 0);
  const after: number[] = [];
  const locations = pdf.locations();
  for (const [n, where] of locations) {
    const offset = 'offset' in where ? where.offset : (locations.get(where.stream) as { offset?: number } | undefined)?.offset ?? 0;
    if (offset >= from && !allowed.has(n) && !isXrefStream(pdf, n)) after.push(n);
  }
  return after.sort((a, b) => a - b);
}

function isXrefStream(pdf: PdfReader, n: number): boolean {
  try {
    const v = pdf.object(new PdfRef(n, 0)).value;
    return v instanceof PdfDict && isName(v.get('Type'), 'XRef');
  } catch {
    return false;
  }
}

function dssMaterial(pdf: PdfReader, catalog: PdfDict): DssMaterial {
  const dss = pdf.dict(catalog.get('DSS'));
  const streams = (key: string): Buffer[] => {
    const list = pdf.resolve(dss?.get(key));
    return (Array.isArray(list) ? list : []).flatMap((ref) => {
      try {
        return ref instanceof PdfRef ? [pdf.streamData(ref)] : [];
      } catch {
        return []; // an unreadable DSS entry is not a signature error; the check it would feed reports itself
      }
    });
  };
  const certificates = streams('Certs').flatMap((der) => {
    try { return [new X509Certificate(der)]; } catch { return []; }
  });
  return { certificates, ocspResponses: streams('OCSPs').map((b) => new Uint8Array(b)), crls: streams('CRLs').map((b) => new Uint8Array(b)) };
}

async function hashRanges(path: string, ranges: [number, number][], hash: string): Promise<Buffer> {
  const h = createHash(hash);
  for (const [start, length] of ranges) {
    if (length === 0) continue;
    for await (const chunk of createReadStream(path, { start, end: start + length - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) h.update(chunk);
  }
  return h.digest();
}

/** Length of the DER element at the start of `b` (the /Contents hex string is zero-padded). */
function derLength(b: Buffer): number {
  if (b.length < 2) return b.length;
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return Math.min(b.length, 2 + n + len);
}

function pdfTime(v: unknown): string | null {
  if (!(v instanceof PdfString)) return null;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?/.exec(v.text());
  if (!m) return null;
  const sign = m[7] === '-' ? -1 : 1;
  const utc = Date.UTC(+m[1]!, +(m[2] ?? 1) - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const offset = m[7] && m[7] !== 'Z' ? sign * (+(m[8] ?? 0) * 60 + +(m[9] ?? 0)) * 60_000 : 0;
  return new Date(utc - offset).toISOString();
}

async function verifyOne(pdf: PdfReader, fieldName: string, sig: PdfDict, dss: DssMaterial, ctx: VerifyContext): Promise<SignatureReport> {
  const subFilter = pdf.resolve(sig.get('SubFilter'));
  const signingTime = pdfTime(pdf.resolve(sig.get('M')));
  const f: Finding = {
    id: fieldName,
    format: isName(subFilter, 'ETSI.CAdES.detached') ? 'PAdES' : 'CMS',
    form: 'pdf',
    level: 'NONE',
    failure: null,
    reasons: [],
    signer: null,
    signingTime: signingTime ? new Date(signingTime) : null,
    signedObjects: [],
    timestamps: [],
    certificates: [...dss.certificates],
    ocspResponses: [...dss.ocspResponses],
    crls: [...dss.crls],
  };
  const failWith = (sub: SubIndication, r: Reason, indication: 'TOTAL_FAILED' | 'INDETERMINATE' = 'TOTAL_FAILED') => {
    f.failure = { indication, sub, reasons: [r] };
    return assess(f, ctx);
  };
  const malformedSig = (detail: string) => failWith('FORMAT_FAILURE', reason('MALFORMED_SIGNATURE', 'error', { detail }));

  if (!isName(subFilter, 'ETSI.CAdES.detached') && !isName(subFilter, 'adbe.pkcs7.detached')) {
    return malformedSig(`/SubFilter ${String((subFilter as { name?: string } | undefined)?.name)} is not supported`);
  }
  const range = (pdf.resolve(sig.get('ByteRange')) as unknown[] | undefined)?.map((v) => num(v as never));
  const contents = pdf.resolve(sig.get('Contents'));
  if (!range || range.length !== 4 || range.some((v) => v === undefined || v < 0) || !(contents instanceof PdfString)) return malformedSig('/ByteRange or /Contents missing');
  const [r0, a, b, c] = range as [number, number, number, number];
  // The gap must be exactly the /Contents hex string: nothing else of the file may be left unsigned.
  const gapText = b > a && b - a <= pdf.size ? pdf.read(a, b - a).toString('latin1') : '';
  if (r0 !== 0 || b <= a || b + c > pdf.size || !/^<[0-9a-fA-F\s]*>$/.test(gapText) || !Buffer.from(gapText.slice(1, -1).replace(/\s+/g, ''), 'hex').equals(contents.bytes)) {
    return failWith('FORMAT_FAILURE', reason('UNSIGNED_CONTENT', 'error', { detail: `byte range [${range.join(' ')}] does not leave out exactly the signature value` }));
  }
  const wholeFile = b + c === pdf.size;
  const covered: SignedObject = {
    uri: 'byte-range', kind: 'pdf-byte-range', description: `[0 ${a} ${b} ${c}]${wholeFile ? '' : ` — revision of ${b + c} of ${pdf.size} bytes`}`,
    mimeType: 'application/pdf', digestAlgorithm: 'SHA-256', intact: false, transforms: [],
  };
  f.signedObjects.push(covered);
  if (!wholeFile) f.reasons.push(reason('UNSIGNED_CONTENT', 'info', { detail: `${pdf.size - b - c} bytes were added after this signature (later signatures or updates)` }));

  let signed: pkijs.SignedData;
  try {
    signed = readSignedData(new Uint8Array(contents.bytes.subarray(0, derLength(contents.bytes))), 'PDF signature');
  } catch (e) {
    return malformedSig((e as Error).message);
  }
  const si = signed.signerInfos[0];
  if (!si?.signedAttrs) return malformedSig('no signed attributes');
  const hashName = hashNameOfOid(si.digestAlgorithm.algorithmId);
  if (!hashName) return malformedSig(`digest algorithm ${si.digestAlgorithm.algorithmId}`);
  covered.digestAlgorithm = hashName;
  const attr = (oid: string) => si.signedAttrs!.attributes.find((x) => x.type === oid);
  // The signer first, so that even a failed report says whose signature it was.
  f.certificates.unshift(...(signed.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate).map(toNodeCert));
  f.signer = f.certificates.find((x) => matchesSid(x, si)) ?? null;

  const md = attr(OID.messageDigest)?.values[0] as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
  const digest = await hashRanges(pdf.path, [[0, a], [b, c]], nodeHash(hashName));
  if (!md?.valueBlock?.valueHexView || !Buffer.from(md.valueBlock.valueHexView).equals(digest)) {
    return failWith('HASH_FAILURE', reason('REFERENCE_DIGEST_MISMATCH', 'error', { uri: `${fieldName} byte range` }));
  }
  covered.intact = true;
  if (attr(OID.signingTime) && f.format === 'PAdES') {
    f.reasons.push(reason('MALFORMED_SIGNATURE', 'warning', { detail: 'signing-time attribute present (EN 319 142-1 forbids it in PAdES baseline)' }));
  }
  if (!attr(OID.signingCertificateV2) && !attr(OID.signingCertificate)) f.reasons.push(reason('SIGNED_PROPERTIES_MISSING', 'warning'));
  if (!f.signer) return assess(f, ctx);

  const value = Buffer.from(si.signature.valueBlock.valueHexView);
  const isEc = f.signer.publicKey.asymmetricKeyType === 'ec';
  const ok = cryptoVerify(nodeHash(hashName), Buffer.from(si.signedAttrs.encodedValue), isEc ? f.signer.publicKey : { key: f.signer.publicKey, padding: constants.RSA_PKCS1_PADDING }, value);
  if (!ok) return failWith('SIG_CRYPTO_FAILURE', reason('SIGNATURE_VALUE_INVALID', 'error'));

  // B-T: the signature timestamp covers the SignerInfo signature value; B-LT: validation data in the /DSS.
  const tst = si.unsignedAttrs?.attributes.find((x) => x.type === OID.signatureTimeStamp);
  if (tst) f.timestamps.push({ token: new Uint8Array(tst.values[0]!.toBER(false)), covered: new Uint8Array(value), type: 'SIGNATURE_TIMESTAMP' });
  f.level = !tst ? 'B-B' : dss.ocspResponses.length + dss.crls.length > 0 ? 'B-LT' : 'B-T';
  const report = await assess(f, ctx);
  // A timestamp that did not verify does not make the level.
  if (report.level !== 'B-B' && !report.timestamps.some((t) => t.indication === 'TOTAL_PASSED')) report.level = 'B-B';
  return report;
}
