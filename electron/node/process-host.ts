/**
 * Child processes the services start (the signer host, the built-in test environment), behind one
 * small interface. Plain Node and the CLI use child_process.fork; the packaged app passes a
 * launcher built on Electron's utilityProcess, because its runAsNode fuse is off and fork would
 * start a second app instead of Node (ARCHITECTURE §1).
 */
import { fork } from 'node:child_process';

export interface HostProcess {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** Recent stderr output, for error reports. */
  stderrTail(): string;
  kill(): void;
}

export interface HostSpec {
  entry: string;
  execArgv?: string[];
}

export type ProcessLauncher = (spec: HostSpec, args: string[]) => HostProcess;

export const forkLauncher: ProcessLauncher = (spec, args) => {
  const child = fork(spec.entry, args, { execArgv: spec.execArgv ?? [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => { tail = (tail + d.toString()).slice(-4000); });
  return {
    send: (m) => { if (child.connected) child.send(m as never); },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.on('exit', (code) => l(code)),
    stderrTail: () => tail,
    kill: () => { child.kill('SIGKILL'); },
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
