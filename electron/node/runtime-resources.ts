import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder of shipped run-time data (resources/runtime): `<resources>/runtime` in the packaged
 * app, otherwise found by walking up from the running file (sources, or the bundles in out/).
 */
export function runtimeDir(from = __dirname): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'runtime'))) return join(packaged, 'runtime');
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'runtime');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`resources/runtime not found above ${from}`);
  }
}
