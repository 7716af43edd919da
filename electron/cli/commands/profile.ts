/**
 * `nadawca profile add NAME --channel edoreczenia|epuap --endpoint URL --address OWN_ADDRESS
 * [--system-p12 FILE --password-env VAR | --system-token CERT_ID --pin-env VAR] [--ca PEM]...` (e-Doręczenia also `--token-url URL
 * --client-id ID [--client-secret-env VAR]`), `profile list`, `profile remove NAME [--channel …]`
 * (docs/CLI.md). ePUAP profiles are the sending-profile store's; e-Doręczenia ones are the box
 * profiles of the e-Doręczenia channel. Secrets come from the named variables (the PKCS#12
 * password and the card PIN also from a no-echo prompt), never from an argument value.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { EDORECZENIA_ADDRESS } from '../../common/addresses';
import type { BoxProfile } from '../../common/contract-edoreczenia';
import { EPUAP_ENDPOINTS, type ProfileEnvironment, type SendingProfile } from '../../common/contract-profiles';
import { AppError } from '../../common/errors';
import { readP12 } from '../../node/signer/p12-signer';
import type { CliContext } from '../context';
import { t } from '../texts';
import { readSecret } from './secret';

export interface ProfileOptions {
  channel?: string;
  endpoint?: string;
  address?: string;
  'system-p12'?: string;
  'password-env'?: string;
  'system-token'?: string;
  'pin-env'?: string;
  ca?: string[];
  'token-url'?: string;
  'client-id'?: string;
  'client-secret-env'?: string;
}

type Services = Awaited<ReturnType<CliContext['openServices']>>;
type SystemCertificateInput = { pkcs12Base64: string; pkcs12FileName: string; pkcs12Password: string } | { token: { certificateId: string; pin: string } };
type BoxInput = { address: string; apiUrl: string; tokenUrl: string; clientId: string; clientSecret?: string; pkcs12Base64?: string; pkcs12Password?: string; token?: { certificateId: string; pin: string } };

const USAGE = 'profile add NAME --channel edoreczenia|epuap --endpoint URL --address OWN_ADDRESS [--token-url URL --client-id ID] [--client-secret-env VAR] [--system-p12 FILE --password-env VAR | --system-token CERT_ID --pin-env VAR] [--ca PEM]... | profile list | profile remove NAME [--channel edoreczenia|epuap]';
/** The UA API sits under this path of the provider's base URL (uaapi yaml `servers`). */
const UA_API_PATH = '/api/v1';
const EDORECZENIA_ONLY = ['token-url', 'client-id', 'client-secret-env'] as const;

const bad = (field: string) => new AppError('INVALID_INPUT', field, { fields: [field] });

/** The environment an ePUAP endpoint belongs to: the two ePUAP hosts, anything else is a simulator. */
function environmentOf(endpoint: string): ProfileEnvironment {
  const base = endpoint.replace(/\/+$/, '');
  return base === EPUAP_ENDPOINTS.production ? 'production' : base === EPUAP_ENDPOINTS.integration ? 'integration' : 'simulator';
}

function describeEpuap(p: SendingProfile): string {
  return `${p.name}  epuap  ${p.environment}  ${p.endpoint ?? EPUAP_ENDPOINTS[p.environment as 'production']}  ${p.replyBox}  ${p.certificate ? p.certificate.subject : '-'}`;
}

function describeBox(p: BoxProfile): string {
  const credentials = [p.hasClientSecret ? 'client-secret' : '', p.hasCertificate ? (p.certificate?.kind === 'token' ? 'system-token' : 'system-p12') : ''].filter(Boolean).join('+');
  return `${p.name}  edoreczenia  ${p.environment}  ${p.apiUrl ?? '-'}  ${p.address}  ${credentials || '-'}`;
}

/** An https:// URL without trailing slashes (the schemas of both profile kinds ask for https). */
function httpsUrl(ctx: CliContext, option: string, value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (url?.protocol !== 'https:') throw bad(t(ctx.lang, 'profile.endpointHttps', { option, value }));
  return value.replace(/\/+$/, '');
}

function readFileOrFail(ctx: CliContext, option: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw bad(t(ctx.lang, 'profile.unreadable', { option, file }));
  }
}

/**
 * The system certificate: a PKCS#12 file, opened with its password here so a wrong password is
 * reported now, not at the first send; or a certificate on a card (its id from `certs --json`),
 * whose PIN the save checks with a test signature on the card.
 */
