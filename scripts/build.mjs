// Builds everything into out/: Node bundles with esbuild, the renderer with Vite.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync } from 'node:fs';

const node = (entry, outfile, extra = {}) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    packages: 'external', // npm dependencies (native addons, wasm) load from node_modules at run time
    logLevel: 'warning',
    ...extra,
  });

const bundles = [
  ['electron/cli/main.ts', 'out/cli/nadawca.js'],
  ['electron/node/signer/host.ts', 'out/signer/host.js'],
  ['electron/node/diagnostics/pcsc-probe.ts', 'out/diagnostics/pcsc-probe.js'],
  ['electron/node/signer/tls-tunnel-host.ts', 'out/signer/tls-tunnel-host.js'],
  ['electron/simulators/environment-host.ts', 'out/simulators/environment-host.js'],
  ['electron/main/main.ts', 'out/main/main.js'],
  ['electron/preload/preload.ts', 'out/preload/preload.js'],
].filter(([entry]) => existsSync(entry));

await Promise.all(bundles.map(([entry, out]) => node(entry, out)));
// The PIN-pad addon (native/pinpad, built by `npm install`) travels next to the bundles: native/pinpad-login.ts
// looks for out/native/pinpad.node from out/signer/host.js.
if (existsSync('native/pinpad/build/Release/pinpad.node')) {
  const { copyFileSync, mkdirSync } = await import('node:fs');
  mkdirSync('out/native', { recursive: true });
  copyFileSync('native/pinpad/build/Release/pinpad.node', 'out/native/pinpad.node');
}
if (existsSync('vite.config.mts')) await viteBuild({ configFile: 'vite.config.mts', logLevel: 'warn' });
console.error(`built ${bundles.length} bundles${existsSync('vite.config.mts') ? ' and the renderer' : ''} into out/`);
