/**
 * One diagnostics run: application and OS, PC/SC and readers, every PKCS#11 module with its slots,
 * tokens and certificates (the signer host's inventory), optionally a test signature, and advice.
 * The result is redacted before it is returned: nothing else ever sees the raw facts.
 */
import { homedir, arch as osArch, release, type as osType } from 'node:os';
import type { InventoryModule, SignerInventory, TestSignatureResult } from '../../common/contract-cards';
import type { CertificateEntry, DiagnosticsReport, PcscInfo } from '../../common/contract-diagnostics';
import { isAppError } from '../../common/errors';
import { errorMessage, type Lang } from '../../common/messages';
import { adviseOn } from './advice';
import { redactReport } from './redact';

/** What a run needs from the cards area (Pkcs11Signer / cards service provide it). */
export interface InventorySource {
  inventory(): Promise<SignerInventory>;
  testSignature(certificateId: string, pin: string | null): Promise<TestSignatureResult>;
}

export interface DiagnosticsDeps {
  cards: InventorySource;
  pcsc: () => Promise<PcscInfo>;
  clock: () => Date;
  lang: () => Lang;
  version: string;
  home?: string;
}

export interface RunOptions {
  testSignature?: { certificateId: string; pin: string | null };
}

function errorOf(e: unknown, lang: Lang): { code: string; message: string } {
  if (isAppError(e)) return { code: e.code, message: errorMessage(lang, e.code, e.details) };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Each signing certificate as `nadawca certs --json` describes it. */
export function certificateEntries(modules: InventoryModule[]): CertificateEntry[] {
  return modules.flatMap((m) =>
    m.slots.flatMap((s) =>
      (s.token?.certificates ?? []).map((c) => ({
        id: c.id,
        subject: c.subject,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        qualified: c.classification.qualified,
        keyUsage: c.keyUsage,
        keyType: c.keyType,
        token: { label: s.token!.label, module: m.path },
      })),
    ),
  );
}

export function appFacts(version: string, lang: Lang): DiagnosticsReport['app'] {
  const intl = Intl.DateTimeFormat().resolvedOptions();
  return {
    version,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    openssl: process.versions.openssl ?? '',
    os: osType(),
    osRelease: release(),
    arch: osArch(),
    locale: intl.locale || lang,
    timeZone: intl.timeZone || 'UTC',
  };
}

export async function runDiagnostics(deps: DiagnosticsDeps, options: RunOptions = {}): Promise<DiagnosticsReport> {
  const lang = deps.lang();
  // PC/SC and the signer host are separate processes: ask both at once.
  const [pcsc, inventory] = await Promise.all([
    deps.pcsc(),
    deps.cards.inventory().then(
      (value) => ({ value, error: null }),
      (e: unknown) => ({ value: null, error: errorOf(e, lang) }),
    ),
  ]);
  const modules = inventory.value?.modules ?? [];
  let testSignature: DiagnosticsReport['testSignature'] = null;
  if (options.testSignature) {
    const { certificateId, pin } = options.testSignature;
    try {
      testSignature = { certificateId, ...(await deps.cards.testSignature(certificateId, pin)), error: null };
    } catch (e) {
      testSignature = { certificateId, ok: false, mechanism: '', verifiedOnHost: false, error: errorOf(e, lang) };
    }
  }
  const facts = { pcsc, modules, inventoryError: inventory.error, testSignature };
  const report: DiagnosticsReport = {
    generatedAt: deps.clock().toISOString(),
    lang,
    app: appFacts(deps.version, lang),
    ...facts,
    certificates: certificateEntries(modules),
    advice: adviseOn({ ...facts, arch: osArch() }, lang),
  };
  return redactReport(report, deps.home ?? homedir());
}
