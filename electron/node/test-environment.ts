/**
 * Starts the built-in test environment (electron/simulators/environment-host) as a child process
 * and waits for it to report its endpoints and identities. A separate process keeps simulator code
 * out of the application layers (ARCHITECTURE §2) and out of the app's event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { AppError } from '../common/errors';
import type { EnvironmentInfo } from './services-api';

export interface RunningEnvironment extends EnvironmentInfo {
  stop(): Promise<void>;
}

type HostSpec = { entry: string; execArgv?: string[] };

/** The environment host lives next to the signer host: in the sources and in the bundle alike. */
export function defaultEnvironmentHost(signerHost: HostSpec): HostSpec {
  const fromSources = signerHost.entry.endsWith('.ts');
  const entry = fromSources
    ? resolve(dirname(signerHost.entry), '../../simulators/environment-host.ts')
    : resolve(dirname(signerHost.entry), '../simulators/environment-host.js');
  return { entry, execArgv: signerHost.execArgv ?? [] };
}

export function startBuiltinEnvironment(dir: string, host: HostSpec, timeoutMs = 60_000): Promise<RunningEnvironment> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = fork(host.entry, ['--dir', dir], { execArgv: host.execArgv ?? [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    const timer = setTimeout(() => {
      child.kill();
      reject(new AppError('SERVICE_UNREACHABLE', 'test environment did not start', { service: 'test environment', url: host.entry }));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new AppError('SERVICE_UNREACHABLE', `test environment exited (${code}): ${stderr}`, { service: 'test environment', url: host.entry }));
    });
    child.once('message', (msg) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const info = msg as EnvironmentInfo;
      resolvePromise({
        ...info,
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill();
        }),
      });
    });
  });
}