async function systemCertificate(ctx: CliContext, o: ProfileOptions): Promise<SystemCertificateInput | null> {
  if (o['system-token'] !== undefined && o['system-p12'] !== undefined) throw bad(t(ctx.lang, 'profile.p12OrToken'));
  if (o['password-env'] && !o['system-p12']) throw bad(t(ctx.lang, 'profile.onlyWithP12'));
  if (o['pin-env'] && o['system-token'] === undefined) throw bad(t(ctx.lang, 'profile.onlyWithToken'));
  if (o['system-token'] !== undefined) {
    const certificateId = o['system-token'].trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(certificateId)) throw bad(t(ctx.lang, 'profile.tokenId', { value: o['system-token'] }));
    return { token: { certificateId, pin: await readSecret(o['pin-env'], 'PIN karty', ctx.lang, '--pin-env') } };
  }
  if (!o['system-p12']) return null;
  const bytes = readFileOrFail(ctx, '--system-p12', o['system-p12']);
  const password = await readSecret(o['password-env'], 'hasło pliku PKCS#12', ctx.lang, '--password-env');
  const { pairs } = await readP12(o['system-p12'], password);
  if (pairs.length !== 1) throw new AppError('CERT_FILE_UNSUPPORTED', 'a system certificate file holds exactly one key', { file: basename(o['system-p12']), reason: `${pairs.length} keys` });
  return { pkcs12Base64: bytes.toString('base64'), pkcs12FileName: basename(o['system-p12']), pkcs12Password: password };
}

/** Every certificate of the --ca files, each checked to parse, as one PEM bundle. */
function caBundle(ctx: CliContext, files: string[]): string[] {
  return files.flatMap((file) => {
    const pems = readFileOrFail(ctx, '--ca', file).toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (pems.length === 0) throw bad(t(ctx.lang, 'profile.notCertificate', { file }));
    for (const pem of pems) {
      try {
        new X509Certificate(pem);
      } catch {
        throw bad(t(ctx.lang, 'profile.notCertificate', { file }));
      }
    }
    return pems;
  });
}

/** Everything an e-Doręczenia box profile needs, checked before the data folder is opened. */
async function boxInput(ctx: CliContext, o: ProfileOptions): Promise<BoxInput> {
  const required = (option: string, what: string) => bad(t(ctx.lang, 'profile.required', { option, what }));
  if (!o.endpoint) throw bad(t(ctx.lang, 'profile.endpointRequired'));
  // The base before /api/v1 (CLI.md); a URL given with the API path is taken as meant.
  const apiUrl = httpsUrl(ctx, '--endpoint', o.endpoint).replace(/\/api\/v1$/, '') + UA_API_PATH;
  if (!o.address) throw required('--address', 'AE:PL-XXXXX-XXXXX-XXXXX-XX');
  const address = o.address.trim().toUpperCase();
  if (!EDORECZENIA_ADDRESS.test(address)) throw bad(t(ctx.lang, 'profile.address', { value: o.address }));
  if (!o['token-url']) throw required('--token-url', t(ctx.lang, 'profile.tokenUrl'));
  const tokenUrl = httpsUrl(ctx, '--token-url', o['token-url']);
  if (!o['client-id']?.trim()) throw required('--client-id', t(ctx.lang, 'profile.clientId'));
  if (!o['client-secret-env'] && !o['system-p12'] && o['system-token'] === undefined) throw bad(t(ctx.lang, 'profile.credentials'));
  let clientSecret: string | undefined;
  if (o['client-secret-env']) {
    clientSecret = process.env[o['client-secret-env']];
    if (!clientSecret) throw bad(t(ctx.lang, 'variableUnset', { option: '--client-secret-env', name: o['client-secret-env'] }));
  }
  const system = await systemCertificate(ctx, o);
  return {
    address, apiUrl, tokenUrl, clientId: o['client-id'].trim(),
    ...(clientSecret ? { clientSecret } : {}),
    ...(system && 'token' in system ? { token: system.token } : {}),
    ...(system && 'pkcs12Base64' in system ? { pkcs12Base64: system.pkcs12Base64, pkcs12Password: system.pkcs12Password } : {}),
  };
}

async function addEpuap(services: Services, name: string, o: ProfileOptions, system: SystemCertificateInput | null): Promise<SendingProfile> {
  const box = /^\/([^/\s]+)\/[^/\s]+$/.exec(o.address!);
  const existing = services.sendingProfiles.list().find((p) => p.name === name);
  const r = await services.router('sendingProfiles.save', {
    ...(existing ? { id: existing.id } : {}),
    name, environment: environmentOf(o.endpoint!), endpoint: o.endpoint!,
    subject: box ? box[1]! : o.address!, ...(box ? { replyBox: o.address! } : {}), ...(system ?? {}),
  });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details ?? {});
  return r.value as SendingProfile;
}

