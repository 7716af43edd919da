/**
 * Enveloped XAdES-BES (B-B) signatures on XML documents, and verification of the XML signatures a
 * document carries. Built on xadesjs/xmldsigjs; the overrides below fix two gaps of the library
 * that otherwise break interoperability (checked against xmlsec1 in tests).
 */
import * as xadesjs from 'xadesjs';
import * as xmldsig from 'xmldsigjs';
import { webcrypto, X509Certificate } from 'node:crypto';
import { remoteKey, type XmlSigner } from './engine';
import { elementsNS } from './dom';
import type { HashName } from '../signer/types';

export const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
export const NS_XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

type Transforms = InstanceType<typeof xmldsig.Transforms>;
type XmlNode = Document | Element;

/** Canonical form of the processing instructions around the root (C14N §2.3: PIs outside the root, comments dropped). */
export function topLevelPis(doc: Document): { before: string; after: string } {
  let before = '';
  let after = '';
  let seenRoot = false;
  for (const n of Array.from(doc.childNodes)) {
    if (n.nodeType === 1) seenRoot = true;
    // xmldom exposes the XML declaration as a PI named "xml"; it is not a node in the XPath data model.
    else if (n.nodeType === 7 && (n as ProcessingInstruction).target.toLowerCase() !== 'xml') {
      const pi = n as ProcessingInstruction;
      const text = `<?${pi.target}${pi.data ? ' ' + pi.data : ''}?>`;
      if (seenRoot) after += '\n' + text;
      else before += text + '\n';
    }
  }
  return { before, after };
}

class NadawcaSignedXml extends xadesjs.SignedXml {
  mimeType = 'text/xml';
  /** Verify() works on a detached clone of the root; remember it to recognise the whole document. */
  private verifiedRoot: Element | null = null;

  override async ValidateReferences(content: Element): Promise<boolean> {
    this.verifiedRoot = content;
    return super.ValidateReferences(content);
  }

  /**
   * xmldsigjs canonicalises only the root element for a whole-document reference (URI="" or an
   * external XML document), dropping processing instructions such as the pismo's
   * <?xml-stylesheet?>, which C14N keeps. It also leaves an XPath-only transform chain without
   * the implicit final C14N. Both are restored here.
   */
  override ApplyTransforms(transforms: Transforms, input: XmlNode): string {
    const list = Array.from(transforms.GetIterator());
    const last = list[list.length - 1];
    if (last instanceof xmldsig.XmlDsigXPathTransform) {
      const withC14n = new xmldsig.Transforms();
      for (const t of list) withC14n.Add(t);
      withC14n.Add(new xmldsig.XmlDsigC14NTransform());
      transforms = withC14n;
    }
    const output = super.ApplyTransforms(transforms, input as Element) as unknown as string;
    const element = input.nodeType === 9 ? (input as Document).documentElement : (input as Element);
    const doc = element?.ownerDocument;
    const wholeDocument = element === doc?.documentElement || (element !== null && element === this.verifiedRoot);
    if (typeof output === 'string' && doc && wholeDocument) {
      const { before, after } = topLevelPis(doc);
      return before + output + after;
    }
    return output;
  }

  /** Exclusive C14N for SignedInfo and SignedProperties (DOMAIN-signatures §3.2) plus DataObjectFormat. */
  protected override async ApplySignOptions(signature: xmldsig.Signature, algorithm: Algorithm, key: CryptoKey, options: xadesjs.OptionsXAdES): Promise<void> {
    // xadesjs names QualifyingProperties after the random Id it gave the signature at construction;
    // they must point at the signature's final Id (XAdES §4.3: Target = #<Signature Id>).
    if (options.id && this.Properties) {
      this.Properties.Target = `#${options.id}`;
      this.Properties.SignedProperties.Id = `${options.id}-signed-props`;
    }
    await super.ApplySignOptions(signature, algorithm, key, options);
    signature.SignedInfo.CanonicalizationMethod.Algorithm = EXC_C14N;
    for (const ref of Array.from(signature.SignedInfo.References.GetIterator())) {
      if (ref.Type === SIGNED_PROPERTIES_TYPE) {
        const t = new xmldsig.Transforms();
        t.Add(new xmldsig.XmlDsigExcC14NTransform());
        ref.Transforms = t;
      }
    }
    // B-B: one DataObjectFormat for each signed data object (every reference but SignedProperties).
    for (const ref of options.references ?? []) {
      if (!ref.id) continue;
      const format = new xadesjs.xml.DataObjectFormat();
      format.ObjectReference = `#${ref.id}`;
      format.MimeType = this.mimeType;
      this.SignedProperties.SignedDataObjectProperties.DataObjectFormats.Add(format);
    }
  }
}

