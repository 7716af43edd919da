/**
 * The import table of ARCHITECTURE §2 is enforced by lint: each forbidden import, written into a
 * file of the layer, must be reported (and the allowed ones must not).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/services';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function restricted(file: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(source, { filePath: join(REPO_ROOT, file) });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals');
}

const CASES: [string, string, boolean][] = [
  ['electron/common/x.ts', "import { readFileSync } from 'node:fs';", true],
  ['electron/common/x.ts', "import { join } from 'path';", true],
  ['electron/common/x.ts', "import { createServices } from '../node/services';", true],
  ['electron/common/x.ts', "import { z } from 'zod';", false],
  ['electron/node/x.ts', "import { app } from 'electron';", true],
  ['electron/node/x.ts', "import { startEpuapSimulator } from '../simulators/epuap';", true],
  ['electron/node/x.ts', "import { openDatabase } from '../../native/sqlite';", false],
  ['electron/simulators/x.ts', "import { BrowserWindow } from 'electron';", true],
  ['electron/cli/x.ts', "import { bindIpc } from '../main/ipc';", true],
  ['electron/main/x.ts', "import { startEpuapSimulator } from '../simulators/epuap';", true],
  ['electron/main/x.ts', "import { openModule } from '../../native/pkcs11';", true],
  ['electron/main/x.ts', "import { app } from 'electron';", false],
  ['electron/preload/x.ts', "import { createServices } from '../node/services';", true],
  ['renderer/x.tsx', "import { ipcRenderer } from 'electron';", true],
  ['renderer/x.tsx', "import { readFileSync } from 'node:fs';", true],
  ['renderer/x.tsx', "import { createServices } from '../electron/node/services';", true],
  ['renderer/x.tsx', "import { channels } from '../electron/common/contract';", false],
  ['native/x.ts', "import { AppError } from '../electron/common/errors';", true],
  ['electron/node/x.ts', "import { getTestEnvironment } from '../../tests/harness/test-env';", true],
  ['electron/node/x.ts', 'export const here = window.location.href;', true],
  ['native/x.ts', 'export const d = document.title;', true],
  ['renderer/x.tsx', 'export const here = window.location.href;', false],
];

for (const [file, source, forbidden] of CASES) {
  test(`${file}: ${source} → ${forbidden ? 'refused' : 'allowed'}`, async () => {
    assert.equal(await restricted(file, source), forbidden);
  });
}
