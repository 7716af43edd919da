/**
 * OAuth2 client authentication with a signed JWT (RFC 7523 §2.2, "private_key_jwt"; DOMAIN-inboxes
 * §1.2): the system certificate signs an assertion iss = sub = client_id, aud = the token URL,
 * a fresh jti, iat/exp, with the certificate in `x5c` and its SHA-256 thumbprint in `x5t#S256`.
 *
 * The compact JWS is assembled here rather than by `jose`: jose signs only with a key object it
 * holds (CryptoKey/KeyObject) and offers no hook for an external signer, while the key of a token
 * never leaves it — the digest of the signing input goes to the Signer (signer host or key file).
 * The RSA signature is PKCS#1 v1.5 and the EC one raw r||s, which is what JWS wants (RFC 7518 §3.3,
 * §3.4). The simulator and the tests verify these assertions with jose.
 */
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { AppError } from '../../common/errors';
import type { HashName } from '../signer/types';
import type { XmlSigner } from '../xml/engine';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Short-lived: the assertion is used once, at once. */
const LIFETIME_SECONDS = 120;

const CURVE_ALGORITHMS: Record<string, { alg: string; hash: HashName }> = {
  prime256v1: { alg: 'ES256', hash: 'SHA-256' },
  secp384r1: { alg: 'ES384', hash: 'SHA-384' },
  secp521r1: { alg: 'ES512', hash: 'SHA-512' },
};

const b64url = (v: Uint8Array | string) => Buffer.from(v).toString('base64url');

/** The JWS algorithm of a certificate's key: RS256, or ES256/384/512 by curve. */
export function jwsAlgorithm(certificateDer: Uint8Array): { alg: string; hash: HashName } {
  const key = new X509Certificate(certificateDer).publicKey;
  if (key.asymmetricKeyType === 'rsa') return { alg: 'RS256', hash: 'SHA-256' };
  const curve = key.asymmetricKeyType === 'ec' ? CURVE_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (!curve) throw new AppError('MECHANISM_UNSUPPORTED', `no JWS algorithm for a ${key.asymmetricKeyType} key`, { mechanism: String(key.asymmetricKeyType) });
  return curve;
}

export interface AssertionClaims {
  clientId: string;
  /** The token endpoint's URL (the audience). */
  audience: string;
  now?: Date;
}

/** A compact JWS client assertion signed by `signer` (its digest signed on the token or by the key file). */
export async function signClientAssertion(signer: XmlSigner, claims: AssertionClaims): Promise<string> {
  const { alg, hash } = jwsAlgorithm(signer.certificateDer);
  const der = Buffer.from(signer.certificateDer);
  const header = { alg, typ: 'JWT', x5c: [der.toString('base64')], 'x5t#S256': b64url(createHash('sha256').update(der).digest()) };
  const iat = Math.floor((claims.now ?? new Date()).getTime() / 1000);
  const payload = { iss: claims.clientId, sub: claims.clientId, aud: claims.audience, jti: randomUUID(), iat, exp: iat + LIFETIME_SECONDS };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const digest = createHash(hash.replace('-', '').toLowerCase()).update(signingInput, 'ascii').digest();
  return `${signingInput}.${b64url(await signer.signDigest(digest, hash))}`;
}
