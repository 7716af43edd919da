/**
 * The unsigned part of a XAdES signature that raises B-B to B-T (SignatureTimeStamp over the
 * exclusive-C14N ds:SignatureValue element) and B-LT (CertificateValues and RevocationValues).
 * Unsigned properties are outside every reference, so adding them never breaks the signature.
 */
import { X509Certificate } from 'node:crypto';
import * as xmldsig from 'xmldsigjs';
import { AppError } from '../../common/errors';
import { elementsNS } from '../xml/dom';
import { NS_DS, NS_XADES } from '../xml/xades';
import type { HashName } from '../signer/types';
import type { RevocationOptions, SignatureLevel, TsaConfig } from './api';
import { digest } from './cms-util';
import { tokenCertificates } from './cades';
import { timestamp } from './tsa';
import { gatherValidationData } from './validation-data';

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

export function excC14n(node: Node): string {
  const t = new xmldsig.XmlDsigExcC14NTransform();
  t.LoadInnerXml(node);
  return t.GetOutput();
}

export interface LevelOptions {
  level: SignatureLevel;
  hash: HashName;
  tsa?: TsaConfig[];
  revocation?: RevocationOptions;
  chain?: X509Certificate[];
}

/** Adds the B-T / B-LT unsigned properties to a signed ds:Signature; returns the timestamp time. */
export async function raiseLevel(signature: Element, signer: X509Certificate, o: LevelOptions): Promise<Date | null> {
  if (o.level === 'B-B') return null;
  if (!o.tsa?.length) throw new AppError('TSA_FAILED', `${o.level} needs a time-stamping server`, { tsa: '—', reason: 'no time-stamping server is enabled' });
  const doc = signature.ownerDocument!;
  const qp = elementsNS(signature, NS_XADES, 'QualifyingProperties')[0];
  const value = elementsNS(signature, NS_DS, 'SignatureValue')[0];
  if (!qp || !value) throw new AppError('INTERNAL', 'signature has no QualifyingProperties or SignatureValue');
  const prefix = qp.prefix ? `${qp.prefix}:` : '';
  const x = (name: string) => doc.createElementNS(NS_XADES, prefix + name);
  const ds = (name: string) => doc.createElementNS(NS_DS, (value.prefix ? `${value.prefix}:` : '') + name);

  const ts = await timestamp(digest(o.hash, Buffer.from(excC14n(value), 'utf8')), { tsa: o.tsa, hash: o.hash });
  const unsigned = x('UnsignedProperties');
  const props = x('UnsignedSignatureProperties');
  unsigned.appendChild(props);
  const sts = x('SignatureTimeStamp');
  sts.setAttribute('Id', `${signature.getAttribute('Id') ?? 'sig'}-ts`);
  const cm = ds('CanonicalizationMethod');
  cm.setAttribute('Algorithm', EXC_C14N);
  sts.appendChild(cm);
  const enc = x('EncapsulatedTimeStamp');
  enc.textContent = Buffer.from(ts.token).toString('base64');
  sts.appendChild(enc);
  props.appendChild(sts);

  if (o.level === 'B-LT') {
    const pool = [signer, ...(o.chain ?? []), ts.tsaCertificate, ...tokenCertificates(ts.token)];
    const vd = await gatherValidationData([signer, ts.tsaCertificate], pool, o.revocation ?? { online: true });
    const certValues = x('CertificateValues');
    for (const der of vd.certificates) {
      const c = x('EncapsulatedX509Certificate');
      c.textContent = Buffer.from(der).toString('base64');
      certValues.appendChild(c);
    }
    props.appendChild(certValues);
    const rev = x('RevocationValues');
    if (vd.crls.length) {
      const crls = x('CRLValues');
      for (const der of vd.crls) { const c = x('EncapsulatedCRLValue'); c.textContent = Buffer.from(der).toString('base64'); crls.appendChild(c); }
      rev.appendChild(crls);
    }
    if (vd.ocspResponses.length) {
      const ocsps = x('OCSPValues');
      for (const der of vd.ocspResponses) { const c = x('EncapsulatedOCSPValue'); c.textContent = Buffer.from(der).toString('base64'); ocsps.appendChild(c); }
      rev.appendChild(ocsps);
    }
    props.appendChild(rev);
  }
  qp.appendChild(unsigned);
  return ts.genTime;
}
