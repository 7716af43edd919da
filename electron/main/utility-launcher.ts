/**
 * Child processes of the app (signer host, built-in test environment) as Electron utility
 * processes. child_process.fork cannot be used in the packaged app: the runAsNode fuse is off.
 */
import path from 'node:path';
import { utilityProcess } from 'electron';
import type { ProcessLauncher } from '../node/process-host';

export const utilityLauncher: ProcessLauncher = (spec, args) => {
  const child = utilityProcess.fork(spec.entry, args, { stdio: 'pipe', serviceName: `Nadawca ${path.basename(spec.entry, '.js')}` });
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => { tail = (tail + d.toString()).slice(-4000); });
  return {
    send: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.on('exit', (code) => l(code)),
    stderrTail: () => tail,
    kill: () => { child.kill(); },
  };
};
