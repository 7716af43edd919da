// Builds the PIN-pad addon (pinpad.c) with node-gyp; run by `npm install`/`npm ci` (postinstall).
// N-API only: one build serves Node and Electron. Uses the headers of the installed Node when
// they are on disk (Debian's nodejs ships them in /usr/include/node), else node-gyp fetches them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const prefix = path.resolve(path.dirname(process.execPath), '..');
const args = ['rebuild', '--directory', here];
if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

// npm tells lifecycle scripts where its own node-gyp is; outside npm, use the one on PATH.
const gyp = process.env.npm_config_node_gyp;
const result = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { stdio: 'inherit' })
  : spawnSync('node-gyp', args, { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) {
  console.error('native/pinpad: building the PIN-pad addon failed; PIN-pad readers will not work (typed PINs still do).');
  process.exit(result.status ?? 1);
}