async function addBox(services: Services, name: string, input: BoxInput, caPems: string[]): Promise<BoxProfile> {
  // The CAs also verify the service's signatures (evidences): they join the trust anchors first,
  // each checked there (a CA or self-signed, valid now), so a refused one stops before anything is saved.
  for (const pem of caPems) {
    const added = await services.router('trust.anchors.add', { pem });
    if (!added.ok) throw new AppError(added.error.code, added.error.message, added.error.details ?? {});
  }
  const existing = services.edoreczenia.profiles.list().find((p) => p.name === name);
  // Not made active: the app's sending box stays as it is; `send --profile NAME` picks this one.
  // The project knows no production hosts (DOMAIN-inboxes §4.1: base URLs are profile settings),
  // so a profile added here is marked as a non-production one.
  const r = await services.router('edoreczenia.profiles.save', { ...(existing ? { id: existing.id } : {}), name, environment: 'integration', ...input });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details ?? {});
  const saved = r.value as BoxProfile;
  if (caPems.length > 0) {
    services.edoreczenia.profiles.setCaPem(saved.id, caPems.join('\n'));
    services.edoreczenia.reset();
  }
  return saved;
}

/** The profile named NAME in either channel; a name used in both needs --channel. */
function findByName(ctx: CliContext, services: Services, name: string, channel: string | undefined) {
  const epuap = channel === 'edoreczenia' ? undefined : services.sendingProfiles.list().find((p) => p.name === name);
  const box = channel === 'epuap' ? undefined : services.edoreczenia.profiles.list().find((p) => p.name === name);
  if (epuap && box) throw bad(t(ctx.lang, 'profile.ambiguous', { name }));
  if (epuap) return { channel: 'epuap' as const, id: epuap.id, name };
  if (box) return { channel: 'edoreczenia' as const, id: box.id, name };
  throw new AppError('NOT_FOUND', `profile ${name}`, { what: t(ctx.lang, 'profile.notFound', { name }) });
}

export async function profile(ctx: CliContext): Promise<number> {
  const [, sub, name, extra] = ctx.positionals;
  const o = ctx.options as ProfileOptions;
  if (!(sub === 'list' && name === undefined) && !((sub === 'add' || sub === 'remove') && name && extra === undefined)) throw bad(USAGE);
  if (o.channel !== undefined && o.channel !== 'epuap' && o.channel !== 'edoreczenia') throw bad(t(ctx.lang, 'profile.channel'));

  // Everything from the command line and files is checked before the data folder is opened.
  let box: { input: BoxInput; caPems: string[] } | null = null;
  let epuapSystem: SystemCertificateInput | null = null;
  if (sub === 'add') {
    if (o.channel === undefined) throw bad(t(ctx.lang, 'profile.channel'));
    if (o.channel === 'edoreczenia') box = { input: await boxInput(ctx, o), caPems: caBundle(ctx, o.ca ?? []) };
    else {
      const only = EDORECZENIA_ONLY.find((k) => o[k] !== undefined);
      if (only) throw bad(t(ctx.lang, 'profile.onlyEdoreczenia', { option: `--${only}` }));
      if (!o.endpoint) throw bad(t(ctx.lang, 'profile.endpointRequired'));
      if (!o.address) throw bad(t(ctx.lang, 'profile.epuapAddress'));
      if (o.ca?.length) throw bad('--ca: extra trust anchors are not supported for ePUAP profiles in this version');
      epuapSystem = await systemCertificate(ctx, o);
    }
  }

  const services = await ctx.openServices();
  try {
    if (sub === 'add') {
      if (box) {
        const saved = await addBox(services, name!, box.input, box.caPems);
        if (ctx.json) ctx.printJson({ channel: 'edoreczenia', ...saved });
        else ctx.print(describeBox(saved));
      } else {
        const saved = await addEpuap(services, name!, o, epuapSystem);
        if (ctx.json) ctx.printJson(saved);
        else ctx.print(describeEpuap(saved));
      }
      return 0;
    }
    if (sub === 'remove') {
      const p = findByName(ctx, services, name!, o.channel);
      if (p.channel === 'epuap') services.sendingProfiles.remove(p.id);
      else {
        const r = await services.router('edoreczenia.profiles.delete', { id: p.id });
        if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details ?? {});
      }
      if (ctx.json) ctx.printJson({ removed: p.name, channel: p.channel });
      else ctx.print(`${p.name}  ${p.channel}`);
      return 0;
    }
    const epuap = o.channel === 'edoreczenia' ? [] : services.sendingProfiles.list();
    const boxes = o.channel === 'epuap' ? [] : services.edoreczenia.profiles.list();
    if (ctx.json) ctx.printJson([...epuap, ...boxes.map((p) => ({ channel: 'edoreczenia' as const, ...p }))]);
    else {
      for (const p of epuap) ctx.print(describeEpuap(p));
      for (const p of boxes) ctx.print(describeBox(p));
    }
    return 0;
  } finally {
    await services.close();
  }
}
