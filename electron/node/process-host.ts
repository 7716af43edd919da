/**
 * Child processes the services start (the signer host, the built-in test environment), behind one
 * small interface. Plain Node and the CLI use child_process.fork; the packaged app passes a
 * launcher built on Electron's utilityProcess, because its runAsNode fuse is off and fork would
 * start a second app instead of Node (ARCHITECTURE §1).
 */
import { fork } from 'node:child_process';

export interface HostProcess {
  readonly pid: number | undefined;
  send(message: unknown, onError: (e: Error) => void): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `how` names the exit code or signal, for error reports. */
  onExit(listener: (how: string) => void): void;
  /** Kills the process and resolves once it is gone. */
  kill(): Promise<void>;
  /** An idle child must not keep a CLI process alive; a busy one must. */
  hold(busy: boolean): void;
  /** Recent stderr output, for error reports. */
  stderrTail(): string;
}

export interface HostSpec {
  entry: string;
  execArgv?: string[];
  /** Added to the inherited environment (read by the child's runtime at start, e.g. OPENSSL_CONF). */
  env?: Record<string, string>;
}

export type ProcessLauncher = (spec: HostSpec, args: string[]) => HostProcess;

/** Collects the last few kilobytes of a child's stderr. */
export function stderrCollector(): { push(d: Buffer): void; tail(): string } {
  let tail = '';
  return { push: (d) => { tail = (tail + d.toString()).slice(-4000); }, tail: () => tail };
}

export const forkLauncher: ProcessLauncher = (spec, args) => {
  const proc = fork(spec.entry, args, { execArgv: spec.execArgv ?? [], ...(spec.env ? { env: { ...process.env, ...spec.env } } : {}), stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
  const stderr = stderrCollector();
  proc.stderr?.on('data', stderr.push);
  proc.on('error', () => undefined); // spawn/IPC errors surface as exit or send errors
  const stderrStream = proc.stderr as unknown as { ref?: () => void; unref?: () => void } | null;
  return {
    pid: proc.pid,
    send: (message, onError) => { proc.send(message as never, (err) => err && onError(err)); },
    onMessage: (listener) => { proc.on('message', listener); },
    onExit: (listener) => { proc.once('exit', (code, signal) => listener(signal ?? `code ${code}`)); },
    kill: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.ref(); // an idle child is unref'd; whoever awaits the kill must see the exit
        proc.kill('SIGKILL');
      }),
    hold(busy) {
      const fn = busy ? 'ref' : 'unref';
      proc[fn]();
      proc.channel?.[fn]();
      stderrStream?.[fn]?.();
    },
    stderrTail: stderr.tail,
  };
};

/** The child's side: talks to whoever started it (fork IPC or Electron's parentPort). */
export interface ParentChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

export function parentChannel(): ParentChannel | null {
  const port = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (ev: { data: unknown }) => void): void } }).parentPort;
  if (port) return { send: (m) => port.postMessage(m), onMessage: (l) => port.on('message', (ev) => l(ev.data)) };
  if (process.send) return { send: (m) => process.send!(m as never), onMessage: (l) => process.on('message', l) };
  return null;
}
