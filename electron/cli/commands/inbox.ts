/**
 * `nadawca inbox [--json]`, `nadawca inbox collect ID [--yes]` (docs/CLI.md): incoming letters awaiting
 * collection with the days left until deemed delivery, and collecting one. Collecting starts the
 * terms, so the command says so first and, on a terminal, asks; elsewhere it needs --yes.
 */
import { createInterface } from 'node:readline/promises';
import { AppError } from '../../common/errors';
import type { TrackedItem } from '../../common/contract-deadlines';
import type { Lang } from '../../common/messages';
import { formatDate } from '../../common/legal-calendar-texts';
import type { CliContext } from '../context';

const TEXTS: Record<Lang, Record<'empty' | 'daysLeft' | 'warning' | 'confirm' | 'needYes' | 'collected' | 'cancelled' | 'deemed' | 'state', string>> = {
  pl: {
    empty: '(brak pism oczekujących na odbiór)',
    daysLeft: 'zostało dni: {{days}} (odbiór do {{date}}, potem doręczenie z mocy prawa {{deemed}})',
    warning: 'UWAGA: odebranie pisma „{{title}}” jest jego doręczeniem — od tej chwili biegną terminy (np. 14 dni na odwołanie).',
    confirm: 'Odebrać teraz? [t/N] ',
    needYes: 'Aby odebrać bez pytania, dodaj --yes.',
    collected: 'Odebrano; doręczenie: {{date}}.',
    cancelled: 'Nie odebrano.',
    deemed: 'doręczone z mocy prawa {{date}}',
    state: 'stan: {{state}}',
  },
  en: {
    empty: '(no letters awaiting collection)',
    daysLeft: '{{days}} days left (collect by {{date}}, then deemed delivered {{deemed}})',
    warning: 'NOTE: collecting "{{title}}" is its delivery — terms (e.g. 14 days to appeal) start to run from that moment.',
    confirm: 'Collect now? [y/N] ',
    needYes: 'To collect without a question, add --yes.',
    collected: 'Collected; delivery: {{date}}.',
    cancelled: 'Not collected.',
    deemed: 'deemed delivered {{date}}',
    state: 'state: {{state}}',
  },
  uk: {
    empty: '(немає листів, що очікують отримання)',
    daysLeft: 'залишилось днів: {{days}} (отримати до {{date}}, далі вважається врученим {{deemed}})',
    warning: 'УВАГА: отримання листа «{{title}}» є його врученням — з цього моменту спливають строки (напр. 14 днів на оскарження).',
    confirm: 'Отримати зараз? [т/N] ',
    needYes: 'Щоб отримати без запитання, додайте --yes.',
    collected: 'Отримано; вручення: {{date}}.',
    cancelled: 'Не отримано.',
    deemed: 'вважається врученим {{date}}',
    state: 'стан: {{state}}',
  },
};

const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(v[k] ?? ''));

function summary(i: TrackedItem) {
  return {
    id: i.id, channel: i.channel, title: i.title, from: i.counterparty, messageId: i.messageId, state: i.window.state,
    arrived: i.window.start, lastCollectionDay: i.window.lastCollectionDay, daysLeft: i.window.daysLeft,
    deemedDelivery: i.window.deemedDate, delivery: i.window.delivery,
  };
}

export async function inbox(ctx: CliContext): Promise<number> {
  const [, sub, id] = ctx.positionals;
  if (sub !== undefined && (sub !== 'collect' || !id)) throw new AppError('INVALID_INPUT', 'inbox collect ID', { fields: ['inbox collect ID'] });
  const tx = TEXTS[ctx.lang];
  const services = await ctx.openServices();
  try {
    if (sub === undefined) {
      await services.deadlines.refreshIncoming();
      const items = services.deadlines.items('incoming');
      if (ctx.json) ctx.printJson(items.map(summary));
      else if (items.length === 0) ctx.print(tx.empty);
      else {
        for (const i of items) {
          const w = i.window;
          const when = w.state === 'open' && w.lastCollectionDay && w.deemedDate
            ? fill(tx.daysLeft, { days: w.daysLeft ?? 0, date: formatDate(w.lastCollectionDay), deemed: formatDate(w.deemedDate) })
            : w.delivery ? fill(tx.deemed, { date: formatDate(w.delivery.date) }) : fill(tx.state, { state: w.state });
          ctx.print(`${i.id}  ${i.channel.padEnd(11)} ${i.counterparty}  ${i.title}  — ${when}`);
        }
      }
      return 0;
    }
    const item = services.deadlines.item(id!);
    process.stderr.write(fill(tx.warning, { title: item.title }) + '\n');
    if (!(ctx.options as { yes?: boolean }).yes) {
      if (!process.stdin.isTTY) throw new AppError('INVALID_INPUT', '--yes', { fields: [tx.needYes] });
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = (await rl.question(tx.confirm)).trim().toLowerCase();
      rl.close();
      if (!['t', 'y', 'tak', 'yes', 'т', 'так'].includes(answer)) {
        ctx.print(tx.cancelled);
        return 1;
      }
    }
    const collected = await services.deadlines.collect(id!);
    if (ctx.json) ctx.printJson(summary(collected));
    else ctx.print(fill(tx.collected, { date: formatDate(collected.window.delivery?.date ?? '') }));
    return 0;
  } finally {
    await services.close();
  }
}
