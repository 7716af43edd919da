// Where the Electron executable is, without requiring node_modules/electron/index.js (which
// starts a download when the binary is missing). Used by `npm start` and the e2e tests.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Path of the Electron executable if it is present on this machine, else null. */
export function electronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative || 'electron')
    : relative && path.join(pkgDir, 'dist', relative);
  return candidate && existsSync(candidate) ? candidate : null;
}

