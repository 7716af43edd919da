/**
 * PAdES baseline signatures (EN 319 142-1): B-B and B-T as one incremental update holding a
 * signature field, its widget and a /ByteRange-covered /Contents with a detached CMS
 * (ETSI.CAdES.detached, no signing-time attribute: the time is /M); B-LT adds a second update
 * with the /DSS dictionary. Earlier signatures stay valid because earlier bytes are never changed.
 *
 * The file is read once, as a stream: its bytes are hashed while they are copied into the output's
 * temp file, then the update is appended and the temp file renamed into place.
 *
 * pdf-lib is not used for the update: it can only re-save a whole document, which rewrites every
 * byte (breaking earlier signatures) and needs the whole file in memory.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../common/errors';
import { openAtomicWriter } from '../storage/atomic-write';
import type { SignCommon, SignatureLevel, ValidationData } from './api';
import * as pkijs from 'pkijs';
import { readSignedData, signCms, tokenCertificates } from './cades';
import { OID, toNodeCert } from './cms-util';
import { matchesSid } from './tsa';
import { gatherValidationData } from './validation-data';
import { assertSignable, catalogOf, formFields, pageAt, type PdfPage } from './pades-document';
import { isName, name, pdfDate, PdfDict, PdfRaw, PdfRef, textString, type PdfValue } from './pades-objects';
import { openPdf, type PdfReader } from './pades-reader';
import { addStampAppearance, stampRect, type StampPlacement } from './pades-stamp';
import { UpdateBuilder, type BuiltUpdate, type UpdateBase } from './pades-update';

export interface SignPadesOptions extends SignCommon {
  input: string;
  /** Written atomically; the caller chooses a free name. */
  output: string;
  /** A visible stamp; invisible signature when absent. */
  stamp?: StampPlacement & { lines: string[] };
  reason?: string;
  location?: string;
}

export interface PadesOutcome {
  output: string;
  format: 'PAdES';
  level: SignatureLevel;
  fieldName: string;
  signingTime: string;
  timestampTime: string | null;
  /** Signature fields in the result (2+ after co-signing). */
  signatureCount: number;
}

/** Bytes reserved for the CMS: a chain plus a timestamp token fits in 32 KiB (DOMAIN-signatures §5.1). */
export const CONTENTS_BYTES: Record<SignatureLevel, number> = { 'B-B': 16 * 1024, 'B-T': 32 * 1024, 'B-LT': 32 * 1024 };

const BYTE_RANGE_PLACEHOLDER = `[0 ${'*'.repeat(10)} ${'*'.repeat(10)} ${'*'.repeat(10)}]`;

