/** The independent verifier of XML signatures in tests: xmlsec1 (nobody here wrote it). */
import { spawnSync } from 'node:child_process';

export interface XmlsecOptions {
  trusted?: string[];
  untrusted?: string[];
  /** Folder in which relative reference URIs (a UPP's filed-document reference) resolve. */
  cwd?: string;
  idAttrs?: string[];
  /** Verification time; xmlsec1 checks certificate validity at this instant. */
  at?: Date;
  /** Which ds:Signature to verify when there are several (xmlsec1 --node-xpath); default the first. */
  nodeXpath?: string;
}

export function xmlsecVerify(file: string, opts: XmlsecOptions = {}): { ok: boolean; output: string } {
  const args = ['--verify'];
  for (const p of opts.trusted ?? []) args.push('--trusted-pem', p);
  for (const p of opts.untrusted ?? []) args.push('--untrusted-pem', p);
  for (const a of opts.idAttrs ?? ['Id:SignedProperties']) {
    const [attr, node] = a.split(':');
    args.push(`--id-attr:${attr}`, node!);
  }
  if (opts.at) args.push('--verification-time', opts.at.toISOString().slice(0, 19).replace('T', ' '));
  if (opts.nodeXpath) args.push('--node-xpath', opts.nodeXpath);
  args.push(file);
  const r = spawnSync('xmlsec1', args, { cwd: opts.cwd, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
