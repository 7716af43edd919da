/**
 * poppler's `pdfsig` as the independent PAdES oracle for the signature itself ("Signature is
 * Valid.": byte range, message digest, CMS signature), and NSS's `vfychain` (libnss3-tools) for the
 * certificate trust, both against one temp NSS database that trusts the test root CA.
 *
 * Why trust is not read from pdfsig: Debian's pdfsig 22.12 answers "Unknown issue with Certificate
 * or corrupted data" for every certificate of the test PKI — also for a signature poppler made
 * itself (`pdfsig -add-signature`) and with the signer certificate marked as a trusted peer — while
 * `vfychain -pp -u 4` (libpkix, e-mail signer usage, as poppler asks) accepts the same chain.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestPki } from './pki';

export interface PdfsigSignature {
  /** "Signature #n" as pdfsig numbers them. */
  index: number;
  signerName: string;
  subFilter: string;
  /** "Signature is Valid." and the like. */
  signatureValidation: string;
  certificateValidation: string;
  /** "the total document signed" or "not total document signed". */
  totalDocumentSigned: boolean;
}

let nssDir: string | undefined;

/** An NSS database trusting the test root (and knowing the qualified CA), made once per process. */
export function testNssDb(pki: TestPki): string {
  if (nssDir) return nssDir;
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-nss-'));
  mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'TEST root', '-t', 'CT,C,C', '-i', pki.rootCa.cert], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'TEST qualified CA', '-t', ',,', '-i', pki.qualifiedCa.cert], { stdio: 'pipe' });
  nssDir = dir;
  return dir;
}

/** NSS libpkix path validation of a certificate for signing (usage 4 = email signer), as poppler asks for. */
export function nssTrusts(certPem: string, pki: TestPki): boolean {
  const run = spawnSync('vfychain', ['-d', `sql:${testNssDb(pki)}`, '-pp', '-u', '4', '-a', certPem], { encoding: 'utf8' });
  return run.status === 0 && /Chain is good!/.test(run.stdout + run.stderr);
}

export function pdfsig(file: string, pki: TestPki): { output: string; signatures: PdfsigSignature[] } {
  const run = spawnSync('pdfsig', ['-nssdir', `sql:${testNssDb(pki)}`, '-no-ocsp', file], { encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  const signatures: PdfsigSignature[] = [];
  for (const block of output.split(/^Signature #/m).slice(1)) {
    const field = (label: string) => new RegExp(`^\\s*- ${label}: (.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
    signatures.push({
      index: Number(/^(\d+)/.exec(block)?.[1]),
      signerName: field('Signer Certificate Common Name'),
      subFilter: field('Signature Type'),
      signatureValidation: field('Signature Validation'),
      certificateValidation: field('Certificate Validation'),
      totalDocumentSigned: /- Total document signed/.test(block) || /the total document/i.test(block),
    });
  }
  return { output, signatures };
}
