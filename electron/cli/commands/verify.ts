/**
 * `nadawca verify FILE [--content FILE] [--trust PEM]... [--ocsp URL] [--json]` (docs/CLI.md): exit 0
 * valid, 1 invalid, 3 cannot decide (no trust anchor, revocation not reachable), with the reasons of
 * every signature. Certificates trusted in the app's settings (data folder) are trust anchors too. Revocation is asked online unless the file carries it (B-LT).
 */
import { resolve } from 'node:path';
import { AppError } from '../../common/errors';
import { reasonText, type VerificationReport } from '../../common/verification-report';
import { verifySignedFile } from '../../node/signatures/files';
import { readSavedTrust } from '../../node/trust/saved';
import type { CliContext } from '../context';

export interface VerifyOptions {
  content?: string;
  trust?: string[];
  ocsp?: string;
}

const EXIT = { TOTAL_PASSED: 0, TOTAL_FAILED: 1, INDETERMINATE: 3 } as const;

export async function verify(ctx: CliContext): Promise<number> {
  const o = ctx.options as VerifyOptions;
  const file = ctx.positionals[1];
  if (!file) throw new AppError('INVALID_INPUT', 'FILE', { fields: ['FILE: name the signed file to verify'] });
  const report = await verifySignedFile({
    file: resolve(file),
    detachedContent: o.content ? resolve(o.content) : undefined,
    // --trust PEMs and the certificates trusted in the app's settings (the data folder).
    trustAnchors: [...(o.trust ?? []).map((t) => resolve(t)), ...readSavedTrust(ctx.dataDir).anchors],
    online: true,
    ocspUrl: o.ocsp,
  });
  if (ctx.json) ctx.printJson(report);
  else ctx.print(describe(report, ctx));
  return EXIT[report.indication];
}

function describe(r: VerificationReport, ctx: CliContext): string {
  const lines = [`${r.file}: ${r.indication}${r.subIndication ? ` (${r.subIndication})` : ''} — ${r.validSignaturesCount}/${r.signaturesCount}`];
  for (const reason of r.reasons) lines.push(`  ${reasonText(reason, ctx.lang)}`);
  for (const s of r.signatures) {
    lines.push(`  [${s.id}] ${s.format} ${s.level} ${s.indication}${s.subIndication ? ` (${s.subIndication})` : ''} — ${s.signer?.commonName ?? '?'}${s.signingTime ? `, ${s.signingTime}` : ''}`);
    for (const reason of s.reasons) lines.push(`    ${reason.severity === 'error' ? '✗' : reason.severity === 'warning' ? '!' : '·'} ${reasonText(reason, ctx.lang)}`);
  }
  return lines.join('\n');
}
