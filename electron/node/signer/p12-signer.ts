/**
 * PKCS#12 files (.p12/.pfx) as a second signer with the card signer's interface (issue 3 point 6):
 * non-qualified certificates such as CC SEKAP. The password comes from the user at every signature
 * (as `pin`) and is never stored; only the file path and its certificate (public) are remembered.
 *
 * Parsed with PKI.js (PBES2: AES + PBKDF2, what OpenSSL 3 and current Windows export). The legacy
 * RC2/3DES PBE schemes are not in PKI.js and RC2 is not in OpenSSL 3's default provider, so such
 * files get a clear CERT_FILE_UNSUPPORTED ("re-export with AES") instead of a home-made cipher.
 */
import { createPrivateKey, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as pkijs from 'pkijs';
import type { CertificateInfo } from '../../common/contract';
import { AppError } from '../../common/errors';
import { certificateId, describeCertificate } from './certificate-info';
import { keyMatches, keySigner, notFound } from './file-signer';
import type { SignRequest, SignResult, Signer } from './types';

pkijs.setEngine('nadawca-node', new pkijs.CryptoEngine({ name: 'nadawca-node', crypto: webcrypto as unknown as Crypto }));

export interface P12Contents {
  /** End-entity certificates that have their private key in the file. */
  pairs: { certificate: X509Certificate; key: KeyObject }[];
}

const toArrayBuffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function unsupported(file: string, reason: string): AppError {
  return new AppError('CERT_FILE_UNSUPPORTED', `${file}: ${reason}`, { file: basename(file), reason });
}

/** Decrypts a PKCS#12 file. Wrong password → PASSWORD_INCORRECT (the MAC does not verify). */
export async function readP12(file: string, password: string): Promise<P12Contents> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw unsupported(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String((e as Error).message));
  }
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(bytes));
  } catch {
    throw unsupported(file, 'not a PKCS#12 file');
  }
  const pass = toArrayBuffer(new TextEncoder().encode(password));
  try {
    await pfx.parseInternalValues({ password: pass, checkIntegrity: true });
  } catch (e) {
    if (/Integrity/i.test(String((e as Error).message))) {
      throw new AppError('PASSWORD_INCORRECT', `wrong password for ${basename(file)}`, { file: basename(file) });
    }
    throw unsupported(file, String((e as Error).message));
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw unsupported(file, 'no authenticated safe (public-key integrity mode is not supported)');
  const certificates: X509Certificate[] = [];
  const keys: KeyObject[] = [];
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pass })) });
    for (const contents of safe.parsedValue?.safeContents ?? []) {
      for (const bag of contents.value.safeBags) {
        const value = bag.bagValue;
        if (value instanceof pkijs.CertBag && value.parsedValue instanceof pkijs.Certificate) {
          certificates.push(new X509Certificate(Buffer.from(value.parsedValue.toSchema().toBER(false))));
        } else if (value instanceof pkijs.PKCS8ShroudedKeyBag) {
          // An EncryptedPrivateKeyInfo: OpenSSL (through node:crypto) decrypts it with the same password.
          keys.push(createPrivateKey({ key: Buffer.from(value.toSchema().toBER(false)), format: 'der', type: 'pkcs8', passphrase: password }));
        } else if (value instanceof pkijs.PrivateKeyInfo) {
          keys.push(createPrivateKey({ key: Buffer.from(value.toSchema().toBER(false)), format: 'der', type: 'pkcs8' }));
        }
      }
    }
  } catch (e) {
    const message = String((e as Error).message);
    const legacy = /contentEncryptionAlgorithm|1\.2\.840\.113549\.1\.12\.1\./.test(message);
    throw unsupported(file, legacy ? 'legacy RC2/3DES encryption: export the file again with AES (e.g. openssl pkcs12 -export without -legacy)' : message);
  }
  const pairs = certificates.filter((c) => !c.ca).flatMap((certificate) => {
    const key = keys.find((k) => keyMatches(certificate, k));
    return key ? [{ certificate, key }] : [];
  });
  if (pairs.length === 0) throw unsupported(file, 'no certificate with its private key in the file');
  return { pairs };
}

export interface P12SignerOptions {
  file: string;
  /** The certificate read when the file was added (public; the password is not kept). */
  certificateDer: Uint8Array;
  label: string;
}

export function createP12Signer(options: P12SignerOptions): Signer {
  const der = new Uint8Array(options.certificateDer);
  const id = certificateId(der);
  const info: CertificateInfo = describeCertificate(der, { label: options.label, module: 'file' });
  return {
    async listCertificates() {
      return [info];
    },
    async certificate(certificateIdWanted) {
      if (certificateIdWanted !== id) throw notFound(certificateIdWanted);
      return der.slice();
    },
    async sign(request: SignRequest): Promise<SignResult> {
      if (request.certificateId !== id) throw notFound(request.certificateId);
      if (request.pin === null) throw new AppError('INVALID_INPUT', 'a certificate file needs its password', { fields: ['pin'] });
      const { pairs } = await readP12(options.file, request.pin);
      const pair = pairs.find((p) => certificateId(new Uint8Array(p.certificate.raw)) === id);
      if (!pair) throw unsupported(options.file, 'the file no longer holds the chosen certificate');
      return keySigner(pair.key, options.label)(request);
    },
    async loginInfo(certificateIdWanted) {
      if (certificateIdWanted !== id) throw notFound(certificateIdWanted);
      return { certificateId: id, tokenLabel: options.label, pinState: 'ok', protectedAuthPath: false, alwaysAuthenticate: true, kind: 'file' };
    },
    async close() {},
  };
}
