/**
 * A WebCrypto engine for xmldsigjs/xadesjs: Node's WebCrypto does digests, random ids and
 * verification; signing with a "remote" key is delegated to whatever holds the private key (the
 * signer host talking to a card, or a key file). Hashing stays on this side (DOMAIN-signatures §9.5).
 */
import { createHash, webcrypto } from 'node:crypto';
import * as xadesjs from 'xadesjs';
import type { HashName, KeyType } from '../signer/types';

export interface XmlSigner {
  certificateDer: Uint8Array;
  keyType: KeyType;
  /** Signs a digest of `hash`; RSA: PKCS#1 v1.5, EC: raw r||s. */
  signDigest(digest: Uint8Array, hash: HashName): Promise<Uint8Array>;
}

const remoteKeys = new WeakMap<object, XmlSigner>();

/** A CryptoKey stand-in whose signing is done by `signer`. */
export function remoteKey(signer: XmlSigner, hash: HashName): CryptoKey {
  const algorithm = signer.keyType === 'RSA'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: { name: hash } }
    : { name: 'ECDSA', namedCurve: 'P-256', hash: { name: hash } };
  const key = { type: 'private', extractable: false, algorithm, usages: ['sign'] };
  remoteKeys.set(key, signer);
  return key as unknown as CryptoKey;
}

const nodeHash: Record<HashName, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function hashOf(algorithm: unknown, key: { algorithm?: { hash?: { name?: string } } }): HashName {
  const fromAlg = (algorithm as { hash?: string | { name?: string } })?.hash;
  const name = (typeof fromAlg === 'string' ? fromAlg : fromAlg?.name) ?? key.algorithm?.hash?.name ?? 'SHA-256';
  return name.toUpperCase() as HashName;
}

function createEngine(): Crypto {
  const base = webcrypto.subtle;
  const subtle = Object.create(base) as SubtleCrypto;
  const bind = <K extends keyof SubtleCrypto>(k: K) => (base[k] as (...a: unknown[]) => unknown).bind(base);
  for (const k of ['digest', 'importKey', 'exportKey', 'verify', 'generateKey', 'deriveBits', 'deriveKey', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] as const) {
    Object.defineProperty(subtle, k, { value: bind(k) });
  }
  Object.defineProperty(subtle, 'sign', {
    value: async (algorithm: unknown, key: CryptoKey, data: BufferSource) => {
      const signer = remoteKeys.get(key as object);
      if (!signer) return base.sign(algorithm as AlgorithmIdentifier, key, data);
      const hash = hashOf(algorithm, key as never);
      const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
      const digest = createHash(nodeHash[hash]).update(bytes).digest();
      const signature = await signer.signDigest(new Uint8Array(digest), hash);
      return signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength);
    },
  });
  return { subtle, getRandomValues: webcrypto.getRandomValues.bind(webcrypto), randomUUID: webcrypto.randomUUID.bind(webcrypto) } as unknown as Crypto;
}

xadesjs.Application.setEngine('nadawca', createEngine());
