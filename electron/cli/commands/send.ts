/**
 * `nadawca send FILE --to ADDRESS [--channel edoreczenia|epuap|manual] [--profile NAME] [--no-wait]
 * [--json]` (docs/CLI.md): queues a signed file as a filing and sends it through the outbox (the same
 * durable states, retries and reconciliation as the app). Without --profile the built-in test
 * environment sends; `--profile NAME` names a profile of the address's channel (ePUAP sending
 * profile, e-Doręczenia box profile), used for this run without changing the app's active one.
 * Exit: 0 delivered (or queued with --no-wait), 1 rejected by the inbox, 2 bad input, 3 not sent
 * (service unreachable, time-out: the filing waits in the outbox).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { channelOfAddress } from '../../common/addresses';
import { AppError } from '../../common/errors';
import type { CliContext } from '../context';
import { label, t } from '../texts';

export interface SendOptions {
  to?: string;
  channel?: string;
  profile?: string;
  'no-wait'?: boolean;
}

const bad = (field: string) => new AppError('INVALID_INPUT', field, { fields: [field] });
/** e-Doręczenia evidences arrive after the send; this long at most, then the outbox keeps going. */
const WAIT_MS = 60_000;

/** Only a signed file is a filing: XAdES (XML with ds:Signature), PAdES (a PDF signature dictionary), CAdES (.p7m/.p7s). */
function assertSigned(file: string, bytes: Buffer): string {
  const ext = extname(file).toLowerCase();
  const head = bytes.toString('latin1');
  if (ext === '.xml' && /<([A-Za-z_][\w.-]*:)?Signature[\s>]/.test(head) && head.includes('http://www.w3.org/2000/09/xmldsig#')) return 'text/xml';
  if (ext === '.pdf' && head.startsWith('%PDF') && head.includes('/ByteRange')) return 'application/pdf';
  if (ext === '.p7m' || ext === '.p7s') return 'application/pkcs7-mime';
  throw bad(`${basename(file)}: not a signed file (XAdES .xml, PAdES .pdf or CAdES .p7m/.p7s)`);
}

function boxProfileId(services: Awaited<ReturnType<CliContext['openServices']>>, name: string): string {
  const p = services.edoreczenia.profiles.list().find((x) => x.name === name);
  if (!p) throw new AppError('NOT_FOUND', `e-Doręczenia profile ${name}`, { what: `e-Doręczenia: ${name}` });
  return p.id;
}

export async function send(ctx: CliContext): Promise<number> {
  const [, file, extra] = ctx.positionals;
  const o = ctx.options as SendOptions;
  if (!file || extra !== undefined) throw bad('send FILE --to ADDRESS');
  if (!o.to) throw bad('--to: the inbox address (AE:PL-… or /subject/box) is required');
  const byAddress = channelOfAddress(o.to);
  if (!byAddress) throw new AppError('INVALID_ADDRESS', 'invalid inbox address', { address: o.to });
  if (o.channel !== undefined && !['edoreczenia', 'epuap', 'manual'].includes(o.channel)) throw bad('--channel: edoreczenia|epuap|manual');
  if (o.channel === 'manual') throw bad('--channel manual: export the package in the app (the manual channel is not sent from here)');
  if (o.channel !== undefined && o.channel !== byAddress) throw bad(`--channel ${o.channel}: the address ${o.to} is an ${byAddress} address`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw bad(`${file}: cannot be read`);
  }
  assertSigned(file, bytes);

  const services = await ctx.openServices();
  try {
    // --profile names a profile of the address's channel; without it the built-in test environment sends.
    if (byAddress === 'epuap') services.profileClients.use(o.profile !== undefined ? services.sendingProfiles.byName(o.profile).id : 'builtin');
    else services.edoreczenia.use(o.profile !== undefined ? boxProfileId(services, o.profile) : 'builtin');
    const sha = services.blobs.put(bytes, 'application/octet-stream');
    const id = randomUUID();
    services.repo.insert({
      id, client_id: randomUUID(), channel: byAddress, to_address: o.to, addressee_name: o.to, title: basename(file), file_name: basename(file), draft_sha256: sha,
    }, { actor: 'cli', kind: 'created', detail: `send ${basename(file)}` });
    services.repo.transition(id, ['draft'], 'signed', { signed_sha256: sha }, { actor: 'cli', kind: 'signed', detail: 'signed before import' });
    services.filings.queue(id, 'cli');
    ctx.progress(t(ctx.lang, 'sending'));
    await services.outbox.run();
    const deadline = Date.now() + WAIT_MS;
    while (!o['no-wait'] && ['queued', 'sending'].includes(services.repo.get(id).state) && Date.now() < deadline) {
      if (byAddress === 'edoreczenia') await services.edoreczenia.sender.refresh();
      await new Promise((r) => setTimeout(r, 500));
      await services.outbox.run();
    }
    const d = services.filings.detail(id);
    if (ctx.json) ctx.printJson({ id: d.id, state: d.state, channel: d.channel, to: d.to, fileName: d.fileName, documentSha256: d.documentSha256, lastError: d.lastError, receiptIds: d.receiptIds });
    else ctx.print(`${d.id}  ${label(ctx.lang, d.state)}  ${d.channel}  ${d.to}${d.lastError ? `  — ${d.lastError}` : ''}${d.receiptIds.length ? `  ${t(ctx.lang, 'receipt')}: ${d.receiptIds.join(', ')}` : ''}`);
    if (d.state === 'delivered') return 0;
    if (d.state === 'rejected') return 1;
    return o['no-wait'] && ['queued', 'sending'].includes(d.state) ? 0 : 3;
  } finally {
    await services.close();
  }
}
