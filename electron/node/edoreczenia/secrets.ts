/**
 * Secrets at rest (a box's client secret, its PKCS#12 system certificate and passphrase):
 * AES-256-GCM with a random 96-bit nonce per value, the box address as associated data (a
 * ciphertext moved to another profile does not decrypt). The key comes from a KeyProvider:
 * - in the app, Electron main can plug in one backed by the OS keychain (safeStorage) — the key
 *   then never lies on disk in the clear;
 * - in Node (CLI, tests) it is a random key in `<data>/secrets.key`, created with mode 0600.
 *   That file is protected only by the file-system permissions of the user's account: anyone who
 *   can read the data folder as that user (or root) can decrypt. It keeps secrets out of the
 *   database, backups of it and logs — not away from the account itself.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../common/errors';
import { writeFileAtomic } from '../storage/atomic-write';

export interface KeyProvider {
  /** A 32-byte key, the same on every call. */
  key(): Uint8Array;
  /** What protects the key, for the UI and the documentation. */
  describe: 'os-keychain' | 'key-file-0600';
}

const VERSION = 1;
const KEY_FILE = 'secrets.key';

/** The key file of the data folder, made on first use with owner-only permissions. */
export function fileKeyProvider(dataDir: string): KeyProvider {
  const path = join(dataDir, KEY_FILE);
  let cached: Uint8Array | null = null;
  return {
    describe: 'key-file-0600',
    key() {
      if (cached) return cached;
      if (!existsSync(path)) writeFileAtomic(path, randomBytes(32).toString('base64'), 0o600);
      if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600); // tighten a copied file
      const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
      if (key.length !== 32) throw new AppError('INTERNAL', `${KEY_FILE} does not hold a 256-bit key`);
      cached = key;
      return key;
    },
  };
}

/** "v1.<nonce>.<ciphertext+tag>" in base64url. */
export function sealSecret(keys: KeyProvider, plaintext: Uint8Array | string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.key(), nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v${VERSION}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

export function openSecret(keys: KeyProvider, sealed: string, context: string): Buffer {
  const [v, n, b] = sealed.split('.');
  if (v !== `v${VERSION}` || !n || !b) throw new AppError('INTERNAL', 'unknown secret format');
  const body = Buffer.from(b, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keys.key(), Buffer.from(n, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    throw new AppError('INTERNAL', 'a stored secret cannot be decrypted (another key, or altered)');
  }
}
