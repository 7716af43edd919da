/**
 * The readable form of a (redacted) diagnostics report: what `nadawca doctor` prints and what
 * "copy report" puts on the clipboard. Plain text, one fact per line, in the report's language.
 */
import type { DiagnosticsReport } from '../../common/contract-diagnostics';
import type { Lang } from '../../common/messages';
import { dt } from './texts';

const SEVERITY_MARK = { error: '✗', warning: '!', info: 'i' } as const;

export function renderReportText(report: DiagnosticsReport, lang: Lang = report.lang): string {
  const t = (key: Parameters<typeof dt>[1], values?: Record<string, string | number>) => dt(lang, key, values);
  const lines: string[] = [];
  const { app, pcsc } = report;
  lines.push(t('title'), `${t('generated')}: ${report.generatedAt}`, '');
  lines.push(`${t('application')}: Nadawca ${app.version} (Node ${app.node}${app.electron ? `, Electron ${app.electron}` : ''}, OpenSSL ${app.openssl})`);
  lines.push(`${t('system')}: ${app.os} ${app.osRelease} ${app.arch}, ${app.locale}, ${app.timeZone}`, '');

  lines.push(`${t('pcsc')}: ${t(`service.${pcsc.service}`)}${pcsc.detail ? ` (${pcsc.detail})` : ''}`);
  lines.push(`${t('readers')}:`);
  if (pcsc.readers.length === 0) lines.push(`  ${t('noReaders')}`);
  for (const r of pcsc.readers) {
    lines.push(`  - ${r.name}: ${r.cardPresent ? t('cardPresent') : t('empty')}`);
    if (r.atr) lines.push(`    ATR ${r.atr} — ${r.card ? `${r.card.names.join('; ')} [${r.card.source}]` : t('unknownCard')}`);
  }
  lines.push('');

  lines.push(`${t('modules')}:`);
  if (report.inventoryError) lines.push(`  ${t('failed')}: ${report.inventoryError.message}`);
  for (const m of report.modules) {
    lines.push(`  - ${m.path}${m.vendor ? ` (${m.vendor})` : ''}: ${m.loaded ? t('loaded') : `${t('failed')} — ${m.failure?.reason}: ${m.failure?.message}`}`);
    if (m.info) lines.push(`    Cryptoki ${m.info.cryptokiVersion}, ${m.info.manufacturer}, ${m.info.description} ${m.info.libraryVersion}`);
    for (const s of m.slots) {
      lines.push(`    ${t('slot')} ${s.description}: ${s.token ? `${t('token')} "${s.token.label}"` : t('noToken')}`);
      const tk = s.token;
      if (!tk) continue;
      lines.push(`      ${tk.manufacturer} ${tk.model}, S/N ${tk.serial || '—'}, ${t('pinState')}: ${tk.pinState}${tk.protectedAuthPath ? `, ${t('pinPad')}` : ''}`);
      const mechs = tk.mechanisms.filter((x) => x.present).map((x) => (x.maxKeySize ? `${x.name} (${x.minKeySize}–${x.maxKeySize})` : x.name));
      lines.push(`      ${t('mechanisms')}: ${mechs.join(', ') || '—'}`);
      if (tk.error) lines.push(`      ${t('failed')}: ${tk.error.message}`);
    }
  }
  lines.push('');

  lines.push(`${t('certificates')}:`);
  if (report.certificates.length === 0) lines.push(`  ${t('noCertificates')}`);
  for (const c of report.certificates) {
    lines.push(`  - ${c.subject}`);
    lines.push(`    ${c.qualified ? t('qualified') : t('notQualified')}, ${c.keyType}, ${c.keyUsage.join(', ')}, ${t('validUntil')} ${c.notAfter}`);
    lines.push(`    S/N ${c.serialNumber}, ${c.issuer}`);
    lines.push(`    id ${c.id} — ${c.token.label} (${c.token.module})`);
  }

  if (report.testSignature) {
    const ts = report.testSignature;
    lines.push('', `${t('testSignature')}: ${ts.error ? `${t('failed')} — ${ts.error.message}` : `${ts.mechanism}, ${ts.verifiedOnHost ? t('verifiedOnHost') : t('notVerified')}`}`);
  }

  lines.push('', `${t('advice')}:`);
  for (const a of report.advice) lines.push(`  ${SEVERITY_MARK[a.severity]} ${a.message}`);
  return lines.join('\n') + '\n';
}
