/**
 * `nadawca deadline --event INSTANT --rule RULE [--days N] [--mode MODE] [--json]` (docs/CLI.md):
 * legal date arithmetic of DOMAIN-deadlines §4 — the date (Europe/Warsaw) and why each day was skipped.
 */
import { AppError } from '../../common/errors';
import {
  deemedEdoreczenia, deemedEpuap, EDORECZENIA_MODES, eventDate, EPUAP_MODES, termEnd, type Computation, type EdoreczeniaMode, type EpuapMode,
} from '../../common/legal-calendar';
import type { Lang } from '../../common/messages';
import { explainRolls, reasonText, weekdayName } from '../../common/legal-calendar-texts';
import { readDeadlineSettings } from '../../node/deadlines/settings-reader';
import type { CliContext } from '../context';

const RULES = ['deemed-edoreczenia', 'deemed-epuap', 'term'] as const;

const TEXTS: Record<Lang, { counted: string; basis: string; rolls: string }> = {
  pl: { counted: 'liczone od', basis: 'podstawa', rolls: 'przesunięcia' },
  en: { counted: 'counted from', basis: 'basis', rolls: 'roll-forwards' },
  uk: { counted: 'відлік від', basis: 'підстава', rolls: 'перенесення' },
};

interface DeadlineOptions { event?: string; rule?: string; days?: string; mode?: string }

export async function deadline(ctx: CliContext): Promise<number> {
  const o = ctx.options as DeadlineOptions;
  if (ctx.positionals.length > 1) throw new AppError('INVALID_INPUT', 'deadline takes no arguments', { fields: [ctx.positionals.slice(1).join(' ')] });
  if (!o.event) throw new AppError('INVALID_INPUT', '--event', { fields: ['--event INSTANT (e.g. 2026-01-13T23:30:00Z)'] });
  const rule = o.rule as (typeof RULES)[number] | undefined;
  if (!rule || !RULES.includes(rule)) throw new AppError('INVALID_INPUT', '--rule', { fields: [`--rule ${RULES.join('|')}`] });
  const start = eventDate(o.event);
  if (!start) throw new AppError('INVALID_INPUT', '--event', { fields: [`--event "${o.event}": an instant with a zone offset (Z or ±HH:MM) or a date YYYY-MM-DD`] });
  if ((rule === 'term') !== (o.days !== undefined)) throw new AppError('INVALID_INPUT', '--days', { fields: [rule === 'term' ? '--days N (required for term)' : '--days (only for term)'] });
  const settings = readDeadlineSettings(ctx.dataDir);

  let result: Computation;
  if (rule === 'term') {
    if (o.mode !== undefined) throw new AppError('INVALID_INPUT', '--mode', { fields: ['--mode (not for term)'] });
    const days = Number(o.days);
    if (!/^\d+$/.test(o.days!) || days < 1 || days > 3650) throw new AppError('INVALID_INPUT', '--days', { fields: [`--days "${o.days}": a whole number 1–3650`] });
    result = termEnd(start, { n: days, unit: 'days' }, settings);
  } else if (rule === 'deemed-edoreczenia') {
    const mode = (o.mode ?? settings.edoreczenia.deemedMode) as EdoreczeniaMode;
    if (!EDORECZENIA_MODES.includes(mode)) throw new AppError('INVALID_INPUT', '--mode', { fields: [`--mode ${EDORECZENIA_MODES.join('|')}`] });
    result = deemedEdoreczenia(start, mode, settings);
  } else {
    const mode = (o.mode ?? settings.epuap.deemedMode) as EpuapMode;
    if (!EPUAP_MODES.includes(mode)) throw new AppError('INVALID_INPUT', '--mode', { fields: [`--mode ${EPUAP_MODES.join('|')}`] });
    result = deemedEpuap(start, mode, settings);
  }

  const rolls = result.rolls.map((r) => ({ from: r.from, to: r.to, reason: reasonText(r.reason, ctx.lang) }));
  if (ctx.json) {
    ctx.printJson({ date: result.date, start: result.start, rolls });
    return 0;
  }
  const t = TEXTS[ctx.lang];
  ctx.print(`${result.date} (${weekdayName(result.date, ctx.lang)})`);
  ctx.print(`  ${rule}${result.mode ? ` / ${result.mode}` : ''}; ${t.counted} ${result.start}`);
  ctx.print(`  ${t.basis}: ${result.basis}`);
  if (rolls.length > 0) {
    ctx.print(`  ${t.rolls}: ${explainRolls(result.rolls, ctx.lang)}`);
    for (const r of rolls) ctx.print(`    ${r.from} → ${r.to}: ${r.reason}`);
  }
  return 0;
}
