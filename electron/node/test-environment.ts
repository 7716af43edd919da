/**
 * Starts the built-in test environment (electron/simulators/environment-host) as a child process
 * and waits for it to report its endpoints and identities. A separate process keeps simulator code
 * out of the application layers (ARCHITECTURE §2) and out of the app's event loop.
 */
import { dirname, resolve } from 'node:path';
import { AppError } from '../common/errors';
import { forkLauncher, type HostSpec, type ProcessLauncher } from './process-host';
import type { EnvironmentInfo } from './services-api';

export interface RunningEnvironment extends EnvironmentInfo {
  stop(): Promise<void>;
}

/** The environment host lives next to the signer host: in the sources and in the bundle alike. */
export function defaultEnvironmentHost(signerHost: HostSpec): HostSpec {
  const fromSources = signerHost.entry.endsWith('.ts');
  const entry = fromSources
    ? resolve(dirname(signerHost.entry), '../../simulators/environment-host.ts')
    : resolve(dirname(signerHost.entry), '../simulators/environment-host.js');
  return { entry, execArgv: signerHost.execArgv ?? [] };
}

export function startBuiltinEnvironment(dir: string, host: HostSpec, launch: ProcessLauncher = forkLauncher, timeoutMs = 60_000): Promise<RunningEnvironment> {
  return new Promise((resolvePromise, reject) => {
    const child = launch(host, ['--dir', dir]);
    const unreachable = (why: string) => new AppError('SERVICE_UNREACHABLE', why, { service: 'test environment', url: host.entry });
    const timer = setTimeout(() => {
      void child.kill();
      reject(unreachable('test environment did not start in time'));
    }, timeoutMs);
    child.onExit((how) => {
      clearTimeout(timer);
      reject(unreachable(`test environment exited (${how}): ${child.stderrTail()}`));
    });
    child.onMessage((msg) => {
      clearTimeout(timer);
      child.hold(false); // the environment lives as long as its user, it does not keep a CLI alive
      resolvePromise({ ...(msg as EnvironmentInfo), stop: () => child.kill() });
    });
  });
}
