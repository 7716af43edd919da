/**
 * CAdES baseline signatures (EN 319 122-1) with pkijs/asn1js: detached (.p7s) and attached (.p7m),
 * B-B (content-type, message-digest, signing-time, signing-certificate-v2 as signed attributes,
 * DER-sorted), B-T (signature-time-stamp over the signature value) and B-LT (certificates and
 * OCSP/CRL in the SignedData). Co-signing adds a parallel SignerInfo and keeps existing ones.
 * The card signs the digest of the DER signed-attributes SET; nothing else leaves this process.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../common/errors';
import { writeFileAtomic } from '../storage/atomic-write';
import type { HashName } from '../signer/types';
import type { SignCadesOptions, SignCmsOptions, SignCmsResult, SignOutcome, SigningIdentity, ValidationData } from './api';
import { ab, digest, digestFile, ecdsaRawToDer, fromBer, HASH_OID, OID, SIGNATURE_OID, signingCertificateV2, toPkijsCert } from './cms-util';
import { timestamp } from './tsa';
import { gatherValidationData } from './validation-data';

const attribute = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });

/** DER SET OF sorts its elements by their encodings (X.690 §11.6); asn1js keeps insertion order. */
function derSorted(attrs: pkijs.Attribute[]): pkijs.Attribute[] {
  const enc = (a: pkijs.Attribute) => Buffer.from(a.toSchema().toBER(false));
  return [...attrs].sort((a, b) => Buffer.compare(enc(a), enc(b)));
}

interface BuiltSigner {
  signerInfo: pkijs.SignerInfo;
  certificate: X509Certificate;
  timestampTime: Date | null;
  validationData: ValidationData;
}

/** One SignerInfo over `contentDigest`, at the requested level. */
async function buildSignerInfo(id: SigningIdentity, o: {
  contentDigest: Uint8Array; hash: HashName; signingTime: Date | null; level: SignCmsOptions['level'];
  tsa?: SignCmsOptions['tsa']; revocation?: SignCmsOptions['revocation']; chain?: X509Certificate[];
}): Promise<BuiltSigner> {
  const certificate = new X509Certificate(Buffer.from(await id.signer.certificate(id.certificateId)));
  const p = toPkijsCert(certificate);
  const attrs = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: ab(o.contentDigest) })),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate, o.hash)),
  ];
  // CAdES wants signing-time; PAdES forbids it (EN 319 142-1 §6.3: the time is the PDF /M).
  if (o.signingTime) attrs.push(attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: wholeSeconds(o.signingTime) })));
  const signedAttrs = derSorted(attrs);
  const toBeSigned = new Uint8Array(new asn1js.Set({ value: signedAttrs.map((a) => a.toSchema()) }).toBER(false));
  const { signature, keyType } = await id.signer.sign({ certificateId: id.certificateId, pin: id.pin, hash: o.hash, digest: digest(o.hash, toBeSigned) });
  const signatureDer = keyType === 'EC' ? ecdsaRawToDer(signature) : signature;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: p.issuer, serialNumber: p.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID[o.hash] }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttrs }),
    // ECDSA AlgorithmIdentifiers carry no parameters (RFC 5758); RSA ones carry NULL (RFC 4055).
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: SIGNATURE_OID[keyType][o.hash],
      ...(keyType === 'RSA' ? { algorithmParams: new asn1js.Null() } : {}),
    }),
    signature: new asn1js.OctetString({ valueHex: ab(signatureDer) }),
  });
  let timestampTime: Date | null = null;
  const pool = [certificate, ...(o.chain ?? [])];
  const leaves = [certificate];
  if (o.level !== 'B-B') {
    if (!o.tsa?.length) throw new AppError('TSA_FAILED', `${o.level} needs a time-stamping server`, { tsa: '—', reason: 'no time-stamping server is enabled' });
    const ts = await timestamp(digest(o.hash, signatureDer), { tsa: o.tsa, hash: o.hash });
    timestampTime = ts.genTime;
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [attribute(OID.signatureTimeStamp, fromBer(ts.token, 'TimeStampToken'))],
    });
    pool.push(ts.tsaCertificate, ...tokenCertificates(ts.token));
    leaves.push(ts.tsaCertificate);
  }
  const validationData = o.level === 'B-LT'
    ? await gatherValidationData(leaves, pool, o.revocation ?? { online: true })
    : { certificates: [certificate, ...(o.chain ?? [])].map((c) => new Uint8Array(c.raw)), ocspResponses: [], crls: [] };
  return { signerInfo, certificate, timestampTime, validationData };
}

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

