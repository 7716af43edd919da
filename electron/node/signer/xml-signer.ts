import type { XmlSigner } from '../xml/engine';
import type { Signer } from './types';

/** Binds a Signer (card or key file), a chosen certificate and a PIN into what XAdES signing needs. */
export async function xmlSignerFor(signer: Signer, certificateId: string, pin: string | null): Promise<XmlSigner> {
  const certificateDer = await signer.certificate(certificateId);
  const info = (await signer.listCertificates()).find((c) => c.id === certificateId);
  return {
    certificateDer,
    keyType: info?.keyType.startsWith('EC') ? 'EC' : 'RSA',
    async signDigest(digest, hash) {
      const { signature } = await signer.sign({ certificateId, pin, hash, digest });
      return signature;
    },
  };
}
