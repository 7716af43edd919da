/**
 * Child processes of the app (signer host, built-in test environment) as Electron utility
 * processes. child_process.fork cannot be used in the packaged app: the runAsNode fuse is off.
 */
import path from 'node:path';
import { utilityProcess } from 'electron';
import { stderrCollector, type ProcessLauncher } from '../node/process-host';

export const utilityLauncher: ProcessLauncher = (spec, args) => {
  const child = utilityProcess.fork(spec.entry, args, { stdio: 'pipe', ...(spec.env ? { env: { ...process.env, ...spec.env } } : {}), serviceName: `Nadawca ${path.basename(spec.entry, '.js')}` });
  const stderr = stderrCollector();
  child.stderr?.on('data', stderr.push);
  let exited = false;
  child.once('exit', () => { exited = true; });
  return {
    get pid() { return child.pid; },
    send: (message, onError) => {
      try { child.postMessage(message); } catch (e) { onError(e instanceof Error ? e : new Error(String(e))); }
    },
    onMessage: (listener) => { child.on('message', listener); },
    onExit: (listener) => { child.once('exit', (code) => listener(`code ${code}`)); },
    kill: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    }),
    hold: () => undefined, // the app's lifetime, not the child's, decides when the process ends
    stderrTail: stderr.tail,
  };
};
