/**
 * The PKCS#11 inventory for diagnostics, one signer host per module: a driver that hangs on a card
 * (seen: OpenSC on some cards for minutes) or crashes is then reported as that module's failure,
 * while every other module is still listed — instead of one time-out hiding them all. The hosts are
 * short-lived and separate from the app's signer, so a run never queues behind a signature or
 * the card watcher.
 */
import { candidateModulePaths } from '../../../native/known-modules';
import type { InventoryModule, SignerInventory } from '../../common/contract-cards';
import { isAppError } from '../../common/errors';
import { errorMessage, type Lang } from '../../common/messages';
import type { HostSpec, ProcessLauncher } from '../process-host';
import { createPkcs11Signer } from '../signer/client';

export interface ModuleList {
  /** Known modules present here plus configured ones. */
  configured: string[];
  /** Added by the user in the app. */
  user: string[];
}

export interface PerModuleOptions {
  modules: () => ModuleList;
  host: HostSpec;
  launcher?: ProcessLauncher;
  lang: () => Lang;
  clock: () => Date;
  /** Per module; default 15 s. */
  timeoutMs?: number;
}

function failed(path: string, source: InventoryModule['source'], e: unknown, lang: Lang): InventoryModule {
  const message = isAppError(e) ? errorMessage(lang, e.code, e.details) : e instanceof Error ? e.message : String(e);
  const vendor = candidateModulePaths().find((c) => c.path === path)?.vendor ?? null;
  return { path, source, vendor, loaded: false, failure: { reason: 'other', message }, info: null, slots: [] };
}

export async function inventoryPerModule(options: PerModuleOptions): Promise<SignerInventory> {
  const { configured, user } = options.modules();
  const known = new Set(candidateModulePaths().map((c) => c.path));
  const paths = [...new Set([...configured, ...user])];
  const modules = await Promise.all(
    paths.map(async (path): Promise<InventoryModule> => {
      const isUser = user.includes(path) && !configured.includes(path);
      const source: InventoryModule['source'] = isUser ? 'user' : known.has(path) ? 'known' : 'env';
      const signer = createPkcs11Signer({
        modules: isUser ? [] : [path],
        userModules: isUser ? () => [path] : undefined,
        host: options.host,
        launcher: options.launcher,
        timeoutMs: { list: options.timeoutMs ?? 15_000 },
      });
      try {
        const inventory = await signer.inventory();
        return inventory.modules.find((m) => m.path === path) ?? failed(path, source, new Error('not reported by the signer host'), options.lang());
      } catch (e) {
        return failed(path, source, e, options.lang());
      } finally {
        await signer.close();
      }
    }),
  );
  return { scannedAt: options.clock().toISOString(), modules };
}
