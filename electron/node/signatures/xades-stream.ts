/**
 * Enveloped XAdES of an XML file of any size in bounded memory (the pismo with 150 MB of
 * attachments): pass 1 streams the file through exclusive C14N into the digest and finds the end
 * tag of the root; the small ds:Signature is then built and signed; pass 2 copies the file to the
 * sink with the signature inserted before that end tag. The file is never parsed into a DOM or
 * read into one string. Only for documents without signatures (adding a co-signature to a signed
 * document parses it: signXades).
 *
 * `coSignable` puts the XPath filter not(ancestor-or-self::ds:Signature) in place of the
 * enveloped-signature transform (DOMAIN-signatures §3.1), so later signers can add parallel
 * signatures. For a document without signatures both transforms select the same node-set, so the
 * streamed digest is the same; only the declared transform differs.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../../common/errors';
import type { ByteSink } from '../storage/atomic-write';
import type { HashName } from '../signer/types';
import type { XmlSigner } from '../xml/engine';
import { serializeXml } from '../xml/dom';
import { NS_DS } from '../xml/xades';
import type { SignatureLevel, TsaConfig, RevocationOptions } from './api';
import { nodeHash } from './cms-util';
import { ExcC14nStream } from './stream-c14n';
import { EXC_C14N, raiseLevel } from './xades-levels';
import { b64, buildSkeleton, ENVELOPED_TRANSFORM, sealSignature, XML_DIGEST } from './xades-skeleton';

const CHUNK = 1 << 20;

export interface StreamingEnvelopedOptions {
  signingTime: Date;
  /** NCName prefix of the Ids. */
  id: string;
  hash?: HashName;
  mimeType?: string;
  level?: SignatureLevel;
  tsa?: TsaConfig[];
  revocation?: RevocationOptions;
  chain?: X509Certificate[];
  onProgress?: (fraction: number) => void;
  /** XPath filter transform instead of enveloped-signature: the document can take co-signatures. */
  coSignable?: boolean;
}

const XPATH_TRANSFORM = 'http://www.w3.org/TR/1999/REC-xpath-19991116';

function documentTransform(coSignable: boolean): string {
  return coSignable
    ? `<ds:Transform Algorithm="${XPATH_TRANSFORM}"><ds:XPath xmlns:ds="${NS_DS}">not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>`
    : `<ds:Transform Algorithm="${ENVELOPED_TRANSFORM}"/>`;
}

export async function signXmlFileEnveloped(input: string, sink: ByteSink, signer: XmlSigner, o: StreamingEnvelopedOptions): Promise<{ timestampTime: Date | null }> {
  const hash = o.hash ?? 'SHA-256';
  const h = createHash(nodeHash(hash));
  const c14n = new ExcC14nStream((b) => h.update(b), 'document');
  let total = 0;
  for await (const chunk of createReadStream(input, { highWaterMark: CHUNK })) {
    const buf = chunk as Buffer;
    c14n.write(buf);
    total += buf.length;
    o.onProgress?.(0.5 * Math.min(1, total / (total + CHUNK)));
  }
  c14n.end();
  // An existing signature would be inside the enveloped digest of this one.
  if (c14n.sawSignature) throw new AppError('COSIGN_NOT_POSSIBLE', 'the document is already signed', { reason: 'the document already carries a signature; use co-signing' });
  const refId = `${o.id}-ref-doc`;
  const reference = `<ds:Reference Id="${refId}" URI=""><ds:Transforms>${documentTransform(o.coSignable ?? false)}<ds:Transform Algorithm="${EXC_C14N}"/></ds:Transforms>`
    + `<ds:DigestMethod Algorithm="${XML_DIGEST[hash]}"/><ds:DigestValue>${b64(h.digest())}</ds:DigestValue></ds:Reference>`;
  const skeleton = buildSkeleton({ id: o.id, hash, signer, chain: o.chain, reference, refId, mimeType: o.mimeType ?? 'text/xml', signingTime: o.signingTime });
  const { doc, signature } = await sealSignature(skeleton, hash, signer);
  const timestampTime = await raiseLevel(signature, new X509Certificate(Buffer.from(signer.certificateDer)), { level: o.level ?? 'B-B', hash, tsa: o.tsa, revocation: o.revocation, chain: o.chain });
  const signatureBytes = Buffer.from(serializeXml(doc), 'utf8');

  // Pass 2: the same bytes, with the signature as the root's last child.
  let offset = 0;
  let inserted = false;
  for await (const chunk of createReadStream(input, { highWaterMark: CHUNK })) {
    const buf = chunk as Buffer;
    const at = c14n.rootEndOffset - offset;
    if (!inserted && at >= 0 && at <= buf.length) {
      await sink.write(buf.subarray(0, at));
      await sink.write(signatureBytes);
      await sink.write(buf.subarray(at));
      inserted = true;
    } else {
      await sink.write(buf);
    }
    offset += buf.length;
    o.onProgress?.(0.5 + 0.5 * Math.min(1, offset / Math.max(offset, c14n.rootEndOffset)));
  }
  if (!inserted) throw new AppError('INTERNAL', 'the document changed while it was being signed');
  return { timestampTime };
}
