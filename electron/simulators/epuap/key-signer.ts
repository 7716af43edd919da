/**
 * An XmlSigner over a PEM key held in memory: the simulator's seal signs with it. RSA PKCS#1 v1.5
 * over a digest computed by the caller (engine.ts hashes), so the DigestInfo is added here.
 */
import { constants, createPrivateKey, privateEncrypt, X509Certificate } from 'node:crypto';
import type { HashName } from '../../node/signer/types';
import type { XmlSigner } from '../../node/xml/engine';

const DIGEST_INFO: Record<HashName, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

export function pemKeySigner(certPem: string, keyPem: string): XmlSigner {
  const key = createPrivateKey(keyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the simulator signs with RSA keys only');
  return {
    certificateDer: new Uint8Array(new X509Certificate(certPem).raw),
    keyType: 'RSA',
    async signDigest(digest, hash) {
      const info = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest]);
      return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, info));
    },
  };
}
