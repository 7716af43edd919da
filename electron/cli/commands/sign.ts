/**
 * `nadawca sign FILE... --format FMT [--level B-B|B-T|B-LT] [--tsa URL] [--ocsp URL] [--module PATH]...
 * [--cert ID] [--p12 FILE --password-env VAR] [--pin-env VAR] [--out PATH]` (docs/CLI.md; --ocsp overrides the certificates' OCSP
 * responder for B-LT; without --tsa the TSA servers enabled in the app's settings are used). The PIN
 * (or, with --p12, the file's password) comes from the named environment variable or a no-echo
 * prompt on a terminal, never from an argument; with --p12 the file's key signs instead of a card. Results go next to each file under a
 * free name unless --out names the result (one file) or a folder (several files).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../common/errors';
import { createPkcs11Signer, defaultModules } from '../../node/signer/client';
import { createP12Signer, readP12 } from '../../node/signer/p12-signer';
import type { Signer } from '../../node/signer/types';
import { FILE_FORMATS, freeName, conventionalOutput, signFile, type FileFormat, type SignFileOutcome } from '../../node/signatures/files';
import type { SignatureLevel } from '../../node/signatures/api';
import { readSavedTrust } from '../../node/trust/saved';
import { signerHost, type CliContext } from '../context';
import { readSecret } from './secret';

export interface SignOptions {
  format?: string;
  level?: string;
  tsa?: string;
  ocsp?: string;
  module?: string[];
  cert?: string;
  'pin-env'?: string;
  p12?: string;
  'password-env'?: string;
  out?: string;
}

const LEVELS = ['B-B', 'B-T', 'B-LT'] as const;
const bad = (field: string) => new AppError('INVALID_INPUT', field, { fields: [field] });

export async function sign(ctx: CliContext): Promise<number> {
  const o = ctx.options as SignOptions;
  const files = ctx.positionals.slice(1).map((f) => resolve(f));
  if (files.length === 0) throw bad('FILE: name at least one file to sign');
  if (!o.format || !(FILE_FORMATS as readonly string[]).includes(o.format)) throw bad(`--format: one of ${FILE_FORMATS.join(', ')}`);
  const level = (o.level ?? 'B-B') as SignatureLevel;
  if (!(LEVELS as readonly string[]).includes(level)) throw bad(`--level: one of ${LEVELS.join(', ')}`);
  // Without --tsa, the servers enabled in the app's settings (data folder), in their order.
  const tsa = o.tsa ? [{ url: o.tsa }] : readSavedTrust(ctx.dataDir).enabledTsa;
  if (level !== 'B-B' && tsa.length === 0) throw bad(`--tsa: ${level} needs a time-stamping authority URL (or one enabled in the app's settings)`);
  if (o.tsa && !/^https?:\/\//.test(o.tsa)) throw bad('--tsa: an http(s) URL');
  if (o.ocsp && !/^https?:\/\//.test(o.ocsp)) throw bad('--ocsp: an http(s) URL');
  for (const f of files) if (!existsSync(f) || !statSync(f).isFile()) throw new AppError('NOT_FOUND', f, { what: f });
  const outputs = outputsFor(files, o.format as FileFormat, o.out);

  const file = o.p12 ? await p12SignerOf(resolve(o.p12), o['password-env'], ctx) : null;
  const signer: Signer = file?.signer ?? createPkcs11Signer({ modules: [...defaultModules(), ...(o.module ?? []).map((m) => resolve(m))], host: signerHost() });
  try {
    const certs = await signer.listCertificates();
    const chosen = o.cert ? certs.filter((c) => c.id === o.cert!.toLowerCase() || c.id.startsWith(o.cert!.toLowerCase())) : certs;
    if (o.cert && chosen.length === 0) throw new AppError('CERT_NOT_FOUND', o.cert, { cert: o.cert });
    if (chosen.length !== 1) throw bad(`--cert: choose one of ${certs.map((c) => `${c.id.slice(0, 16)} (${c.subject})`).join('; ') || 'no certificate found'}`);
    const certificateId = chosen[0]!.id;
    const pin = file?.password ?? (await readSecret(o['pin-env'], 'PIN', ctx.lang));
    const results: SignFileOutcome[] = [];
    for (const [i, input] of files.entries()) {
      ctx.progress(basename(input));
      results.push(await signFile({
        signer, certificateId, pin, level, input, format: o.format as FileFormat, output: outputs[i],
        tsa: level === 'B-B' ? undefined : tsa,
        revocation: { online: true, ocspUrl: o.ocsp },
      }));
    }
    if (ctx.json) ctx.printJson(results);
    else for (const r of results) ctx.print(`${basename(r.input)} → ${r.output} (${r.format}, ${r.level}, ${r.signatureCount})`);
    return 0;
  } finally {
    await signer.close();
  }
}

/** A certificate file as the signer: its password asked once (it unlocks the key for every file). */
async function p12SignerOf(path: string, passwordEnv: string | undefined, ctx: CliContext): Promise<{ signer: Signer; password: string }> {
  if (!existsSync(path)) throw new AppError('NOT_FOUND', path, { what: path });
  const password = await readSecret(passwordEnv, ctx.lang === 'en' ? 'password' : ctx.lang === 'uk' ? 'пароль' : 'hasło', ctx.lang, '--password-env');
  const [pair] = (await readP12(path, password)).pairs;
  return { signer: createP12Signer({ file: path, certificateDer: new Uint8Array(pair!.certificate.raw), label: basename(path) }), password };
}

function outputsFor(files: string[], format: FileFormat, out: string | undefined): (string | undefined)[] {
  if (!out) return files.map(() => undefined);
  const target = resolve(out);
  if (files.length === 1 && !(existsSync(target) && statSync(target).isDirectory())) return [target];
  if (!existsSync(target) || !statSync(target).isDirectory()) throw bad('--out: with several files, an existing folder');
  return files.map((f) => freeName(join(target, basename(conventionalOutput(f, format)))));
}
