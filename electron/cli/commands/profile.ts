/**
 * `nadawca profile add NAME --channel epuap --endpoint URL --address OWN_ADDRESS [--system-p12 FILE
 * --password-env VAR]`, `profile list`, `profile remove NAME` (docs/CLI.md). ePUAP profiles here;
 * e-Doręczenia box profiles are set up in the app in this version. The password comes from the
 * named variable or a no-echo prompt, never from an argument value.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { EPUAP_ENDPOINTS, type ProfileEnvironment, type SendingProfile } from '../../common/contract-profiles';
import { AppError } from '../../common/errors';
import type { CliContext } from '../context';
import { readSecret } from './secret';

export interface ProfileOptions {
  channel?: string;
  endpoint?: string;
  address?: string;
  'system-p12'?: string;
  'password-env'?: string;
  ca?: string[];
}

const bad = (field: string) => new AppError('INVALID_INPUT', field, { fields: [field] });

/** The environment an endpoint belongs to: the two ePUAP hosts, anything else is a simulator. */
function environmentOf(endpoint: string): ProfileEnvironment {
  const base = endpoint.replace(/\/+$/, '');
  return base === EPUAP_ENDPOINTS.production ? 'production' : base === EPUAP_ENDPOINTS.integration ? 'integration' : 'simulator';
}

function describe(p: SendingProfile): string {
  return `${p.name}  epuap  ${p.environment}  ${p.endpoint ?? EPUAP_ENDPOINTS[p.environment as 'production']}  ${p.replyBox}  ${p.certificate ? p.certificate.subject : '-'}`;
}

export async function profile(ctx: CliContext): Promise<number> {
  const [, sub, name, extra] = ctx.positionals;
  const o = ctx.options as ProfileOptions;
  const usage = 'profile add NAME --channel epuap --endpoint URL --address OWN_ADDRESS [--system-p12 FILE --password-env VAR] | profile list | profile remove NAME';
  if (!(sub === 'list' && name === undefined) && !((sub === 'add' || sub === 'remove') && name && extra === undefined)) throw bad(usage);

  let input: { pkcs12Base64?: string; pkcs12FileName?: string; pkcs12Password?: string } = {};
  if (sub === 'add') {
    if (o.channel === 'edoreczenia') throw bad('--channel edoreczenia: e-Doręczenia profiles are set up in the app in this version');
    if (o.channel !== 'epuap') throw bad('--channel: edoreczenia|epuap');
    if (!o.endpoint) throw bad('--endpoint: the service URL is required');
    if (!o.address) throw bad('--address: your ePUAP subject id (or /id/box) is required');
    if (o.ca?.length) throw bad('--ca: extra trust anchors are not supported for ePUAP profiles in this version');
    if (o['password-env'] && !o['system-p12']) throw bad('--password-env: only with --system-p12');
    if (o['system-p12']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(o['system-p12']);
      } catch {
        throw bad(`--system-p12: cannot read ${o['system-p12']}`);
      }
      input = { pkcs12Base64: bytes.toString('base64'), pkcs12FileName: basename(o['system-p12']), pkcs12Password: await readSecret(o['password-env'], 'hasło pliku PKCS#12', ctx.lang) };
    }
  }

  const services = await ctx.openServices();
  try {
    const router = services.router;
    if (sub === 'add') {
      const box = /^\/([^/\s]+)\/[^/\s]+$/.exec(o.address!);
      const existing = services.sendingProfiles.list().find((p) => p.name === name);
      const r = await router('sendingProfiles.save', {
        ...(existing ? { id: existing.id } : {}),
        name: name!, environment: environmentOf(o.endpoint!), endpoint: o.endpoint!,
        subject: box ? box[1]! : o.address!, ...(box ? { replyBox: o.address! } : {}), ...input,
      });
      if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details ?? {});
      if (ctx.json) ctx.printJson(r.value);
      else ctx.print(describe(r.value as SendingProfile));
      return 0;
    }
    if (sub === 'remove') {
      const p = services.sendingProfiles.byName(name!);
      services.sendingProfiles.remove(p.id);
      if (ctx.json) ctx.printJson({ removed: p.name });
      else ctx.print(p.name);
      return 0;
    }
    const list = services.sendingProfiles.list();
    if (ctx.json) ctx.printJson(list);
    else for (const p of list) ctx.print(describe(p));
    return 0;
  } finally {
    await services.close();
  }
}
