/**
 * A test signature (diagnostics, "does my card sign?"): random data hashed here, signed by the
 * token (or key file), and the signature verified here with node:crypto against the certificate,
 * so a driver that returns garbage is caught.
 */
import { constants, createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import type { TestSignatureResult } from '../../common/contract-cards';
import type { Signer } from './types';

export async function testSignature(signer: Signer, certificateId: string, pin: string | null): Promise<TestSignatureResult> {
  const certificate = new X509Certificate(await signer.certificate(certificateId));
  const data = randomBytes(64);
  const digest = createHash('sha256').update(data).digest();
  const result = await signer.sign({ certificateId, pin, hash: 'SHA-256', digest });
  const signature = Buffer.from(result.signature);
  const mechanism = result.mechanism ?? (result.keyType === 'EC' ? 'ECDSA' : 'RSA_PKCS');
  const key = certificate.publicKey;
  const verifiedOnHost =
    result.keyType === 'EC'
      ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
      : mechanism === 'RSA_PKCS_PSS'
        ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
        : verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  return { ok: verifiedOnHost, mechanism, verifiedOnHost };
}
