/**
 * WS-Security X.509 signature of a SOAP 1.1 envelope in the one profile ePUAP accepts
 * (DOMAIN-inboxes §3.8): wsse:Security header with a BinarySecurityToken, one ds:Signature
 * (exc-c14n, RSA-SHA256) with one Reference to the Body's wsu:Id, KeyInfo pointing at the token
 * through a SecurityTokenReference, no Timestamp.
 *
 * xmldsigjs builds and checks the signature itself (SignedInfo, canonicalisation, digests, the
 * signature value, signing through an XmlSigner). Two things are written by hand because
 * xmldsigjs has no notion of them: the WS-Security wrapping (Security, BinarySecurityToken,
 * SecurityTokenReference as KeyInfo) and resolving `#id` through `wsu:Id` — xmldsigjs only knows
 * unqualified Id/ID/id attributes. That resolver is also where signature wrapping is refused: the
 * referenced element must be the Envelope's own Body (or the Security header's Timestamp) and its
 * Id must be unique in the whole message.
 */
import { randomUUID, X509Certificate, webcrypto } from 'node:crypto';
import * as xmldsig from 'xmldsigjs';
import { AppError } from '../../common/errors';
import { elementsNS } from '../xml/dom';
import { remoteKey, type XmlSigner } from '../xml/engine';
import { childElements, childrenNS, decodeBase64, envelopeParts, isElementNS, NS_SOAP11 } from './soap';

export const NS_WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const NS_WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const NS_XMLNS = 'http://www.w3.org/2000/xmlns/';
const X509V3 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** What ePUAP is known to accept (§3.8): RSA-SHA256; RSA-SHA1 from older clients. */
const SIGNATURE_METHODS: Record<string, 'SHA-256' | 'SHA-1'> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'SHA-256',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'SHA-1',
};
const DIGEST_METHODS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2000/09/xmldsig#sha1']);

/** Every attribute a verifier might treat as an ID; a duplicate under any of them is refused. */
function idOf(el: Element): string[] {
  const ids: string[] = [];
  const wsu = el.getAttributeNS(NS_WSU, 'Id');
  if (wsu) ids.push(wsu);
  for (const name of ['Id', 'ID', 'id']) {
    const attr = el.getAttributeNode(name);
    if (attr && !attr.namespaceURI) ids.push(attr.value);
  }
  return ids;
}

function allElements(root: Element): Element[] {
  const out: Element[] = [root];
  for (const c of childElements(root)) out.push(...allElements(c));
  return out;
}

/**
 * The element `#id` may point at in this profile: the Envelope's Body, or the wsu:Timestamp of
 * its wsse:Security header. Works on the whole envelope and on xmldsigjs's detached copy alike.
 */
function signedTarget(envelope: Element, id: string): { element: Element; kind: 'Body' | 'Timestamp' } {
  const holders = allElements(envelope).filter((e) => idOf(e).includes(id));
  if (holders.length === 0) throw new Error(`no element carries the Id "${id}"`);
  if (holders.length > 1) throw new Error(`the Id "${id}" appears on ${holders.length} elements (signature wrapping?)`);
  const element = holders[0]!;
  if (element.getAttributeNS(NS_WSU, 'Id') !== id) throw new Error(`"${id}" is not a wsu:Id`);
  if (isElementNS(element, NS_SOAP11, 'Body') && element.parentNode === envelope) return { element, kind: 'Body' };
  const security = element.parentNode as Element | null;
  if (isElementNS(element, NS_WSU, 'Timestamp') && isElementNS(security, NS_WSSE, 'Security')
    && isElementNS(security.parentNode, NS_SOAP11, 'Header') && security.parentNode!.parentNode === envelope) {
    return { element, kind: 'Timestamp' };
  }
  throw new Error(`the signature covers {${element.namespaceURI ?? ''}}${element.localName}, not the SOAP Body`);
}

/** xmldsigjs SignedXml that resolves same-document references through wsu:Id, and only to allowed targets. */
class WsSecuritySignedXml extends xmldsig.SignedXml {
  protected override async DigestReference(source: xmldsig.DigestReferenceSource, reference: xmldsig.Reference, _checkHmac: boolean): Promise<Uint8Array> {
    const uri = reference.Uri ?? '';
    if (!uri.startsWith('#') || !(source as Element).nodeType) throw new Error(`reference "${uri}" is not a same-document #id reference`);
    const { element } = signedTarget(source as Element, uri.slice(1));
    // Canonicalise a detached copy that carries the namespaces in scope, as xmldsigjs does for its own Id lookups.
    const copy = element.cloneNode(true) as Element;
    this.CopyNamespaces(element, copy, false);
    const output = this.ApplyTransforms(reference.Transforms, copy) as string;
    return xmldsig.CryptoConfig.CreateHashAlgorithm(reference.DigestMethod.Algorithm).Digest(output);
  }
}

