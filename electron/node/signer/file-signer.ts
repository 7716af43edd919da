/**
 * A Signer backed by a PEM key and certificate (demo identity, ePUAP system certificate, tests).
 * Same contract as the card signer: the caller hashes, this signs the digest; the PIN is ignored.
 * node:crypto cannot ECDSA-sign a ready digest (it hashes again), so EC keys sign through
 * @noble/curves, which takes the digest as it is.
 */
import { createPrivateKey, createPublicKey, constants, privateEncrypt, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256, p384, p521 } from '@noble/curves/nist';
import { AppError } from '../../common/errors';
import type { CertificateInfo } from '../../common/contract';
import { DIGEST_LENGTH, withDigestInfo } from '../../../native/digest-info';
import { describeCertificate } from './certificate-info';
import type { KeyType, SignRequest, SignResult, Signer } from './types';

export interface FileSignerOptions {
  /** PEM text, or the path of a PEM file. */
  keyPem: string;
  /** PEM text, or the path of a PEM file. */
  certPem: string;
  label: string;
}

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

const pemText = (value: string) => (value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8'));

/** Raw r||s over a digest, for an EC private key of a NIST curve. */
function ecdsaSigner(key: KeyObject): (digest: Uint8Array) => Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  const curve = CURVES[jwk.crv as keyof typeof CURVES];
  if (!curve || !jwk.d) throw new AppError('INTERNAL', `unsupported EC curve ${jwk.crv}`);
  const d = Buffer.from(jwk.d, 'base64url');
  return (digest) => curve.sign(digest, d, { prehash: false }).toCompactRawBytes();
}

const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });

/** Whether a private key belongs to a certificate (same public key). */
export function keyMatches(cert: X509Certificate, key: KeyObject): boolean {
  return spki(cert.publicKey).equals(spki(createPublicKey(key)));
}

/** Signs digests with a key held in memory (PEM or PKCS#12): PKCS#1 v1.5 for RSA, raw r||s for EC. */
export function keySigner(key: KeyObject, label: string): (request: SignRequest) => SignResult {
  const keyType: KeyType | undefined = key.asymmetricKeyType === 'rsa' ? 'RSA' : key.asymmetricKeyType === 'ec' ? 'EC' : undefined;
  if (!keyType) throw new AppError('INTERNAL', `unsupported key type ${key.asymmetricKeyType} in "${label}"`);
  const signEc = keyType === 'EC' ? ecdsaSigner(key) : undefined;
  return (request) => {
    const expected = DIGEST_LENGTH[request.hash];
    if (request.digest.length !== expected) {
      throw new AppError('INVALID_INPUT', `${request.hash} digest must be ${expected} bytes`, { fields: ['digest'] });
    }
    // node:crypto has no PSS over a ready digest; key files sign PKCS#1 v1.5 only.
    if (request.padding === 'pss') throw new AppError('MECHANISM_UNSUPPORTED', `key file "${label}" signs PKCS#1 v1.5 only`, { mechanism: 'RSA_PKCS_PSS' });
    if (signEc) return { signature: signEc(request.digest), keyType, mechanism: 'ECDSA' };
    const data = withDigestInfo(request.hash, request.digest);
    return { signature: new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data)), keyType, mechanism: 'RSA_PKCS' };
  };
}

export function createFileSigner(options: FileSignerOptions): Signer {
  const cert = new X509Certificate(pemText(options.certPem));
  const key = createPrivateKey(pemText(options.keyPem));
  if (!keyMatches(cert, key)) {
    throw new AppError('INTERNAL', `key file does not match the certificate of "${options.label}"`);
  }
  const der = new Uint8Array(cert.raw);
  const info: CertificateInfo = describeCertificate(der, { label: options.label, module: 'file' });
  const sign = keySigner(key, options.label);

  return {
    async listCertificates() {
      return [info];
    },
    async certificate(certificateId) {
      if (certificateId !== info.id) throw notFound(certificateId);
      return der.slice();
    },
    async sign(request: SignRequest): Promise<SignResult> {
      if (request.certificateId !== info.id) throw notFound(request.certificateId);
      return sign(request);
    },
    async loginInfo(certificateId) {
      if (certificateId !== info.id) throw notFound(certificateId);
      return { certificateId, tokenLabel: options.label, pinState: 'ok', protectedAuthPath: false, alwaysAuthenticate: false, kind: 'file' };
    },
    async close() {},
  };
}

export function notFound(id: string): AppError {
  return new AppError('CERT_NOT_FOUND', `certificate ${id} is not in this key file`, { cert: id });
}
