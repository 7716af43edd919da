/**
 * `nadawca doctor [--module PATH]... [--report FILE] [--json]` (docs/CLI.md): PC/SC service and
 * readers, PKCS#11 modules and why one did not load, slots, tokens, PIN state, mechanisms,
 * certificates, and advice. Output is always redacted. `--report FILE` writes the same report:
 * JSON when FILE ends in .json, the readable text otherwise.
 * Exit status: 0 nothing wrong, 1 problems found (the advice says what to do).
 */
import { resolve } from 'node:path';
import { AppError } from '../../common/errors';
import { createDiagnostics } from '../../node/diagnostics/handlers';
import { renderReportText } from '../../node/diagnostics/render-text';
import { defaultModules } from '../../node/signer/client';
import { writeFileAtomic } from '../../node/storage/atomic-write';
import { signerHost, type CliContext } from '../context';

export interface DoctorOptions {
  module?: string[];
  report?: string;
}

export async function doctor(ctx: CliContext): Promise<number> {
  const o = ctx.options as DoctorOptions;
  if (ctx.positionals.length > 1) throw new AppError('INVALID_INPUT', 'doctor takes no arguments', { fields: [`doctor ${ctx.positionals[1]}`] });
  const configured = [...defaultModules(), ...(o.module ?? []).map((m) => resolve(m))];
  ctx.progress('PC/SC, PKCS#11');
  const diagnostics = createDiagnostics({
    modules: () => ({ configured, user: [] }),
    signerHost: signerHost(),
    clock: () => new Date(),
    lang: () => ctx.lang,
    version: process.env.npm_package_version ?? '0.0.0',
  });
  const report = await diagnostics.run();
  const text = renderReportText(report, ctx.lang);
  if (o.report) {
    const file = resolve(o.report);
    writeFileAtomic(file, file.toLowerCase().endsWith('.json') ? JSON.stringify(report, null, 2) + '\n' : text);
  }
  if (ctx.json) ctx.printJson(report);
  else ctx.print(text);
  return report.advice.some((a) => a.severity === 'error') ? 1 : 0;
}
