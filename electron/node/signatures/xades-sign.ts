/**
 * XAdES signing of files: enveloped (an XML document, the pismo form — built by xml/xades.ts on
 * xadesjs), enveloping (the file base64 in a ds:Object of the signature) and detached (a .xades
 * next to any file, the reference naming the file). Enveloping and detached are assembled here:
 * xadesjs cannot digest a binary external file, and building them directly lets the file be hashed
 * as a stream. Canonicalisation is xmldsigjs's exclusive C14N on the attached skeleton (§3.2).
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../common/errors';
import { elementsNS, parseXml, serializeXml } from '../xml/dom';
import { NS_DS, signEnveloped } from '../xml/xades';
import { xmlSignerFor } from '../signer/xml-signer';
import type { XmlSigner } from '../xml/engine';
import { openAtomicWriter, writeFileAtomic } from '../storage/atomic-write';
import type { HashName } from '../signer/types';
import type { SignOutcome, SignXadesOptions } from './api';
import { digest, digestFile } from './cms-util';
import { raiseLevel } from './xades-levels';
import { mimeTypeOf } from './mime';
import { b64, BASE64_TRANSFORM, buildSkeleton, ENVELOPED_TRANSFORM, esc, sealSignature, XML_DIGEST } from './xades-skeleton';
import { signXmlFileEnveloped } from './xades-stream';

export async function signXades(o: SignXadesOptions): Promise<SignOutcome> {
  const hash = o.hash ?? 'SHA-256';
  const signingTime = new Date(Math.floor((o.signingTime ?? new Date()).getTime() / 1000) * 1000);
  const id = `Sig-${randomUUID()}`;
  const xmlSigner = await xmlSignerFor(o.signer, o.certificateId, o.pin);
  const certificate = new X509Certificate(Buffer.from(xmlSigner.certificateDer));
  let doc: Document;
  let signature: Element;
  if (o.mode === 'enveloped') {
    // Unsigned documents of any size are signed as a stream; a signed one needs the DOM path below.
    const streamed = await signEnvelopedStreaming(o, id, hash, signingTime, xmlSigner);
    if (streamed) return streamed;
  }
  if (o.mode === 'enveloped') {
    doc = parseXml(readFileSync(o.input, 'utf8'), path.basename(o.input));
    const transform = documentTransformFor(doc, o.coSignable ?? false);
    signature = await signEnveloped(doc, xmlSigner, {
      signingTime, id, hash, mimeType: o.mimeType ?? 'text/xml', documentTransform: transform, chain: (o.chain ?? []).map((c) => new Uint8Array(c.raw)),
    });
  } else {
    ({ doc, signature } = await buildDetachedOrEnveloping(o, id, hash, signingTime, xmlSigner));
  }
  const tsTime = await raiseLevel(signature, certificate, { level: o.level, hash, tsa: o.tsa, revocation: o.revocation, chain: o.chain });
  const text = serializeXml(doc);
  writeFileAtomic(o.output, o.mode === 'enveloped' || text.startsWith('<?xml') ? text : `<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
  const count = o.mode === 'enveloped' ? elementsNS(doc, NS_DS, 'Signature').filter((s) => s.parentNode === doc.documentElement).length : 1;
  return {
    output: o.output, format: 'XAdES', mode: o.mode, level: o.level, signatureId: id,
    signingTime: signingTime.toISOString(), timestampTime: tsTime?.toISOString() ?? null, signatureCount: count,
  };
}

async function signEnvelopedStreaming(o: SignXadesOptions, id: string, hash: HashName, signingTime: Date, xmlSigner: XmlSigner): Promise<SignOutcome | null> {
  const out = await openAtomicWriter(path.dirname(path.resolve(o.output)));
  let timestampTime: Date | null;
  try {
    ({ timestampTime } = await signXmlFileEnveloped(o.input, out, xmlSigner, {
      signingTime, id, hash, mimeType: o.mimeType, level: o.level, tsa: o.tsa, revocation: o.revocation, chain: o.chain, onProgress: o.onProgress, coSignable: o.coSignable,
    }));
  } catch (e) {
    await out.discard();
    if (e instanceof AppError && e.code === 'COSIGN_NOT_POSSIBLE') return null;
    throw e;
  }
  await out.commit(o.output);
  return {
    output: o.output, format: 'XAdES', mode: 'enveloped', level: o.level, signatureId: id, signingTime: signingTime.toISOString(),
    timestampTime: timestampTime?.toISOString() ?? null, signatureCount: 1,
  };
}

/**
 * The whole-document transform for a new enveloped signature. A plain enveloped-signature transform
 * covers any later sibling signature, so a document that already has one cannot take another
 * (DOMAIN-signatures §3.1); documents signed for co-signing use the XPath filter throughout.
 */
function documentTransformFor(doc: Document, coSignable: boolean): 'enveloped' | 'xpath-not-signature' {
  const existing = elementsNS(doc, NS_DS, 'Signature').filter((s) => s.parentNode === doc.documentElement);
  if (existing.length === 0) return coSignable ? 'xpath-not-signature' : 'enveloped';
  const plain = existing.some((s) => elementsNS(s, NS_DS, 'Transform').some((t) => t.getAttribute('Algorithm') === ENVELOPED_TRANSFORM));
  if (plain) {
    throw new AppError('COSIGN_NOT_POSSIBLE', 'existing signature uses the enveloped-signature transform', {
      reason: 'the first signature was made for a single signer (a new signature inside the document would break it); add a detached XAdES or CAdES signature of the file instead',
    });
  }
  return 'xpath-not-signature';
}

async function buildDetachedOrEnveloping(
  o: SignXadesOptions, id: string, hash: HashName, signingTime: Date, xmlSigner: XmlSigner,
): Promise<{ doc: Document; signature: Element }> {
  const mimeType = o.mimeType ?? mimeTypeOf(o.input);
  const refId = `${id}-ref-0`;
  const objId = `${id}-object`;
  const digestMethod = `<ds:DigestMethod Algorithm="${XML_DIGEST[hash]}"/>`;
  if (o.mode === 'detached') {
    const fileDigest = await digestFile(o.input, hash, o.onProgress);
    const reference = `<ds:Reference Id="${refId}" URI="${esc(encodeURIComponent(path.basename(o.input)))}">${digestMethod}<ds:DigestValue>${b64(fileDigest)}</ds:DigestValue></ds:Reference>`;
    return sealSignature(buildSkeleton({ id, hash, signer: xmlSigner, chain: o.chain, reference, refId, mimeType, signingTime }), hash, xmlSigner);
  }
  const content = readFileSync(o.input);
  const reference = `<ds:Reference Id="${refId}" URI="#${objId}"><ds:Transforms><ds:Transform Algorithm="${BASE64_TRANSFORM}"/></ds:Transforms>${digestMethod}<ds:DigestValue>${b64(digest(hash, content))}</ds:DigestValue></ds:Reference>`;
  const object = `<ds:Object Id="${objId}" MimeType="${esc(mimeType)}" Encoding="${BASE64_TRANSFORM}">${content.toString('base64')}</ds:Object>`;
  return sealSignature(buildSkeleton({ id, hash, signer: xmlSigner, chain: o.chain, reference, refId, mimeType, signingTime, object }), hash, xmlSigner);
}
