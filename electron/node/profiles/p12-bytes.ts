import { basename } from 'node:path';
import { AppError } from '../../common/errors';
import { createFileSigner } from '../signer/file-signer';
import { readP12, type P12Contents } from '../signer/p12-signer';
import { xmlSignerFor } from '../signer/xml-signer';
import { withPrivateTempFile } from '../storage/private-temp';
import type { XmlSigner } from '../xml/engine';

/**
 * readP12 for bytes held in memory (an uploaded or unsealed file). The parser takes a path, so the
 * (still password-encrypted) bytes pass through an owner-only temporary file removed at once.
 */
export async function readP12Bytes(bytes: Uint8Array, password: string, fileName = 'system.p12'): Promise<P12Contents> {
  // Errors name the file as the user knows it; the name never leaves the fresh temporary folder.
  const safe = [...basename(fileName)].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
  return withPrivateTempFile(/^\.*$/.test(safe) ? 'system.p12' : safe, bytes, (file) => readP12(file, password));
}

/**
 * What a sending profile shows of its PKCS#12 system certificate, read with the password before
 * anything is stored: exactly one key (CERT_FILE_UNSUPPORTED), a wrong password as PASSWORD_INCORRECT.
 */
export async function checkSystemP12(bytes: Uint8Array, password: string, fileName?: string): Promise<{ subject: string; notAfter: string }> {
  const { pairs } = await readP12Bytes(bytes, password, fileName);
  const pair = pairs[0];
  if (!pair || pairs.length > 1) throw new AppError('CERT_FILE_UNSUPPORTED', 'a system certificate file holds exactly one key', { file: 'PKCS#12', reason: `${pairs.length} keys` });
  return { subject: pair.certificate.subject.replace(/\n/g, ', '), notAfter: new Date(pair.certificate.validTo).toISOString() };
}

/** The system certificate of an (unsealed) PKCS#12 file as an XmlSigner: WS-Security, client assertions. */
export async function p12XmlSigner(bytes: Uint8Array, password: string, label: string): Promise<XmlSigner> {
  const [pair] = (await readP12Bytes(bytes, password)).pairs;
  if (!pair) throw new AppError('CERT_FILE_UNSUPPORTED', 'no key in the system certificate file', { file: 'system.p12', reason: 'no key' });
  const file = createFileSigner({ keyPem: pair.key.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: pair.certificate.toString(), label });
  return xmlSignerFor(file, (await file.listCertificates())[0]!.id, '');
}
