#!/usr/bin/env node
/**
 * Starts the desktop app from the built out/ folder. Build machines install electron with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 (ARCHITECTURE §7): then say so and point at what does run here.
 * The binary is located the way node_modules/electron/index.js does it, without requiring that
 * file, because requiring it starts a download when the binary is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { electronBinary, root } from './electron-binary.mjs';
import path from 'node:path';

const binary = electronBinary();
if (binary === null) {
  process.stderr.write(
    [
      'Nadawca: no Electron binary on this machine.',
      'The electron package was installed without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1),',
      'so the desktop window cannot open here. What does run here:',
      '  npx nadawca demo       the whole flow on the built-in test environment (command line)',
      '  npm run test:ui        the production UI in Chromium through the test harness (UI preview)',
      'To run the app, install on a machine where Electron can be downloaded: npm install (without',
      'ELECTRON_SKIP_BINARY_DOWNLOAD), then npm start.',
      '',
    ].join('\n'),
  );
  process.exit(3);
}

if (!existsSync(path.join(root, 'out', 'main', 'main.js'))) {
  process.stderr.write('Nadawca: out/main/main.js is missing; run `npm run build` first.\n');
  process.exit(2);
}

// ELECTRON_RUN_AS_NODE would turn the app into a plain Node process.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(binary, ['.'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (e) => {
  process.stderr.write(`Nadawca: cannot start Electron (${binary}): ${e.message}\n`);
  process.exit(3);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
