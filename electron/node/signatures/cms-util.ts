/**
 * Shared ASN.1/CMS helpers: pkijs bound to Node's WebCrypto, OIDs, DER conversions, certificate
 * conversions between node:crypto and pkijs, and hashing of files as streams.
 */
import { constants, createHash, verify as cryptoVerify, webcrypto, X509Certificate } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { HashName } from '../signer/types';

pkijs.setEngine('nadawca-node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
  ocspRevocationInfo: '1.3.6.1.5.5.7.16.2',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

export const HASH_OID: Record<HashName, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};
export const SIGNATURE_OID: Record<'RSA' | 'EC', Record<HashName, string>> = {
  RSA: { 'SHA-256': '1.2.840.113549.1.1.11', 'SHA-384': '1.2.840.113549.1.1.12', 'SHA-512': '1.2.840.113549.1.1.13' },
  EC: { 'SHA-256': '1.2.840.10045.4.3.2', 'SHA-384': '1.2.840.10045.4.3.3', 'SHA-512': '1.2.840.10045.4.3.4' },
};

export function hashNameOfOid(oid: string): HashName | null {
  return (Object.entries(HASH_OID).find(([, o]) => o === oid)?.[0] as HashName | undefined) ?? null;
}

export const nodeHash = (hash: HashName) => hash.replace('-', '').toLowerCase();

export function digest(hash: HashName, data: Uint8Array): Buffer {
  return createHash(nodeHash(hash)).update(data).digest();
}

/** Hashes a file as a stream (bounded memory for any size), reporting progress. */
export async function digestFile(file: string, hash: HashName, onProgress?: (fraction: number) => void): Promise<Buffer> {
  const total = statSync(file).size || 1;
  const h = createHash(nodeHash(hash));
  let done = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done / total);
  }
  return h.digest();
}

export const ab = (u: Uint8Array): ArrayBuffer => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export function fromBer(der: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(ab(der));
  if (parsed.offset === -1) throw new Error(`${what} is not valid DER: ${parsed.result.error}`);
  return parsed.result;
}

export function toPkijsCert(cert: X509Certificate | Uint8Array): pkijs.Certificate {
  const der = cert instanceof Uint8Array ? cert : new Uint8Array(cert.raw);
  return pkijs.Certificate.fromBER(ab(der));
}

export function toNodeCert(cert: pkijs.Certificate): X509Certificate {
  return new X509Certificate(Buffer.from(cert.toSchema(true).toBER(false)));
}

/** DER SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { hashAlgorithm (omitted for SHA-256), certHash, issuerSerial } } (RFC 5035). */
export function signingCertificateV2(cert: X509Certificate, hash: HashName): asn1js.Sequence {
  const p = toPkijsCert(cert);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [p.issuer.toSchema()] })] }),
      p.serialNumber,
    ],
  });
  const essCertId = new asn1js.Sequence({
    value: [
      ...(hash === 'SHA-256' ? [] : [new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID[hash] }).toSchema()]),
      new asn1js.OctetString({ valueHex: ab(digest(hash, new Uint8Array(cert.raw))) }),
      issuerSerial,
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

/** Raw r||s (PKCS#11, XMLDSig) → DER Ecdsa-Sig-Value (CMS). */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.slice(i);
    return new asn1js.Integer({ valueHex: ab(v[0]! & 0x80 ? Uint8Array.from([0, ...v]) : v) });
  };
  return new Uint8Array(new asn1js.Sequence({ value: [int(raw.slice(0, half)), int(raw.slice(half))] }).toBER(false));
}

export function describeName(cert: X509Certificate): string {
  return cert.subject.replace(/\n/g, ', ');
}

/**
 * Checks one SignerInfo with signed attributes: message-digest against `content`, and the
 * signature over the DER signed attributes with `cert` (RSA PKCS#1 v1.5 or ECDSA).
 * Written here rather than pkijs SignedData.verify, which insists on detached data for some tokens
 * and cannot tell a digest mismatch from a bad signature.
 */
export function checkSignerInfo(si: pkijs.SignerInfo, cert: X509Certificate, content: Uint8Array | Buffer | { digest: Buffer }): 'ok' | 'format' | 'digest' | 'signature' {
  const hash = hashNameOfOid(si.digestAlgorithm.algorithmId);
  const md = si.signedAttrs?.attributes.find((a) => a.type === OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  if (!hash || !si.signedAttrs || !md?.valueBlock) return 'format';
  const actual = 'digest' in content && !(content instanceof Uint8Array) ? content.digest : digest(hash, content as Uint8Array);
  if (!actual.equals(Buffer.from(md.valueBlock.valueHexView))) return 'digest';
  const signed = new Uint8Array(si.signedAttrs.encodedValue);
  signed[0] = 0x31; // [0] IMPLICIT → SET OF, as signed (RFC 5652 §5.4)
  const sig = Buffer.from(si.signature.valueBlock.valueHexView);
  const isEc = cert.publicKey.asymmetricKeyType === 'ec';
  try {
    const key = isEc ? { key: cert.publicKey, dsaEncoding: 'der' as const } : { key: cert.publicKey, padding: constants.RSA_PKCS1_PADDING };
    return cryptoVerify(nodeHash(hash), signed, key, sig) ? 'ok' : 'signature';
  } catch {
    return 'signature';
  }
}
