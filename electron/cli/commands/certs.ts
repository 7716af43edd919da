/**
 * `nadawca certs [--module PATH]... [--p12 FILE] [--json]` (docs/CLI.md): the signing certificates
 * of every token (and of a PKCS#12 file), each with the id `sign --cert` takes. The file's password
 * comes from `--password-env VAR` or a no-echo prompt (never an argument).
 */
import { basename, resolve } from 'node:path';
import type { CertificateEntry } from '../../common/contract-diagnostics';
import { AppError } from '../../common/errors';
import { createPkcs11Signer, defaultModules } from '../../node/signer/client';
import { describeCertificate } from '../../node/signer/certificate-info';
import { readP12 } from '../../node/signer/p12-signer';
import { signerHost, type CliContext } from '../context';
import { t } from '../texts';
import { readSecret } from './secret';

export interface CertsOptions {
  module?: string[];
  p12?: string;
  'password-env'?: string;
}

/** Exactly the fields CLI.md lists, in its order. */
function entry(c: CertificateEntry): CertificateEntry {
  const { id, subject, issuer, serialNumber, notBefore, notAfter, qualified, keyUsage, keyType, token } = c;
  return { id, subject, issuer, serialNumber, notBefore, notAfter, qualified, keyUsage, keyType, token: { label: token.label, module: token.module } };
}

export async function certs(ctx: CliContext): Promise<number> {
  const o = ctx.options as CertsOptions;
  if (ctx.positionals.length > 1) throw new AppError('INVALID_INPUT', 'certs takes no arguments', { fields: [`certs ${ctx.positionals[1]}`] });
  const list: CertificateEntry[] = [];
  if (o.p12) {
    const file = resolve(o.p12);
    const password = await readSecret(o['password-env'], ctx.lang === 'en' ? 'password' : ctx.lang === 'uk' ? 'пароль' : 'hasło', ctx.lang, '--password-env');
    for (const pair of (await readP12(file, password)).pairs) list.push(entry(describeCertificate(new Uint8Array(pair.certificate.raw), { label: basename(file), module: 'file' })));
  }
  const signer = createPkcs11Signer({ modules: [...defaultModules(), ...(o.module ?? []).map((m) => resolve(m))], host: signerHost() });
  try {
    // No token anywhere is not an error when a file was given; the listing then holds the file alone.
    const fromTokens = await signer.listCertificates().catch((e: unknown) => {
      if (o.p12) return [];
      throw e;
    });
    list.push(...fromTokens.map(entry));
  } finally {
    await signer.close();
  }
  if (ctx.json) ctx.printJson(list);
  else if (list.length === 0) ctx.print(t(ctx.lang, 'empty'));
  else for (const c of list) ctx.print(`${c.id}  ${c.qualified ? 'QES' : '---'}  ${c.keyType.padEnd(4)} ${c.notAfter.slice(0, 10)}  ${c.subject}  [${c.token.label}]`);
  return 0;
}