export interface ExternalXmlReference {
  /** The URI as written in the reference (e.g. the URL-encoded file name the document was sent as). */
  uri: string;
  document: Document;
}

export interface EnvelopedOptions {
  signingTime: Date;
  /** Unique NCName prefix for the Id attributes of this signature. */
  id: string;
  hash?: HashName;
  mimeType?: string;
  /** Whole-document transform: 'enveloped' (single signer) or an XPath filter that leaves out every ds:Signature (co-signing). */
  documentTransform?: 'enveloped' | 'xpath-not-signature';
  /** Further documents the signature binds by reference (a UPP binds the filed document). */
  externalReferences?: ExternalXmlReference[];
  /** DER certificates of the signer's path, put in KeyInfo after the signer's own (verifiers build the chain from them). */
  chain?: Uint8Array[];
}

/**
 * Appends an enveloped XAdES B-B signature as the last child of the root: SigningTime,
 * SigningCertificateV2, DataObjectFormat, SHA-256 and exclusive C14N throughout.
 */
export async function signEnveloped(doc: Document, signer: XmlSigner, opts: EnvelopedOptions): Promise<Element> {
  const hash = opts.hash ?? 'SHA-256';
  const signed = new NadawcaSignedXml(doc);
  signed.mimeType = opts.mimeType ?? 'text/xml';
  signed.Parent = doc.documentElement;
  const external = new Map((opts.externalReferences ?? []).map((r) => [r.uri, r.document]));
  signed.contentHandler = async (ref) => external.get(ref.Uri ?? '') ?? null;
  const certB64 = Buffer.from(signer.certificateDer).toString('base64');
  const docTransforms: xmldsig.OptionsSignTransform[] = opts.documentTransform === 'xpath-not-signature'
    ? [{ name: 'xpath', selector: 'not(ancestor-or-self::ds:Signature)', namespaces: { ds: NS_DS } }, 'exc-c14n']
    : ['enveloped', 'exc-c14n'];
  const references: xmldsig.OptionsSignReference[] = [
    { id: `${opts.id}-ref-doc`, uri: '', hash, transforms: docTransforms },
    ...[...external.keys()].map((uri, i) => ({ id: `${opts.id}-ref-ext${i + 1}`, uri, hash, transforms: ['exc-c14n'] as xmldsig.OptionsSignTransform[] })),
  ];
  const algorithm = signer.keyType === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash } : { name: 'ECDSA', hash };
  const signature = await signed.Sign(algorithm as Algorithm, remoteKey(signer, hash), doc, {
    id: opts.id,
    references,
    x509: [certB64, ...(opts.chain ?? []).map((c) => Buffer.from(c).toString('base64'))],
    signingCertificateV2: { certificate: certB64, digestAlgorithm: hash },
    signingTime: { value: new Date(Math.floor(opts.signingTime.getTime() / 1000) * 1000) },
  } as xadesjs.OptionsXAdES);
  const element = signature.GetXml();
  if (!element) throw new Error('xadesjs produced no signature element');
  doc.documentElement!.appendChild(element);
  return element;
}

export interface SignatureCheck {
  signatureId: string | null;
  /** Signature value and every reference digest match. */
  valid: boolean;
  signerCertificate: X509Certificate | null;
  signingTime: string | null;
  /** URIs of the references, as the signature lists them. */
  references: string[];
  error: string | null;
}

