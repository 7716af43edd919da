/**
 * "Sign this file" and "verify this file" for the Sign files / Verify screens and `nadawca sign` /
 * `nadawca verify`: the default format per file type (DOMAIN-signatures §1: PDF → PAdES inside the
 * PDF, XML → XAdES enveloped, anything else → detached CAdES .p7s), a free output name next to the
 * file (never overwriting), and dispatch to the format's signer or verifier.
 */
import { X509Certificate } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FILE_SIGNATURE_FORMATS } from '../../common/contract-signatures';
import type { VerificationReport } from '../../common/verification-report';
import { AppError } from '../../common/errors';
import type { SignCommon, SignatureLevel } from './api';
import { signCades } from './cades';
import { signPades, stampLines } from './pades-sign';
import type { StampPlacement } from './pades-stamp';
import { pemCertificates, verifyPdfFile } from './pades-verify';
import { verifyFile } from './verify';
import { signXades } from './xades-sign';

export const FILE_FORMATS = FILE_SIGNATURE_FORMATS;
export type FileFormat = (typeof FILE_FORMATS)[number];

function head(path: string, n = 1024): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

const isPdf = (path: string) => head(path).indexOf('%PDF-') === 0;
const isXml = (path: string) => /^(\uFEFF)?\s*</.test(head(path).toString('utf8'));

/** Formats that make sense for the file, the default first. */
export function formatsFor(path: string): FileFormat[] {
  if (isPdf(path)) return ['pades', 'cades', 'cades-attached', 'xades-detached'];
  if (isXml(path)) return ['xades', 'xades-enveloping', 'xades-detached', 'cades', 'cades-attached'];
  return ['cades', 'cades-attached', 'xades-detached', 'xades-enveloping'];
}

export function defaultFormat(path: string): FileFormat {
  return formatsFor(path)[0]!;
}

const SIGNED_SUFFIX = '-podpisany';

/** Where the result goes by convention (DOMAIN-signatures §4: name.ext.p7s / .p7m; PAdES and enveloped keep the type). */
export function conventionalOutput(input: string, format: FileFormat): string {
  const dir = dirname(input);
  const name = basename(input);
  const stem = name.slice(0, name.length - extname(name).length);
  // Co-signing a file signed here keeps its name ("umowa-podpisany (2).pdf", not "…-podpisany-podpisany").
  const signedStem = stem.endsWith(SIGNED_SUFFIX) ? stem : `${stem}${SIGNED_SUFFIX}`;
  switch (format) {
    case 'pades': return join(dir, `${signedStem}${extname(name) || '.pdf'}`);
    case 'xades': return join(dir, `${signedStem}${extname(name) || '.xml'}`);
    case 'xades-enveloping': return join(dir, `${name}.xades.xml`);
    case 'xades-detached': return join(dir, `${name}.xades`);
    case 'cades': return join(dir, `${name}.p7s`);
    case 'cades-attached': return join(dir, `${name}.p7m`);
  }
}

/** `path` if nothing is there, otherwise "name (2).ext", "name (3).ext", … */
export function freeName(path: string): string {
  if (!existsSync(path)) return path;
  const dir = dirname(path);
  const name = basename(path);
  const dot = name.indexOf('.', 1);
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; n < 10_000; n++) {
    const candidate = join(dir, `${stem} (${n})${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
  throw new AppError('INVALID_INPUT', `no free file name next to ${path}`, { fields: [path] });
}

export interface SignFileRequest extends SignCommon {
  input: string;
  format: FileFormat;
  /** Default: the conventional name next to the input, made free. An explicit path must not exist. */
  output?: string;
  /** PAdES only. */
  stamp?: StampPlacement;
}

export interface SignFileOutcome {
  input: string;
  output: string;
  format: FileFormat;
  level: SignatureLevel;
  signingTime: string;
  timestampTime: string | null;
  signatureCount: number;
}

export async function signFile(r: SignFileRequest): Promise<SignFileOutcome> {
  if (!existsSync(r.input)) throw new AppError('NOT_FOUND', r.input, { what: r.input });
  if (r.format === 'pades' && !isPdf(r.input)) throw new AppError('INVALID_INPUT', `${basename(r.input)} is not a PDF`, { fields: [`${basename(r.input)}: PAdES needs a PDF`] });
  if (r.format === 'xades' && !isXml(r.input)) throw new AppError('INVALID_INPUT', `${basename(r.input)} is not XML`, { fields: [`${basename(r.input)}: XAdES enveloped needs an XML file`] });
  if (r.output && existsSync(r.output)) throw new AppError('INVALID_INPUT', `${r.output} exists`, { fields: [`--out: ${r.output} already exists (never overwritten)`] });
  const output = r.output ?? freeName(conventionalOutput(r.input, r.format));
  const signingTime = new Date(Math.floor((r.signingTime ?? new Date()).getTime() / 1000) * 1000);
  const common = { ...r, signingTime, output };
  if (r.format === 'pades') {
    let stamp;
    if (r.stamp) {
      const der = await r.signer.certificate(r.certificateId);
      const info = (await r.signer.listCertificates()).find((c) => c.id === r.certificateId);
      stamp = { ...r.stamp, lines: stampLines(der, signingTime, info?.qualified ?? false) };
    }
    const o = await signPades({ ...common, stamp });
    return { input: r.input, output: o.output, format: r.format, level: o.level, signingTime: o.signingTime, timestampTime: o.timestampTime, signatureCount: o.signatureCount };
  }
  if (r.format.startsWith('xades')) {
    const mode = r.format === 'xades' ? 'enveloped' : r.format === 'xades-enveloping' ? 'enveloping' : 'detached';
    const o = await signXades({ ...common, mode });
    return { input: r.input, output: o.output, format: r.format, level: o.level, signingTime: o.signingTime, timestampTime: o.timestampTime, signatureCount: o.signatureCount };
  }
  // CAdES: an existing signature next to the file is co-signed (a parallel SignerInfo).
  const mode = r.format === 'cades' ? 'detached' : 'attached';
  const existing = conventionalOutput(r.input, r.format);
  const o = await signCades({ ...common, mode, existingSignature: existsSync(existing) ? existing : undefined });
  return { input: r.input, output: o.output, format: r.format, level: o.level, signingTime: o.signingTime, timestampTime: o.timestampTime, signatureCount: o.signatureCount };
}

export interface VerifySignedFileRequest {
  file: string;
  detachedContent?: string;
  /** Trusted CA certificates (PEM files or parsed). */
  trustAnchors: Array<string | X509Certificate>;
  online: boolean;
  at?: Date;
  /** Override of the certificates' AIA OCSP responder. */
  ocspUrl?: string;
}

/** PDFs go to the streaming PAdES verifier; everything else to verifyFile. */
export async function verifySignedFile(r: VerifySignedFileRequest): Promise<VerificationReport> {
  if (!existsSync(r.file)) throw new AppError('NOT_FOUND', r.file, { what: r.file });
  if (isPdf(r.file)) {
    const anchors = r.trustAnchors.flatMap((a) => (typeof a === 'string' ? pemCertificates(a) : [a]));
    return verifyPdfFile(r.file, { trustAnchors: anchors, online: r.online, at: r.at, ocspUrl: r.ocspUrl });
  }
  return verifyFile({ file: r.file, detachedContent: r.detachedContent, trustAnchors: r.trustAnchors, online: r.online, at: r.at, ocspUrl: r.ocspUrl });
}
