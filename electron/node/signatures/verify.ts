/**
 * verifyFile: a signed file → VerificationReport. XML (XAdES/XMLDSig: enveloped, enveloping,
 * detached; receipts with the filed document), CMS (CAdES .p7s/.p7m), RFC 3161 timestamps (.tsr/.tst
 * against the stamped file), PDF through the verifier the
 * PAdES module registers. Integrity is checked on what each reference actually resolves to, and
 * that is what the report lists as signed; duplicate Ids and signatures whose signed element is not
 * the document are reported as signature wrapping (XSW) rather than passed. XML is parsed whole
 * here (verification of a 200 MB pismo needs memory; signing it does not).
 */
import { constants, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { overallIndication, type SignatureReport, type SignedObject, type VerificationReport } from '../../common/verification-report';
import { AppError } from '../../common/errors';
import { elementsNS, parseXml } from '../xml/dom';
import { NS_DS, NS_XADES, signerCertificateOf, topLevelPis, verifyEnvelopedSignatures } from '../xml/xades';
import type { HashName } from '../signer/types';
import type { VerifyFileOptions } from './api';
import { assess, reason, type Finding, type VerifyContext } from './assess';
import * as asn1js from 'asn1js';
import { checkSignerInfo, digest, digestFile, fromBer, hashNameOfOid, OID, toNodeCert } from './cms-util';
import { excC14n } from './xades-levels';
import { XML_DIGEST } from './xades-skeleton';
import { matchesSid } from './tsa';
import { timestampTokenOf, verifyTimestampToken } from './timestamp-file';

type PdfVerifier = (bytes: Buffer, ctx: VerifyContext) => Promise<SignatureReport[]>;
let pdfVerifier: PdfVerifier | null = null;
/** The PAdES module registers how PDFs are verified (files.ts does, at load). */
export function registerPdfVerifier(v: PdfVerifier): void {
  pdfVerifier = v;
}

const EXC_C14N_URI = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const HASH_OF_URI = new Map<string, HashName>(Object.entries(XML_DIGEST).map(([h, u]) => [u, h as HashName]));

export async function verifyFile(o: VerifyFileOptions): Promise<VerificationReport> {
  const bytes = readFileSync(o.file);
  const anchors = o.trustAnchors.map((a) => (typeof a === 'string' ? pemCertificates(a) : [a])).flat();
  const ctx: VerifyContext = { anchors, online: o.online, at: o.at ?? new Date(), ocspUrl: o.ocspUrl, crlUrl: o.crlUrl };
  const head = bytes.subarray(0, 512).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  let documentType: VerificationReport['documentType'] = 'UNKNOWN';
  let signatures: SignatureReport[] = [];
  const reasons = [];
  if (head.startsWith('%PDF')) {
    documentType = 'PDF';
    if (pdfVerifier) signatures = await pdfVerifier(bytes, ctx);
    else reasons.push(reason('UNSUPPORTED_FORMAT', 'error', { format: 'PDF' }));
  } else if (head.startsWith('<')) {
    documentType = 'XML';
    signatures = await verifyXml(bytes.toString('utf8'), path.basename(o.file), o.detachedContent, ctx);
  } else if (bytes[0] === 0x30 && timestampTokenOf(bytes)) {
    documentType = 'TIMESTAMP';
    signatures = [await verifyTimestampToken(timestampTokenOf(bytes)!, o.detachedContent, ctx)];
  } else if (bytes[0] === 0x30) {
    documentType = 'CMS';
    signatures = await verifyCmsSignature(bytes, o.detachedContent ? { file: o.detachedContent } : null, ctx);
  } else {
    reasons.push(reason('UNSUPPORTED_FORMAT', 'error', { format: path.extname(o.file) || '?' }));
  }
  if (signatures.length === 0 && reasons.length === 0) reasons.push(reason('NO_SIGNATURES', 'error'));
  const overall = overallIndication(signatures);
  return {
    file: path.basename(o.file), documentType, validationTime: ctx.at.toISOString(), online: o.online,
    indication: overall.indication, subIndication: overall.subIndication,
    signaturesCount: signatures.length, validSignaturesCount: signatures.filter((s) => s.indication === 'TOTAL_PASSED').length,
    signatures, reasons,
  };
}

function pemCertificates(file: string): X509Certificate[] {
  const text = readFileSync(file, 'utf8');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new AppError('INVALID_INPUT', `${path.basename(file)} holds no PEM certificate`, { fields: ['trustAnchors'] });
  return blocks.map((b) => new X509Certificate(b));
}

// ---------------------------------------------------------------- XML

function idIndex(doc: Document): Map<string, Element[]> {
  const out = new Map<string, Element[]>();
  const walk = (el: Element) => {
    for (const a of ['Id', 'ID', 'id']) {
      const v = el.getAttribute(a);
      if (v) out.set(v, [...(out.get(v) ?? []), el]);
    }
    for (const c of Array.from(el.childNodes)) if (c.nodeType === 1) walk(c as Element);
  };
  walk(doc.documentElement!);
  return out;
}

const contains = (outer: Node, inner: Node) => {
  for (let n: Node | null = inner; n; n = n.parentNode) if (n === outer) return true;
  return false;
};

async function verifyXml(text: string, name: string, detached: string | undefined, ctx: VerifyContext): Promise<SignatureReport[]> {
  const doc = parseXml(text, name);
  const root = doc.documentElement!;
  const ids = idIndex(doc);
  const all = elementsNS(doc, NS_DS, 'Signature');
  // Outcome of the library's enveloped verification (enveloped and XPath transforms, whole-document C14N with PIs).
  // A receipt (UPP) binds the filed document by an external reference with transforms: the chosen
  // file, when it is XML, is offered under each external URI the signatures name.
  const externalXml = detached ? readXmlOrNull(detached) : null;
  const externalUris = all.flatMap((s) => elementsNS(s, NS_DS, 'Reference').map((r) => r.getAttribute('URI') ?? '').filter((u) => u !== '' && !u.startsWith('#')));
  const external = externalXml ? [...new Set(externalUris)].map((uri) => ({ uri, document: externalXml })) : [];
  const envelopedChecks = root.namespaceURI === NS_DS && root.localName === 'Signature' ? [] : await verifyEnvelopedSignatures(doc, external);
  const reports: SignatureReport[] = [];
  for (const [i, sig] of all.entries()) {
    const sigId = sig.getAttribute('Id') ?? `signature-${i + 1}`;
    const f: Finding = {
      id: sigId, format: 'XAdES', form: 'enveloped', level: 'B-B', failure: null, reasons: [], signer: null, signingTime: null,
      signedObjects: [], timestamps: [], certificates: [], ocspResponses: [], crls: [],
    };
    const fail = (sub: NonNullable<Finding['failure']>['sub'], r: ReturnType<typeof reason>, indication: 'TOTAL_FAILED' | 'INDETERMINATE' = 'TOTAL_FAILED') => {
      f.failure ??= { indication, sub, reasons: [] };
      f.failure.reasons.push(r);
    };
    f.signer = signerCertificateOf(sig);
    const st = elementsNS(sig, NS_XADES, 'SigningTime')[0]?.textContent?.trim();
    if (st) f.signingTime = new Date(st);
    const sp = elementsNS(sig, NS_XADES, 'SignedProperties')[0];
    if (!sp) { f.format = 'XMLDSig'; f.level = 'NONE'; }

    // Wrapping: every Id unique; a signature either is the document, or sits directly in its root.
    for (const [idv, els] of ids) if (els.length > 1) fail('FORMAT_FAILURE', reason('DUPLICATE_ID', 'error', { id: idv }));
    if (sig !== root && sig.parentNode !== root) fail('SIG_CONSTRAINTS_FAILURE', reason('SIGNATURE_WRAPPING', 'error', { detail: `signature found inside <${(sig.parentNode as Element).nodeName}>, not in the document root` }));

    const signedInfo = elementsNS(sig, NS_DS, 'SignedInfo')[0];
    const refs = signedInfo ? elementsNS(signedInfo, NS_DS, 'Reference') : [];
    let coversDocument = false;
    const externalRefs: SignedObject[] = [];
    for (const ref of refs) {
      const uri = ref.getAttribute('URI') ?? '';
      const transforms = elementsNS(ref, NS_DS, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
      const alg = elementsNS(ref, NS_DS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
      const expected = elementsNS(ref, NS_DS, 'DigestValue')[0]?.textContent?.replace(/\s+/g, '') ?? '';
      const hash = HASH_OF_URI.get(alg);
      const obj: SignedObject = { uri, kind: 'other', description: '', mimeType: null, digestAlgorithm: alg, intact: false, transforms };
      const mime = sp ? elementsNS(sp, NS_XADES, 'DataObjectFormat').find((d) => d.getAttribute('ObjectReference') === `#${ref.getAttribute('Id')}`) : undefined;
      obj.mimeType = mime ? elementsNS(mime, NS_XADES, 'MimeType')[0]?.textContent?.trim() ?? null : null;
      f.signedObjects.push(obj);
      if (uri === '') {
        coversDocument = true;
        obj.kind = 'whole-document';
        obj.description = `<${root.nodeName}> (${transforms.some((t) => t.includes('xpath')) ? 'all but the signatures' : 'all but this signature'})`;
        continue; // digest checked by the library below
      }
      if (uri.startsWith('#')) {
        const targets = ids.get(uri.slice(1)) ?? [];
        const target = targets[0];
        if (!target) { fail('SIGNED_DATA_NOT_FOUND', reason('REFERENCE_NOT_FOUND', 'error', { uri })); continue; }
        const isSp = ref.getAttribute('Type') === 'http://uri.etsi.org/01903#SignedProperties';
        obj.kind = isSp ? 'signed-properties' : target.localName === 'Object' && target.namespaceURI === NS_DS ? 'embedded-content' : 'element';
        obj.description = `<${target.nodeName} Id="${uri.slice(1)}">`;
        if (isSp && !contains(sig, target)) fail('SIG_CONSTRAINTS_FAILURE', reason('SIGNATURE_WRAPPING', 'error', { detail: `SignedProperties ${uri} lie outside the signature` }));
        if (target === root) coversDocument = true;
        if (obj.kind === 'embedded-content' && contains(sig, target)) coversDocument = true;
        if (!hash) { fail('FORMAT_FAILURE', reason('MALFORMED_SIGNATURE', 'error', { detail: `digest ${alg}` })); continue; }
        let data: Buffer;
        if (transforms.includes('http://www.w3.org/2000/09/xmldsig#base64')) data = Buffer.from((target.textContent ?? '').replace(/\s+/g, ''), 'base64');
        else data = Buffer.from(excC14n(target), 'utf8');
        obj.intact = digest(hash, data).toString('base64') === expected;
        if (!obj.intact) fail('HASH_FAILURE', reason('REFERENCE_DIGEST_MISMATCH', 'error', { uri }));
        continue;
      }
      // Detached: an external file named by the URI.
      obj.kind = 'detached-file';
      const fileName = decodeURIComponent(uri);
      obj.description = fileName;
      if (!detached) { fail('SIGNED_DATA_NOT_FOUND', reason('DETACHED_CONTENT_MISSING', 'error', { uri: fileName }), 'INDETERMINATE'); continue; }
      if (transforms.length > 0) {
        // An XML document canonicalised by its transforms: the library digests it (checked below).
        obj.description = `${fileName} (${path.basename(detached)})`;
        if (externalXml && hash && transforms.every((t) => t === EXC_C14N_URI)) {
          const { before, after } = topLevelPis(externalXml);
          obj.intact = digest(hash, Buffer.from(before + excC14n(externalXml.documentElement!) + after, 'utf8')).toString('base64') === expected;
        } else if (externalXml) {
          externalRefs.push(obj);
        }
        if (!obj.intact && !externalRefs.includes(obj)) fail('HASH_FAILURE', reason('DETACHED_CONTENT_MISMATCH', 'error', { uri: path.basename(detached) }));
        coversDocument = true;
        continue;
      }
      if (!hash) { fail('FORMAT_FAILURE', reason('MALFORMED_SIGNATURE', 'error', { detail: `digest ${alg}` })); continue; }
      obj.intact = (await digestFile(detached, hash)).toString('base64') === expected;
      obj.description = `${fileName} (${path.basename(detached)})`;
      if (!obj.intact) fail('HASH_FAILURE', reason('DETACHED_CONTENT_MISMATCH', 'error', { uri: path.basename(detached) }));
      coversDocument = true;
    }
    if (sig === root) f.form = refs.some((r) => (r.getAttribute('URI') ?? '').startsWith('#') && r.getAttribute('Type') === null && f.signedObjects.some((o) => o.kind === 'embedded-content')) ? 'enveloping' : 'detached';
    else if (!coversDocument) fail('SIG_CONSTRAINTS_FAILURE', reason('SIGNATURE_WRAPPING', 'error', { detail: `the signature does not cover the document <${root.nodeName}>, only ${f.signedObjects.map((o) => o.description).join(', ')}` }));

    // Enveloped digest of the whole document: the library's verdict for this signature.
    const lib = envelopedChecks.find((c) => c.signatureId === sig.getAttribute('Id'));
    const docRef = f.signedObjects.find((o) => o.kind === 'whole-document');
    const externalBroken = f.signedObjects.some((o) => o.kind === 'detached-file' && !o.intact && !externalRefs.includes(o));
    if (docRef && lib) {
      docRef.intact = lib.valid || (signatureValueOk(sig, f.signer) === true && externalBroken);
      if (!lib.valid && signatureValueOk(sig, f.signer) && !externalBroken) {
        docRef.intact = false;
        fail('HASH_FAILURE', reason('REFERENCE_DIGEST_MISMATCH', 'error', { uri: `<${root.nodeName}>` }));
      }
    }
    if (externalRefs.length && lib) {
      // The signature value is checked on its own below; a failing library verdict then means a digest.
      const intact = lib.valid;
      for (const o of externalRefs) o.intact = intact;
      if (!intact && signatureValueOk(sig, f.signer)) fail('HASH_FAILURE', reason('DETACHED_CONTENT_MISMATCH', 'error', { uri: path.basename(detached!) }));
    }
    const sv = signatureValueOk(sig, f.signer);
    if (sv === false) fail('SIG_CRYPTO_FAILURE', reason('SIGNATURE_VALUE_INVALID', 'error'));
    if (sv === null && f.signer) fail('FORMAT_FAILURE', reason('MALFORMED_SIGNATURE', 'error', { detail: 'unsupported canonicalisation or signature algorithm' }));
    if (f.signer && sp) checkSigningCertificate(sp, f.signer, fail);

    // Unsigned properties: timestamp and B-LT values.
    const sigValue = elementsNS(sig, NS_DS, 'SignatureValue')[0];
    for (const ts of elementsNS(sig, NS_XADES, 'SignatureTimeStamp')) {
      const token = elementsNS(ts, NS_XADES, 'EncapsulatedTimeStamp')[0]?.textContent?.replace(/\s+/g, '');
      if (token && sigValue) f.timestamps.push({ token: Buffer.from(token, 'base64'), covered: Buffer.from(excC14n(sigValue), 'utf8'), type: 'SIGNATURE_TIMESTAMP' });
    }
    for (const c of elementsNS(sig, NS_XADES, 'EncapsulatedX509Certificate')) f.certificates.push(new X509Certificate(Buffer.from(c.textContent!.replace(/\s+/g, ''), 'base64')));
    for (const c of elementsNS(sig, NS_DS, 'X509Certificate')) f.certificates.push(new X509Certificate(Buffer.from(c.textContent!.replace(/\s+/g, ''), 'base64')));
    for (const o of elementsNS(sig, NS_XADES, 'EncapsulatedOCSPValue')) f.ocspResponses.push(Buffer.from(o.textContent!.replace(/\s+/g, ''), 'base64'));
    for (const o of elementsNS(sig, NS_XADES, 'EncapsulatedCRLValue')) f.crls.push(Buffer.from(o.textContent!.replace(/\s+/g, ''), 'base64'));
    if (f.level !== 'NONE' && f.timestamps.length) f.level = elementsNS(sig, NS_XADES, 'RevocationValues').length ? 'B-LT' : 'B-T';
    reports.push(await assess(f, ctx));
  }
  return reports;
}

function readXmlOrNull(file: string): Document | null {
  const text = readFileSync(file, 'utf8');
  if (!text.replace(/^\uFEFF/, '').trimStart().startsWith('<')) return null;
  try { return parseXml(text, path.basename(file)); } catch { return null; }
}

/** SignatureValue over the canonical SignedInfo; null when the algorithms are not ones we check. */
function signatureValueOk(sig: Element, cert: X509Certificate | null): boolean | null {
  if (!cert) return null;
  const si = elementsNS(sig, NS_DS, 'SignedInfo')[0];
  const c14n = si && elementsNS(si, NS_DS, 'CanonicalizationMethod')[0]?.getAttribute('Algorithm');
  const alg = si && elementsNS(si, NS_DS, 'SignatureMethod')[0]?.getAttribute('Algorithm');
  if (!si || c14n !== 'http://www.w3.org/2001/10/xml-exc-c14n#' || !alg) return null;
  const m = /#(rsa|ecdsa)-(sha256|sha384|sha512)$/.exec(alg);
  if (!m) return null;
  const value = Buffer.from(elementsNS(sig, NS_DS, 'SignatureValue')[0]?.textContent?.replace(/\s+/g, '') ?? '', 'base64');
  const data = Buffer.from(excC14n(si), 'utf8');
  const key = m[1] === 'rsa' ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PADDING } : { key: cert.publicKey, dsaEncoding: 'ieee-p1363' as const };
  try { return cryptoVerify(m[2]!, data, key, value); } catch { return false; }
}

function checkSigningCertificate(sp: Element, cert: X509Certificate, fail: (s: 'FORMAT_FAILURE', r: ReturnType<typeof reason>) => void): void {
  const certDigest = elementsNS(sp, NS_XADES, 'CertDigest')[0];
  if (!certDigest) return;
  const alg = HASH_OF_URI.get(elementsNS(certDigest, NS_DS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '')
    ?? (elementsNS(certDigest, NS_DS, 'DigestMethod')[0]?.getAttribute('Algorithm')?.endsWith('#sha1') ? null : undefined);
  const value = elementsNS(certDigest, NS_DS, 'DigestValue')[0]?.textContent?.replace(/\s+/g, '');
  if (!alg || !value) return;
  if (digest(alg, new Uint8Array(cert.raw)).toString('base64') !== value) fail('FORMAT_FAILURE', reason('SIGNING_CERTIFICATE_MISMATCH', 'error'));
}

// ---------------------------------------------------------------- CMS

/**
 * Verifies every SignerInfo of a CMS SignedData. `content`: the detached content (bytes or a file);
 * null for attached signatures (or when the user gave none). PAdES passes the byte-range bytes.
 */
export async function verifyCmsSignature(der: Uint8Array, content: Uint8Array | { file: string } | null, ctx: VerifyContext, form?: SignatureReport['form']): Promise<SignatureReport[]> {
  let sd: pkijs.SignedData;
  try {
    const ci = new pkijs.ContentInfo({ schema: fromBer(der, 'CMS') });
    if (ci.contentType !== OID.signedData) throw new Error('not SignedData');
    sd = new pkijs.SignedData({ schema: ci.content });
  } catch (e) {
    return [await assess({ id: 'cms', format: 'CMS', form: form ?? 'detached', level: 'NONE', failure: { indication: 'TOTAL_FAILED', sub: 'FORMAT_FAILURE', reasons: [reason('MALFORMED_SIGNATURE', 'error', { detail: (e as Error).message })] }, reasons: [], signer: null, signingTime: null, signedObjects: [], timestamps: [], certificates: [], ocspResponses: [], crls: [] }, ctx)];
  }
  const certificates = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map(toNodeCert);
  const ocspResponses: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const r of sd.crls ?? []) {
    if (r instanceof pkijs.OtherRevocationInfoFormat && r.otherRevInfoFormat === OID.ocspRevocationInfo) ocspResponses.push(new Uint8Array(r.otherRevInfo.toBER(false)));
    else if (r instanceof pkijs.CertificateRevocationList) crls.push(new Uint8Array(r.toSchema().toBER(false)));
  }
  const attached = sd.encapContentInfo.eContent ? new Uint8Array(sd.encapContentInfo.eContent.getValue()) : null;
  const reports: SignatureReport[] = [];
  for (const [i, si] of sd.signerInfos.entries()) {
    const signer = certificates.find((c) => matchesSid(c, si)) ?? null;
    const hash = hashNameOfOid(si.digestAlgorithm.algorithmId);
    const attrs = si.signedAttrs?.attributes ?? [];
    const attr = (oid: string) => attrs.find((a) => a.type === oid)?.values[0];
    const f: Finding = {
      id: `signer-${i + 1}`, format: attr(OID.signingCertificateV2) || attr(OID.signingCertificate) ? 'CAdES' : 'CMS',
      form: form ?? (attached ? 'attached' : 'detached'), level: 'B-B', failure: null, reasons: [], signer,
      signingTime: (attr(OID.signingTime) as { toDate?: () => Date } | undefined)?.toDate?.() ?? null,
      signedObjects: [], timestamps: [], certificates, ocspResponses, crls,
    };
    if (f.format === 'CMS') f.level = 'NONE';
    const fail = (sub: NonNullable<Finding['failure']>['sub'], r: ReturnType<typeof reason>, indication: 'TOTAL_FAILED' | 'INDETERMINATE' = 'TOTAL_FAILED') => {
      f.failure ??= { indication, sub, reasons: [] };
      f.failure.reasons.push(r);
    };
    const obj: SignedObject = { uri: 'content', kind: attached ? 'embedded-content' : 'detached-file', description: '', mimeType: null, digestAlgorithm: hash ?? si.digestAlgorithm.algorithmId, intact: false, transforms: [] };
    f.signedObjects.push(obj);
    const md = attr(OID.messageDigest) as { valueBlock?: { valueHexView: Uint8Array } } | undefined;
    if (!hash || !si.signedAttrs || !md?.valueBlock) {
      fail('FORMAT_FAILURE', reason('MALFORMED_SIGNATURE', 'error', { detail: 'no signed attributes or message-digest' }));
    } else {
      let actual: Buffer | null = null;
      if (attached) { actual = digest(hash, attached); obj.description = `${attached.length} B`; }
      else if (content instanceof Uint8Array) { actual = digest(hash, content); obj.description = `${content.length} B`; }
      else if (content) { actual = await digestFile(content.file, hash); obj.description = path.basename(content.file); }
      if (!actual) fail('SIGNED_DATA_NOT_FOUND', reason('DETACHED_CONTENT_MISSING', 'error', { uri: '' }), 'INDETERMINATE');
      else {
        obj.intact = actual.equals(Buffer.from(md.valueBlock.valueHexView));
        if (!obj.intact) fail('HASH_FAILURE', reason(attached ? 'REFERENCE_DIGEST_MISMATCH' : 'DETACHED_CONTENT_MISMATCH', 'error', { uri: obj.description }));
      }
      if (signer && actual) {
        const check = checkSignerInfo(si, signer, { digest: actual });
        if (check === 'signature') fail('SIG_CRYPTO_FAILURE', reason('SIGNATURE_VALUE_INVALID', 'error'));
        if (!signingCertificateMatches(attr(OID.signingCertificateV2), signer)) fail('FORMAT_FAILURE', reason('SIGNING_CERTIFICATE_MISMATCH', 'error'));
      }
    }
    for (const a of si.unsignedAttrs?.attributes ?? []) {
      if (a.type === OID.signatureTimeStamp && a.values[0]) {
        f.timestamps.push({ token: new Uint8Array(a.values[0].toBER(false)), covered: new Uint8Array(si.signature.valueBlock.valueHexView), type: 'SIGNATURE_TIMESTAMP' });
      }
    }
    if (f.level !== 'NONE' && f.timestamps.length) f.level = ocspResponses.length || crls.length ? 'B-LT' : 'B-T';
    reports.push(await assess(f, ctx));
  }
  return reports;
}

/** ESSCertIDv2.certHash of the first cert of a signing-certificate-v2 attribute against the signer (RFC 5035). */
function signingCertificateMatches(value: unknown, signer: X509Certificate): boolean {
  if (!value) return true;
  try {
    const scv2 = value as asn1js.Sequence;
    const first = ((scv2.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    const algSeq = first[0] instanceof asn1js.Sequence ? (first[0] as asn1js.Sequence) : null;
    const hash = algSeq ? hashNameOfOid((algSeq.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString()) : 'SHA-256';
    const certHash = first.find((v) => v instanceof asn1js.OctetString) as asn1js.OctetString | undefined;
    return !!hash && !!certHash && Buffer.from(certHash.valueBlock.valueHexView).equals(digest(hash, new Uint8Array(signer.raw)));
  } catch {
    return false;
  }
}
