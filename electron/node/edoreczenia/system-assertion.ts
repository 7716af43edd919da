import { p12XmlSigner } from '../profiles/p12-bytes';
import { tokenXmlSigner } from '../profiles/system-token';
import type { Signer } from '../signer/types';
import type { XmlSigner } from '../xml/engine';
import type { BoxCredentials } from './profiles';

/**
 * What signs a box profile's client assertion: its token certificate (through the PKCS#11
 * signer, the key staying on the token) or its PKCS#12 file; null when it has neither.
 */
export function systemAssertionSigner(p: BoxCredentials, tokens: Signer | null): (() => Promise<XmlSigner>) | null {
  const { token, pkcs12 } = p;
  if (token) return async () => tokenXmlSigner(tokens, token, { name: p.name, pinRejected: token.pinRejected });
  if (pkcs12) return () => p12XmlSigner(pkcs12, p.pkcs12Password ?? '', `system ${p.name}`);
  return null;
}