/**
 * Verifies each ds:Signature that is a child of the root. `external` resolves reference URIs to
 * other documents (the filed pismo for a UPP); a reference that cannot be resolved makes the
 * signature invalid — never silently skipped.
 */
export async function verifyEnvelopedSignatures(doc: Document, external: ExternalXmlReference[] = []): Promise<SignatureCheck[]> {
  const byUri = new Map(external.map((r) => [r.uri, r.document]));
  const root = doc.documentElement;
  const signatures = elementsNS(doc, NS_DS, 'Signature').filter((s) => s.parentNode === root);
  const results: SignatureCheck[] = [];
  for (const el of signatures) {
    const signed = new NadawcaSignedXml(doc);
    signed.LoadXml(el);
    const refs = Array.from(signed.XmlSignature.SignedInfo.References.GetIterator());
    const uris = refs.map((r) => r.Uri ?? '');
    signed.contentHandler = async (ref) => {
      const uri = ref.Uri ?? '';
      if (uri === '' || uri.startsWith('#')) return null;
      const target = byUri.get(uri) ?? byUri.get(decodeURIComponent(uri));
      if (!target) throw new Error(`referenced document "${decodeURIComponent(uri)}" is not available`);
      return target;
    };
    const cert = signerCertificateOf(el);
    const signingTime = elementsNS(el, NS_XADES, 'SigningTime')[0]?.textContent?.trim() ?? null;
    let valid = false;
    let error: string | null = null;
    try {
      // The key is given explicitly: with a chain in KeyInfo xmldsigjs imports every certificate's key
      // with the signature algorithm (an RSA CA key as ECDSA fails). It re-imports the key with
      // signed.Algorithm, which lacks the curve for ECDSA: add it.
      if (cert?.publicKey.asymmetricKeyType === 'ec' && signed.Algorithm) {
        const namedCurve = (cert.publicKey.export({ format: 'jwk' }) as { crv: string }).crv;
        signed.Algorithm = Object.assign({}, signed.Algorithm, { namedCurve });
      }
      valid = await signed.Verify(cert ? await verificationKey(cert, signed.XmlSignature.SignedInfo.SignatureMethod.Algorithm) : undefined);
      if (!valid) error = 'signature value or a reference digest does not match';
    } catch (e) {
      error = (e as Error).message;
    }
    results.push({ signatureId: el.getAttribute('Id'), valid, signerCertificate: cert, signingTime, references: uris, error });
  }
  return results;
}

/**
 * The signer's certificate among the ds:X509Certificate elements of a signature: the one that
 * issued none of the others (KeyInfo may carry the chain too, in any order).
 */
export function signerCertificateOf(signature: Element): X509Certificate | null {
  const certs = elementsNS(signature, NS_DS, 'X509Certificate').flatMap((c) => {
    try { return [new X509Certificate(Buffer.from((c.textContent ?? '').replace(/\s+/g, ''), 'base64'))]; } catch { return []; }
  });
  return certs.find((c) => !certs.some((o) => o !== c && o.checkIssued(c) && o.fingerprint256 !== c.fingerprint256)) ?? certs[0] ?? null;
}

async function verificationKey(cert: X509Certificate, signatureMethod: string): Promise<CryptoKey> {
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  const hash = /sha(384|512)$/i.exec(signatureMethod) ? `SHA-${/sha(384|512)$/i.exec(signatureMethod)![1]}` : 'SHA-256';
  const algorithm = cert.publicKey.asymmetricKeyType === 'ec'
    ? { name: 'ECDSA', namedCurve: (cert.publicKey.export({ format: 'jwk' }) as { crv: string }).crv }
    : { name: 'RSASSA-PKCS1-v1_5', hash };
  // Extractable: xmldsigjs re-imports the key with the signature's algorithm.
  return webcrypto.subtle.importKey('spki', spki, algorithm, true, ['verify']) as Promise<CryptoKey>;
}
