/** `nadawca outbox` and `nadawca receipts [show ID]`. */
import { resolve } from 'node:path';
import { AppError } from '../../common/errors';
import { writeProofPackage } from '../../node/receipts/proof-package';
import type { CliContext } from '../context';
import { label, t } from '../texts';

/** `outbox`, `outbox run` (until empty or only failed/uncertain-unresolved remain), `outbox retry|cancel ID`. */
export async function outbox(ctx: CliContext): Promise<number> {
  const [, sub, id] = ctx.positionals;
  if (sub !== undefined && !(sub === 'run' && id === undefined) && !((sub === 'retry' || sub === 'cancel') && id)) {
    throw new AppError('INVALID_INPUT', `outbox ${sub}`, { fields: [`outbox ${sub}`] });
  }
  const services = await ctx.openServices();
  try {
    if (sub === 'retry') services.outbox.retry(id!);
    if (sub === 'cancel') services.outbox.cancel(id!);
    if (sub === 'run' || sub === 'retry') {
      ctx.progress(t(ctx.lang, 'sending'));
      await services.outbox.check();
    }
    const items = services.repo.list().map((f) => ({
      id: f.id, state: f.state, channel: f.channel, to: f.to_address, title: f.title, attempts: f.attempts, lastError: f.last_error, updatedAt: f.updated_at,
    }));
    if (ctx.json) ctx.printJson(items);
    else if (items.length === 0) ctx.print(t(ctx.lang, 'empty'));
    else for (const i of items) ctx.print(`${i.id}  ${label(ctx.lang, i.state).padEnd(12)} ${i.channel.padEnd(11)} ${i.to}  ${i.title}${i.lastError ? `  — ${i.lastError}` : ''}`);
    return 0;
  } finally {
    await services.close();
  }
}

export async function receipts(ctx: CliContext): Promise<number> {
  const [, sub, id] = ctx.positionals;
  const services = await ctx.openServices();
  try {
    if (sub === undefined) {
      const list = services.receipts.list();
      if (ctx.json) ctx.printJson(list);
      else if (list.length === 0) ctx.print(t(ctx.lang, 'empty'));
      else for (const r of list) ctx.print(`${r.id}  ${r.kind.padEnd(5)} ${r.verified ? '✓' : '✗'} ${r.receivedAt}  ${r.issuer}  ${r.filingId ?? ''}`);
      return 0;
    }
    if (sub !== 'show' || !id) throw new AppError('INVALID_INPUT', 'receipts show ID', { fields: ['receipts show ID'] });
    const r = services.receipts.get(id);
    const { bytes: _bytes, xml, ...meta } = r;
    const pkg = ctx.options.out && r.filingId ? writeProofPackage(resolve(ctx.options.out), r.filingId, services) : null;
    if (ctx.json) ctx.printJson({ ...meta, package: pkg ? resolve(ctx.options.out!) : null });
    else {
      ctx.print(`${t(ctx.lang, 'receipt')}: ${r.kind} ${r.documentId ?? ''} — ${r.issuer} — ${r.verified ? t(ctx.lang, 'verified') : t(ctx.lang, 'notVerified')}`);
      for (const c of r.checks) ctx.print(`  ${c.ok ? '✓' : '✗'} ${label(ctx.lang, c.name)}${c.detail ? `: ${c.detail}` : ''}`);
      if (pkg) ctx.print(`${t(ctx.lang, 'package')}: ${resolve(ctx.options.out!)}`);
      else ctx.print(xml);
    }
    return r.verified ? 0 : 1;
  } finally {
    await services.close();
  }
}