export interface WsSecuritySignOptions {
  /** wsu:Id for the Body when it has none; default "id-<uuid>". */
  bodyId?: string;
  /** wsu:Id of the BinarySecurityToken; default "X509-<uuid>". */
  tokenId?: string;
}

/**
 * Signs `envelope` in place: adds wsse:Security as the first header (creating soapenv:Header when
 * missing), the BinarySecurityToken with the signer's certificate and the signature over the Body.
 */
export async function signWsSecurity(envelope: Document, signer: XmlSigner, opts: WsSecuritySignOptions = {}): Promise<void> {
  if (signer.keyType !== 'RSA') {
    throw new AppError('INVALID_INPUT', 'ePUAP WS-Security needs an RSA system certificate (rsa-sha256)', { fields: ['system'] });
  }
  const parts = envelopeParts(envelope);
  if (elementsNS(envelope, NS_WSSE, 'Security').length > 0) throw new Error('the envelope already carries wsse:Security');
  const prefix = parts.envelope.prefix ? `${parts.envelope.prefix}:` : '';
  let header = parts.header;
  if (!header) {
    header = envelope.createElementNS(NS_SOAP11, `${prefix}Header`);
    parts.envelope.insertBefore(header, parts.body);
  }
  const body = parts.body;
  let bodyId = body.getAttributeNS(NS_WSU, 'Id');
  if (!bodyId) {
    bodyId = opts.bodyId ?? `id-${randomUUID()}`;
    body.setAttributeNS(NS_XMLNS, 'xmlns:wsu', NS_WSU);
    body.setAttributeNS(NS_WSU, 'wsu:Id', bodyId);
  }

  const security = envelope.createElementNS(NS_WSSE, 'wsse:Security');
  security.setAttributeNS(NS_XMLNS, 'xmlns:wsse', NS_WSSE);
  security.setAttributeNS(NS_XMLNS, 'xmlns:wsu', NS_WSU);
  header.insertBefore(security, header.firstChild);
  const tokenId = opts.tokenId ?? `X509-${randomUUID()}`;
  const token = envelope.createElementNS(NS_WSSE, 'wsse:BinarySecurityToken');
  token.setAttribute('EncodingType', BASE64_BINARY);
  token.setAttribute('ValueType', X509V3);
  token.setAttributeNS(NS_WSU, 'wsu:Id', tokenId);
  token.appendChild(envelope.createTextNode(Buffer.from(signer.certificateDer).toString('base64')));
  security.appendChild(token);

  const signed = new WsSecuritySignedXml(envelope);
  signed.XmlSignature.SignedInfo.CanonicalizationMethod.Algorithm = EXC_C14N;
  const signature = await signed.Sign({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm, remoteKey(signer, 'SHA-256'), envelope, {
    references: [{ uri: `#${bodyId}`, hash: 'SHA-256', transforms: ['exc-c14n'] }],
  });
  const xml = signature.GetXml();
  if (!xml) throw new Error('xmldsigjs produced no signature element');
  const sigEl = envelope.importNode(xml, true) as Element;
  // KeyInfo → SecurityTokenReference → the token: WS-Security token profile, not an xmldsigjs KeyInfo clause.
  for (const old of childrenNS(sigEl, NS_DS, 'KeyInfo')) sigEl.removeChild(old);
  const keyInfo = envelope.createElementNS(NS_DS, `${sigEl.prefix ? sigEl.prefix + ':' : ''}KeyInfo`);
  const str = envelope.createElementNS(NS_WSSE, 'wsse:SecurityTokenReference');
  const ref = envelope.createElementNS(NS_WSSE, 'wsse:Reference');
  ref.setAttribute('URI', `#${tokenId}`);
  ref.setAttribute('ValueType', X509V3);
  str.appendChild(ref);
  keyInfo.appendChild(str);
  sigEl.appendChild(keyInfo);
  security.appendChild(sigEl);
}

export interface WsSecurityCheck {
  ok: boolean;
  /** DER of the BinarySecurityToken certificate, when one could be read (also when !ok). */
  certificateDer: Uint8Array | null;
  /** Why the check failed; null when ok. */
  reason: string | null;
}

export interface WsSecurityVerifyOptions {
  /** When given, an expired wsu:Timestamp fails the check. */
  now?: Date;
}

/**
 * Checks the WS-Security signature of a received envelope: exactly one ds:Signature, inside the
 * single wsse:Security header; every reference resolves by a unique wsu:Id to the Envelope's own
 * Body (required, once) or to the header's wsu:Timestamp (optional); exc-c14n, RSA-SHA256/SHA1;
 * key from the referenced BinarySecurityToken. Digests and the signature value are verified.
 * Who the certificate belongs to is the caller's decision.
 */
export async function verifyWsSecurity(envelopeDoc: Document, opts: WsSecurityVerifyOptions = {}): Promise<WsSecurityCheck> {
  let certificateDer: Uint8Array | null = null;
  const fail = (reason: string): WsSecurityCheck => ({ ok: false, certificateDer, reason });
  try {
    const { envelope, header, body } = envelopeParts(envelopeDoc);
    if (!header) return fail('no SOAP header');
    const securities = elementsNS(envelopeDoc, NS_WSSE, 'Security');
    if (securities.length !== 1 || securities[0]!.parentNode !== header) return fail('expected exactly one wsse:Security in the SOAP header');
    const security = securities[0]!;
    const signatures = elementsNS(envelopeDoc, NS_DS, 'Signature').filter((s) => !isWithin(s, body));
    if (signatures.length !== 1) return fail(`expected exactly one ds:Signature outside the Body, found ${signatures.length}`);
    const sigEl = signatures[0]!;
    if (sigEl.parentNode !== security) return fail('the ds:Signature is not a child of wsse:Security');

    // The key: KeyInfo/SecurityTokenReference/Reference → BinarySecurityToken in the same header.
    const strRef = childrenNS(sigEl, NS_DS, 'KeyInfo').flatMap((k) => childrenNS(k, NS_WSSE, 'SecurityTokenReference')).flatMap((s) => childrenNS(s, NS_WSSE, 'Reference'));
    if (strRef.length !== 1) return fail('KeyInfo must hold one wsse:SecurityTokenReference/wsse:Reference');
    const tokenUri = strRef[0]!.getAttribute('URI') ?? '';
    const tokens = allElements(envelope).filter((e) => idOf(e).includes(tokenUri.slice(1)));
    const token = tokens[0];
    if (!tokenUri.startsWith('#') || tokens.length !== 1 || !token || !isElementNS(token, NS_WSSE, 'BinarySecurityToken') || token.parentNode !== security) {
      return fail(`the SecurityTokenReference "${tokenUri}" does not point at one BinarySecurityToken of this header`);
    }
    if (token.getAttribute('ValueType') !== X509V3) return fail('the BinarySecurityToken is not an X509v3 certificate');
    certificateDer = decodeBase64(token.textContent ?? '', 'BinarySecurityToken');
    const certificate = new X509Certificate(certificateDer);
    if (opts.now && (opts.now < new Date(certificate.validFrom) || opts.now > new Date(certificate.validTo))) return fail('the signing certificate is not valid now');

    const timestamps = elementsNS(envelopeDoc, NS_WSU, 'Timestamp');
    if (timestamps.length > 1 || (timestamps[0] && timestamps[0].parentNode !== security)) return fail('unexpected wsu:Timestamp');
    const expires = timestamps[0] ? childrenNS(timestamps[0], NS_WSU, 'Expires')[0]?.textContent?.trim() : undefined;
    if (expires && opts.now && !(new Date(expires) >= opts.now)) return fail(`the wsu:Timestamp expired at ${expires}`);

    const signed = new WsSecuritySignedXml(envelopeDoc);
    signed.LoadXml(sigEl);
    const info = signed.XmlSignature.SignedInfo;
    if (info.CanonicalizationMethod.Algorithm !== EXC_C14N) return fail(`canonicalisation ${info.CanonicalizationMethod.Algorithm} is not exc-c14n`);
    const hash = SIGNATURE_METHODS[info.SignatureMethod.Algorithm ?? ''];
    if (!hash) return fail(`signature method ${info.SignatureMethod.Algorithm} is not accepted`);
    const seen = { Body: 0, Timestamp: 0 };
    for (const ref of Array.from(info.References.GetIterator())) {
      const uri = ref.Uri ?? '';
      if (!uri.startsWith('#')) return fail(`reference "${uri}" is not a same-document #id reference`);
      seen[signedTarget(envelope, uri.slice(1)).kind]++;
      const transforms = Array.from(ref.Transforms?.GetIterator() ?? []);
      if (transforms.length !== 1 || transforms[0]!.Algorithm !== EXC_C14N) return fail(`reference "${uri}" must have exactly one exc-c14n transform`);
      if (!DIGEST_METHODS.has(ref.DigestMethod.Algorithm ?? '')) return fail(`digest method ${ref.DigestMethod.Algorithm} is not accepted`);
    }
    if (seen.Body !== 1 || seen.Timestamp > 1) return fail('the signature must reference the SOAP Body exactly once (and nothing but the Timestamp besides)');

    const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
    const key = await webcrypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash }, true, ['verify']);
    const valid = await signed.Verify(key as CryptoKey);
    return valid ? { ok: true, certificateDer, reason: null } : fail('the signature value does not match');
  } catch (e) {
    return fail((e as Error).message);
  }
}

function isWithin(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}