export function tokenCertificates(token: Uint8Array): X509Certificate[] {
  const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: fromBer(token, 'TimeStampToken') }).content });
  return (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER(false))));
}

function addValidationData(sd: pkijs.SignedData, vd: ValidationData): void {
  const have = new Set((sd.certificates ?? []).map((c) => Buffer.from((c as pkijs.Certificate).toSchema().toBER(false)).toString('base64')));
  for (const der of vd.certificates) {
    const key = Buffer.from(der).toString('base64');
    if (have.has(key)) continue;
    have.add(key);
    (sd.certificates ??= []).push(pkijs.Certificate.fromBER(ab(der)));
  }
  for (const der of vd.crls) (sd.crls ??= []).push(pkijs.CertificateRevocationList.fromBER(ab(der)));
  for (const der of vd.ocspResponses) {
    (sd.crls ??= []).push(new pkijs.OtherRevocationInfoFormat({ otherRevInfoFormat: OID.ocspRevocationInfo, otherRevInfo: fromBer(der, 'OCSP response') }));
  }
}

function encode(sd: pkijs.SignedData): Uint8Array {
  const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return new Uint8Array(ci.toSchema().toBER(false));
}

/** A detached CMS signature over a digest computed by the caller (PAdES: the byte range). */
export async function signCms(o: SignCmsOptions): Promise<SignCmsResult> {
  const hash = o.hash ?? 'SHA-256';
  const built = await buildSignerInfo(o, { ...o, hash });
  const sd = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID[hash] })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [built.signerInfo],
  });
  addValidationData(sd, built.validationData);
  return { cms: encode(sd), timestampTime: built.timestampTime?.toISOString() ?? null, validationData: built.validationData };
}

/** Reads an existing .p7s/.p7m for co-signing. */
export function readSignedData(der: Uint8Array, what: string): pkijs.SignedData {
  try {
    const ci = new pkijs.ContentInfo({ schema: fromBer(der, what) });
    if (ci.contentType !== OID.signedData) throw new Error('not a SignedData');
    return new pkijs.SignedData({ schema: ci.content });
  } catch (e) {
    throw new AppError('INVALID_INPUT', `${what} is not a CMS signature: ${(e as Error).message}`, { fields: [what] });
  }
}

export async function signCades(o: SignCadesOptions): Promise<SignOutcome> {
  const hash = o.hash ?? 'SHA-256';
  const signingTime = wholeSeconds(o.signingTime ?? new Date());
  let sd: pkijs.SignedData;
  let content: Uint8Array | null = null;
  if (o.existingSignature) {
    sd = readSignedData(readFileSync(o.existingSignature), path.basename(o.existingSignature));
    const attached = sd.encapContentInfo.eContent;
    if ((o.mode === 'attached') !== !!attached) {
      throw new AppError('COSIGN_NOT_POSSIBLE', 'signature form differs', { reason: `the existing signature is ${attached ? 'attached' : 'detached'}` });
    }
    if (attached) content = new Uint8Array(attached.getValue());
  } else {
    sd = new pkijs.SignedData({
      version: 1,
      digestAlgorithms: [],
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      signerInfos: [],
    });
    // Attached (.p7m) holds the whole content in the signature, so it is read whole; detached streams.
    if (o.mode === 'attached') content = readFileSync(o.input);
  }
  const contentDigest = content ? digest(hash, content) : await digestFile(o.input, hash, o.onProgress);
  const built = await buildSignerInfo(o, { contentDigest, hash, signingTime, level: o.level, tsa: o.tsa, revocation: o.revocation, chain: o.chain });
  if (!sd.digestAlgorithms.some((a) => a.algorithmId === HASH_OID[hash])) sd.digestAlgorithms.push(new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID[hash] }));
  if (content && !o.existingSignature) {
    sd.encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent: new asn1js.OctetString({ valueHex: ab(content) }) });
  }
  sd.signerInfos.push(built.signerInfo);
  addValidationData(sd, built.validationData);
  writeFileAtomic(o.output, encode(sd));
  return {
    output: o.output,
    format: 'CAdES',
    mode: o.mode,
    level: o.level,
    signatureId: `S-${built.certificate.serialNumber}-${sd.signerInfos.length}`,
    signingTime: signingTime.toISOString(),
    timestampTime: built.timestampTime?.toISOString() ?? null,
    signatureCount: sd.signerInfos.length,
  };
}
