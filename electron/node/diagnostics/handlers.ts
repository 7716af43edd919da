/**
 * The diagnostics service and its IPC handlers (contract-diagnostics.ts). The PC/SC probe is a
 * sibling of the signer host: a .ts source next to host.ts, or a bundle in out/diagnostics.
 */
import { dirname, join } from 'node:path';
import type { TestSignatureResult } from '../../common/contract-cards';
import type { diagnosticsChannels } from '../../common/contract-diagnostics';
import { AppError } from '../../common/errors';
import type { Lang } from '../../common/messages';
import type { HostSpec, ProcessLauncher } from '../process-host';
import type { Handlers } from '../router';
import { loadAtrTables, type AtrTables } from './atr';
import { readPcsc } from './pcsc';
import { renderReportText } from './render-text';
import { inventoryPerModule, type ModuleList } from './inventory';
import { runDiagnostics, type RunOptions } from './report';

/** pcsc-probe next to a signer host spec: electron/node/signer/host.ts → electron/node/diagnostics/pcsc-probe.ts; out/signer/host.js → out/diagnostics/pcsc-probe.js. */
export function pcscProbeSpec(signerHost: HostSpec): HostSpec {
  const ts = signerHost.entry.endsWith('.ts');
  return { entry: join(dirname(signerHost.entry), '..', 'diagnostics', ts ? 'pcsc-probe.ts' : 'pcsc-probe.js'), execArgv: signerHost.execArgv };
}

export interface DiagnosticsOptions {
  /** The PKCS#11 modules to try (each in its own signer host, see inventory.ts). */
  modules: () => ModuleList;
  /** The app's signer (cards service); absent where no test signature is offered (the CLI). */
  testSignature?: (certificateId: string, pin: string | null) => Promise<TestSignatureResult>;
  signerHost: HostSpec;
  launcher?: ProcessLauncher;
  clock: () => Date;
  lang: () => Lang;
  version: string;
}

export function createDiagnostics(options: DiagnosticsOptions) {
  let tables: AtrTables | null = null;
  const probe = pcscProbeSpec(options.signerHost);
  return {
    run: (run: RunOptions = {}, lang: Lang = options.lang()) =>
      runDiagnostics(
        {
          cards: {
            inventory: () => inventoryPerModule({ modules: options.modules, host: options.signerHost, launcher: options.launcher, lang: () => lang, clock: options.clock }),
            testSignature: (id, pin) => {
              if (!options.testSignature) throw new AppError('INVALID_STATE', 'no test signature here', {});
              return options.testSignature(id, pin);
            },
          },
          pcsc: () => readPcsc({ probe, launcher: options.launcher }, (tables ??= loadAtrTables())),
          clock: options.clock,
          lang: () => lang,
          version: options.version,
        },
        run,
      ),
  };
}
export type DiagnosticsService = ReturnType<typeof createDiagnostics>;

export function createDiagnosticsHandlers(diagnostics: DiagnosticsService, lang: () => Lang): Pick<Handlers, keyof typeof diagnosticsChannels> {
  return {
    'diagnostics.run': ({ testSignature, lang: wanted }) => diagnostics.run({ testSignature }, wanted ?? lang()),
    'diagnostics.text': async ({ report, lang: wanted }) => ({ text: renderReportText(report, wanted ?? lang()) }),
  };
}