export async function signPades(options: SignPadesOptions): Promise<PadesOutcome> {
  if ((options.level === 'B-T' || options.level === 'B-LT') && !options.tsa?.length) {
    throw new AppError('INVALID_INPUT', 'B-T and B-LT need a time-stamping authority', { fields: ['tsa'] });
  }
  const signingTime = new Date(Math.floor((options.signingTime ?? new Date()).getTime() / 1000) * 1000);
  const pdf = openPdf(options.input);
  let plan: ReturnType<typeof planSignature>;
  try {
    plan = planSignature(pdf, options, signingTime);
  } finally {
    pdf.close();
  }

  const writer = await openAtomicWriter(dirname(options.output));
  try {
    // One pass over the original: hashed and copied together.
    const hash = createHash(options.hash === 'SHA-384' ? 'sha384' : options.hash === 'SHA-512' ? 'sha512' : 'sha256');
    let copied = 0;
    for await (const chunk of createReadStream(options.input, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await writer.write(chunk);
      copied += chunk.length;
      options.onProgress?.(copied / Math.max(1, plan.base.size));
    }
    if (copied !== plan.base.size) throw new AppError('INVALID_INPUT', `${options.input} changed while it was being signed`, { fields: [options.input] });

    const { update, contentsAt, contentsLength } = plan;
    const bytes = update.bytes;
    hash.update(bytes.subarray(0, contentsAt));
    hash.update(bytes.subarray(contentsAt + contentsLength));
    const signed = await signCms({
      signer: options.signer,
      certificateId: options.certificateId,
      pin: options.pin,
      contentDigest: new Uint8Array(hash.digest()),
      hash: options.hash ?? 'SHA-256',
      signingTime: null,
      // B-LT material goes into the /DSS, not the CMS: PDF validators (NSS in poppler) refuse a
      // CMS whose `crls` holds OCSP responses as OtherRevocationInfoFormat.
      level: options.level === 'B-LT' ? 'B-T' : options.level,
      tsa: options.tsa,
      revocation: options.revocation,
      chain: options.chain,
    });
    const hex = Buffer.from(signed.cms).toString('hex');
    if (hex.length + 2 > contentsLength) {
      throw new AppError('PDF_UNSUPPORTED', `signature of ${signed.cms.length} bytes does not fit the reserved ${contentsLength / 2 - 1}`, { reason: 'placeholder' });
    }
    bytes.write(hex, contentsAt + 1, 'latin1');
    await writer.write(bytes);

    if (options.level === 'B-LT') {
      const contents = Buffer.from(hex.padEnd(contentsLength - 2, '0'), 'hex');
      const material = await validationDataFor(signed.cms, options);
      await writer.write(dssUpdate(update.next, plan.catalog, material, contents).bytes);
    }
    await writer.commit(options.output);
    options.onProgress?.(1);
    return {
      output: options.output,
      format: 'PAdES',
      level: options.level,
      fieldName: plan.fieldName,
      signingTime: signingTime.toISOString(),
      timestampTime: signed.timestampTime,
      signatureCount: plan.signatureCount,
    };
  } catch (e) {
    await writer.discard();
    throw e;
  }
}

interface Plan {
  base: UpdateBase;
  update: BuiltUpdate;
  /** Offset of `<` of /Contents inside update.bytes, and the length up to and including `>`. */
  contentsAt: number;
  contentsLength: number;
  /** The catalog as this update leaves it (B-LT adds /DSS to it). */
  catalog: { ref: PdfRef; dict: PdfDict };
  fieldName: string;
  signatureCount: number;
}

function planSignature(pdf: PdfReader, options: SignPadesOptions, signingTime: Date): Plan {
  const catalog = catalogOf(pdf);
  assertSignable(pdf, catalog.dict);
  const base: UpdateBase = { size: pdf.size, startxref: pdf.startxref, xrefStream: pdf.xrefStream, trailer: pdf.trailer };
  const update = new UpdateBuilder(base);
  const fields = formFields(pdf, catalog.dict);
  const taken = new Set(fields.map((f) => f.name));
  let n = 1;
  while (taken.has(`Podpis${n}`)) n++;
  const fieldName = `Podpis${n}`;
  const signatureCount = fields.filter((f) => isName(pdf.resolve(f.dict.get('FT')), 'Sig')).length + 1;

  const contentsLength = CONTENTS_BYTES[options.level] * 2 + 2;
  const sigRef = update.allocate();
  const sig = new PdfDict()
    .set('Type', name('Sig'))
    .set('Filter', name('Adobe.PPKLite'))
    .set('SubFilter', name('ETSI.CAdES.detached'))
    .set('M', pdfDate(signingTime));
  if (options.reason) sig.set('Reason', textString(options.reason));
  if (options.location) sig.set('Location', textString(options.location));
  sig.set('ByteRange', new PdfRaw(BYTE_RANGE_PLACEHOLDER)).set('Contents', new PdfRaw(`<${'0'.repeat(contentsLength - 2)}>`));
  update.put(sigRef, sig);

  const page: PdfPage = pageAt(pdf, catalog.dict, options.stamp ? options.stamp.page - 1 : 0);
  const widgetRef = update.allocate();
  const widget = new PdfDict()
    .set('Type', name('Annot')).set('Subtype', name('Widget')).set('FT', name('Sig'))
    .set('T', textString(fieldName)).set('V', sigRef).set('P', page.ref);
  if (options.stamp) {
    const rect = stampRect(page, options.stamp);
    if (rect[2] - rect[0] < 20 || rect[3] - rect[1] < 12) {
      throw new AppError('INVALID_INPUT', 'the stamp lies outside the page', { fields: ['stamp.x', 'stamp.y'] });
    }
    widget.set('Rect', rect).set('F', 4).set('AP', new PdfDict().set('N', addStampAppearance(update, rect, options.stamp.lines)));
  } else {
    widget.set('Rect', [0, 0, 0, 0]).set('F', 132); // hidden from view, printed flag for validators that want it
  }
  update.put(widgetRef, widget);

  // The page lists the widget among its annotations (the array itself when it is a separate object).
  const annots = page.dict.get('Annots');
  if (annots instanceof PdfRef) update.put(annots, [...asArray(pdf.resolve(annots)), widgetRef]);
  else update.put(page.ref, page.dict.clone().set('Annots', [...asArray(annots), widgetRef]));

  // The AcroForm lists the field; SigFlags 3 = SignaturesExist | AppendOnly.
  const acroRef = catalog.dict.get('AcroForm');
  const acro = (pdf.dict(acroRef) ?? new PdfDict()).clone();
  const fieldsValue = acro.get('Fields');
  const fieldList = [...asArray(pdf.resolve(fieldsValue)), widgetRef];
  if (fieldsValue instanceof PdfRef) update.put(fieldsValue, fieldList);
  else acro.set('Fields', fieldList);
  acro.set('SigFlags', 3);
  let catalogDict = catalog.dict;
  if (acroRef instanceof PdfRef) update.put(acroRef, acro);
  else {
    const newAcro = update.allocate();
    update.put(newAcro, acro);
    catalogDict = catalog.dict.clone().set('AcroForm', newAcro);
    update.put(catalog.ref, catalogDict);
  }

  const built = update.build();
  // Fill in the byte range now: every offset is known before anything is signed.
  const text = built.bytes.toString('latin1');
  const rangeAt = text.indexOf(BYTE_RANGE_PLACEHOLDER);
  const contentsAt = text.indexOf('<', rangeAt + BYTE_RANGE_PLACEHOLDER.length);
  const a = base.size + contentsAt;
  const b = a + contentsLength;
  const c = base.size + built.bytes.length - b;
  const range = `[0 ${String(a).padEnd(10)} ${String(b).padEnd(10)} ${String(c).padEnd(10)}]`;
  built.bytes.write(range, rangeAt, 'latin1');
  return { base, update: built, contentsAt, contentsLength, catalog: { ref: catalog.ref, dict: catalogDict }, fieldName, signatureCount };
}

const asArray = (v: PdfValue | undefined): PdfValue[] => (Array.isArray(v) ? v : []);

/**
 * The B-LT update: /DSS with /Certs, /OCSPs, /CRLs (one stream each) and a /VRI entry keyed by the
 * upper-case hex SHA-1 of the signature's /Contents (EN 319 142-1 §5.4).
 */
export function dssUpdate(base: UpdateBase, catalog: { ref: PdfRef; dict: PdfDict }, data: ValidationData, contents: Buffer): BuiltUpdate {
  const update = new UpdateBuilder(base);
  const streams = (items: Uint8Array[]) => items.map((der) => {
    const ref = update.allocate();
    update.put(ref, new PdfDict(), Buffer.from(der));
    return ref;
  });
  const certs = streams(uniqueDer(data.certificates));
  const ocsps = streams(uniqueDer(data.ocspResponses));
  const crls = streams(uniqueDer(data.crls));
  const vri = new PdfDict();
  if (certs.length) vri.set('Cert', certs);
  if (ocsps.length) vri.set('OCSP', ocsps);
  if (crls.length) vri.set('CRL', crls);
  const vriKey = createHash('sha1').update(contents).digest('hex').toUpperCase();
  const dss = new PdfDict().set('VRI', new PdfDict().set(vriKey, vri));
  if (certs.length) dss.set('Certs', certs);
  if (ocsps.length) dss.set('OCSPs', ocsps);
  if (crls.length) dss.set('CRLs', crls);
  const dssRef = update.allocate();
  update.put(dssRef, dss);
  update.put(catalog.ref, catalog.dict.clone().set('DSS', dssRef));
  return update.build();
}

/** Certificates and revocation evidence for the signer and the TSA that stamped the signature. */
async function validationDataFor(cms: Uint8Array, options: SignPadesOptions): Promise<ValidationData> {
  const sd = readSignedData(cms, 'PAdES signature');
  const si = sd.signerInfos[0]!;
  const own = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map(toNodeCert);
  const signer = own.find((c) => matchesSid(c, si));
  const attr = si.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStamp);
  if (!signer || !attr) throw new AppError('INTERNAL', 'the PAdES CMS lacks its signer certificate or timestamp');
  const token = new Uint8Array(attr.values[0]!.toBER(false));
  const tokenSd = readSignedData(token, 'timestamp token');
  const tokenCerts = tokenCertificates(token);
  const tsa = tokenCerts.find((c) => matchesSid(c, tokenSd.signerInfos[0]!));
  const leaves = tsa ? [signer, tsa] : [signer];
  return gatherValidationData(leaves, [...own, ...tokenCerts, ...(options.chain ?? [])], options.revocation ?? { online: true });
}

function uniqueDer(items: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return items.filter((d) => {
    const k = createHash('sha256').update(d).digest('hex');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The lines of the visible stamp: name, date (Europe/Warsaw), kind of signature. */
export function stampLines(certificateDer: Uint8Array, signingTime: Date, qualified: boolean): string[] {
  const cert = new X509Certificate(certificateDer);
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? cert.subject.split('\n')[0] ?? '';
  const date = new Intl.DateTimeFormat('pl-PL', { timeZone: 'Europe/Warsaw', dateStyle: 'short', timeStyle: 'short' }).format(signingTime);
  return [`Podpisano: ${cn}`, `Data: ${date}`, qualified ? 'podpis kwalifikowany' : 'podpis elektroniczny (niekwalifikowany)'];
}
