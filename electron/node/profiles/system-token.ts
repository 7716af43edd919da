/**
 * A system certificate on a PKCS#11 token, for profiles that sign unattended: ePUAP WS-Security and
 * the e-Doręczenia client assertion. The key never leaves the token: digests go through the
 * services' PKCS#11 signer to the signer host, the only process that loads the module. This side
 * keeps the certificate (public) and the PIN, opened from its sealed form for the signature only.
 */
import { X509Certificate } from 'node:crypto';
import type { SystemCertificate, SystemTokenInput } from '../../common/contract-profiles';
import { AppError, isAppError } from '../../common/errors';
import { testSignature } from '../signer/test-signature';
import type { Signer } from '../signer/types';
import type { XmlSigner } from '../xml/engine';

export type TokenCertificate = Extract<SystemCertificate, { kind: 'token' }>;

/** What a profile keeps of its token certificate, the PIN opened (in memory only). */
export interface StoredToken {
  certificateId: string;
  der: Uint8Array;
  /** null: the card refused the stored PIN once and it was dropped. */
  pin: string | null;
}

const absent = (certificateId: string) =>
  new AppError('TOKEN_ABSENT', `the token with system certificate ${certificateId} is not present`, { cert: certificateId });

/**
 * On save: the certificate is on a present token and the PIN is right — a test signature made on
 * the token and verified here against the certificate. A wrong PIN fails as PIN_INCORRECT (the
 * host's error, PIN scrubbed); an absent token as TOKEN_ABSENT. Nothing is stored before this passes.
 */
export async function checkSystemToken(tokens: Signer | null, input: SystemTokenInput): Promise<{ der: Uint8Array; certificate: TokenCertificate }> {
  if (!tokens) throw absent(input.certificateId);
  const info = (await tokens.listCertificates()).find((c) => c.id === input.certificateId);
  if (!info) throw absent(input.certificateId);
  const result = await testSignature(tokens, input.certificateId, input.pin);
  if (!result.ok) {
    throw new AppError('INVALID_INPUT', 'the test signature of the token does not verify', { fields: ['token: the test signature made on the token does not verify against its certificate'] });
  }
  const der = await tokens.certificate(input.certificateId);
  return {
    der,
    certificate: {
      kind: 'token', certificateId: info.id, subject: info.subject, notBefore: info.notBefore, notAfter: info.notAfter,
      tokenLabel: info.token.label, pinStored: true,
    },
  };
}

/**
 * The token certificate as an XmlSigner (what WS-Security and the client assertion sign with).
 * Failures stay clear and retryable for the outbox: a pulled card is TOKEN_ABSENT (also after a
 * restart, when the host no longer knows the certificate); a PIN the card refuses is dropped at
 * once (`pinRejected`) and never tried again, so unattended retries cannot lock the card.
 */
export function tokenXmlSigner(tokens: Signer | null, stored: StoredToken, profile: { name: string; pinRejected(): void }): XmlSigner {
  let pin = stored.pin;
  const rejected = () => new AppError('SYSTEM_PIN_REJECTED', `the token refused the stored PIN of profile ${profile.name}`, { profile: profile.name });
  const keyType = new X509Certificate(stored.der).publicKey.asymmetricKeyType === 'ec' ? 'EC' : 'RSA';
  return {
    certificateDer: stored.der,
    keyType,
    async signDigest(digest, hash) {
      if (pin === null) throw rejected();
      if (!tokens) throw absent(stored.certificateId);
      try {
        return (await tokens.sign({ certificateId: stored.certificateId, pin, hash, digest })).signature;
      } catch (e) {
        if (isAppError(e) && e.code === 'CERT_NOT_FOUND') throw absent(stored.certificateId);
        if (isAppError(e) && (e.code === 'PIN_INCORRECT' || e.code === 'PIN_LOCKED' || e.code === 'PIN_LEN_RANGE')) {
          pin = null;
          profile.pinRejected();
          throw e.code === 'PIN_LOCKED' ? e : rejected();
        }
        throw e;
      }
    },
  };
}
