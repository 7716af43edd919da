/**
 * The XAdES B-B ds:Signature this module builds itself (enveloping, detached, streamed enveloped):
 * algorithm URIs, the skeleton, and sealing it with the signer.
 */
import type { X509Certificate } from 'node:crypto';
import { elementsNS, parseXml } from '../xml/dom';
import type { XmlSigner } from '../xml/engine';
import { NS_DS, NS_XADES } from '../xml/xades';
import type { HashName } from '../signer/types';
import { digest } from './cms-util';
import { EXC_C14N, excC14n } from './xades-levels';

export const XML_DIGEST: Record<HashName, string> = {
  'SHA-256': 'http://www.w3.org/2001/04/xmlenc#sha256',
  'SHA-384': 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'SHA-512': 'http://www.w3.org/2001/04/xmlenc#sha512',
};
export const XML_SIGNATURE: Record<'RSA' | 'EC', Record<HashName, string>> = {
  RSA: {
    'SHA-256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'SHA-384': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
    'SHA-512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  },
  EC: {
    'SHA-256': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
    'SHA-384': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
    'SHA-512': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
  },
};
export const ENVELOPED_TRANSFORM = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const BASE64_TRANSFORM = 'http://www.w3.org/2000/09/xmldsig#base64';
export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
export const isoSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface SkeletonOptions {
  id: string;
  hash: HashName;
  signer: XmlSigner;
  chain?: X509Certificate[];
  /** The ds:Reference of the signed data, digest filled in. */
  reference: string;
  refId: string;
  mimeType: string;
  signingTime: Date;
  /** A ds:Object holding enveloped content (enveloping form). */
  object?: string;
}

/**
 * A XAdES B-B ds:Signature as its own document, SignedProperties digest and SignatureValue still
 * empty: SigningTime, SigningCertificateV2, DataObjectFormat, exclusive C14N, signer (and chain) in
 * KeyInfo. Prefixes ds/xades are declared on the elements that use them, so the exclusive
 * canonical forms are the same here and wherever the element is later inserted.
 */
export function buildSkeleton(o: SkeletonOptions): Document {
  const { id, hash } = o;
  const spId = `${id}-signed-props`;
  const digestMethod = `<ds:DigestMethod Algorithm="${XML_DIGEST[hash]}"/>`;
  const certs = [o.signer.certificateDer, ...(o.chain ?? []).map((c) => new Uint8Array(c.raw))];
  const text = `<ds:Signature xmlns:ds="${NS_DS}" Id="${id}"><ds:SignedInfo>`
    + `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"/><ds:SignatureMethod Algorithm="${XML_SIGNATURE[o.signer.keyType][hash]}"/>`
    + o.reference
    + `<ds:Reference URI="#${spId}" Type="${SIGNED_PROPERTIES_TYPE}"><ds:Transforms><ds:Transform Algorithm="${EXC_C14N}"/></ds:Transforms>${digestMethod}<ds:DigestValue></ds:DigestValue></ds:Reference>`
    + `</ds:SignedInfo><ds:SignatureValue Id="${id}-value"></ds:SignatureValue>`
    + `<ds:KeyInfo><ds:X509Data>${certs.map((c) => `<ds:X509Certificate>${b64(c)}</ds:X509Certificate>`).join('')}</ds:X509Data></ds:KeyInfo>`
    + (o.object ?? '')
    + `<ds:Object><xades:QualifyingProperties xmlns:xades="${NS_XADES}" Target="#${id}"><xades:SignedProperties Id="${spId}">`
    + `<xades:SignedSignatureProperties><xades:SigningTime>${isoSeconds(o.signingTime)}</xades:SigningTime>`
    + `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>${digestMethod}<ds:DigestValue>${b64(digest(hash, o.signer.certificateDer))}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2>`
    + `</xades:SignedSignatureProperties><xades:SignedDataObjectProperties><xades:DataObjectFormat ObjectReference="#${o.refId}"><xades:MimeType>${esc(o.mimeType)}</xades:MimeType></xades:DataObjectFormat></xades:SignedDataObjectProperties>`
    + `</xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature>`;
  return parseXml(text, 'signature');
}

/** Fills the SignedProperties digest, then signs the canonical SignedInfo with the card. */
export async function sealSignature(doc: Document, hash: HashName, signer: XmlSigner): Promise<{ doc: Document; signature: Element }> {
  const signature = doc.documentElement!;
  const sp = elementsNS(doc, NS_XADES, 'SignedProperties')[0]!;
  const spRef = elementsNS(doc, NS_DS, 'Reference').find((r) => r.getAttribute('Type') === SIGNED_PROPERTIES_TYPE)!;
  elementsNS(spRef, NS_DS, 'DigestValue')[0]!.textContent = b64(digest(hash, Buffer.from(excC14n(sp), 'utf8')));
  const signedInfo = elementsNS(doc, NS_DS, 'SignedInfo')[0]!;
  const value = await signer.signDigest(new Uint8Array(digest(hash, Buffer.from(excC14n(signedInfo), 'utf8'))), hash);
  elementsNS(doc, NS_DS, 'SignatureValue')[0]!.textContent = b64(value);
  return { doc, signature };
}
