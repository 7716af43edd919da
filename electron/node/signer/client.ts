/**
 * The app's side of the signer host: starts host.ts lazily, sends one request at a time, and turns
 * hangs and crashes of a card driver into SIGNER_TIMEOUT / SIGNER_CRASHED instead of a frozen app.
 * A dead or killed host is replaced on the next call.
 *
 * The host runs under child_process.fork by default (CLI, tests) or under whatever `launcher`
 * starts it (the packaged app passes Electron's utilityProcess: its runAsNode fuse is off).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { candidateModulePaths } from '../../../native/known-modules';
import type { CertificateInfo } from '../../common/contract';
import { AppError, ERROR_CODES, type ErrorCode } from '../../common/errors';
import { silentLogger, type Logger } from '../logger';
import { forkLauncher, type HostProcess, type HostSpec, type ProcessLauncher } from '../process-host';
import type { CertificateValue, HostMessage, HostRequest, ListValue, SignValue } from './host';
import type { SignRequest, SignResult, Signer } from './types';

/** Must match host.ts HOST_FLAG (not imported: that would load the native layer here). */
const HOST_FLAG = '--nadawca-signer-host';

export interface Pkcs11SignerOptions {
  modules: string[];
  /** A built .js file, or host.ts with execArgv ['--import', 'tsx']. */
  host: HostSpec;
  /** How to start the host; default child_process.fork (which also gives hostPid and idle unref). */
  launcher?: ProcessLauncher;
  /**
   * One value for every request, or per kind; defaults: sign 120 s (PIN pads), list 20 s (also
   * 'certificate'), start 30 s (process start-up until the host reports ready).
   */
  timeoutMs?: number | { list?: number; sign?: number; start?: number };
  logger?: Logger;
}

export interface Pkcs11Signer extends Signer {
  /** Process id of the running host (fork only), for diagnostics and tests. */
  readonly hostPid: number | undefined;
}

const DEFAULT_TIMEOUT = { list: 20_000, sign: 120_000, start: 30_000 };

type Op = HostRequest['op'];
type Payload<O extends Op> = Omit<Extract<HostRequest, { op: O }>, 'id' | 'op' | 'modules'>;

interface Host {
  channel: HostProcess;
  ready: Promise<void>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: AppError) => void;
  module: string;
}

export function createPkcs11Signer(options: Pkcs11SignerOptions): Pkcs11Signer {
  const logger = options.logger ?? silentLogger;
  const modules = [...new Set(options.modules)];
  const timeouts =
    typeof options.timeoutMs === 'number'
      ? { ...DEFAULT_TIMEOUT, list: options.timeoutMs, sign: options.timeoutMs }
      : { ...DEFAULT_TIMEOUT, ...options.timeoutMs };
  /** Which module holds which certificate, learnt from replies: names the driver in crash reports. */
  const moduleOf = new Map<string, string>();
  const pending = new Map<number, Pending>();
  let host: Host | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  const anyModule = () => modules.join(', ');

  function startHost(): Host {
    const channel = (options.launcher ?? forkLauncher)(options.host, [HOST_FLAG]);
    let markReady: () => void = () => undefined;
    let failStart: (e: AppError) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    ready.catch(() => undefined); // observed by the request that waits for it
    const h: Host = { channel, ready };
    channel.onMessage((raw) => {
      const message = raw as HostMessage; // our own host process, speaking the protocol of host.ts
      if ('ready' in message) return markReady();
      const p = pending.get(message.id);
      if (!p) return; // a reply that arrived after its time-out
      pending.delete(message.id);
      if (message.ok) p.resolve(message.value);
      else p.reject(toAppError(message.error));
    });
    channel.onExit((how) => {
      if (host === h) host = undefined;
      failStart(new AppError('SIGNER_CRASHED', `signer host exited while starting (${how})`, { module: anyModule() }));
      if (pending.size > 0) logger.error('signer host exited during a request', { how, stderr: channel.stderrTail() });
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new AppError('SIGNER_CRASHED', `signer host exited (${how})`, { module: p.module }));
      }
    });
    return h;
  }

  const timeoutError = (ms: number, what: string) =>
    new AppError('SIGNER_TIMEOUT', `${what} did not answer within ${ms} ms`, { seconds: Math.ceil(ms / 1000) });

  /** Process start-up is not the driver's time: the request clock starts once the host says it is ready. */
  async function readyHost(h: Host): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        h.ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeoutError(timeouts.start, 'the signer host')), timeouts.start);
        }),
      ]);
    } catch (e) {
      if (host === h) host = undefined;
      void h.channel.kill();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  function exchange<T>(h: Host, op: Op, payload: object, module: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const ms = op === 'sign' ? timeouts.sign : timeouts.list;
      const timer = setTimeout(() => {
        if (!pending.delete(id)) return;
        logger.error('signer host timed out; restarting it', { op, ms });
        if (host === h) host = undefined;
        void h.channel.kill();
        reject(timeoutError(ms, 'the card driver'));
      }, ms);
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
        module,
      });
      h.channel.send({ id, op, modules, ...payload }, (err) => {
        const p = pending.get(id);
        if (!p) return;
        pending.delete(id);
        p.reject(new AppError('SIGNER_CRASHED', `cannot reach the signer host: ${err.message}`, { module }));
      });
    });
  }

  function send<O extends Op, T>(op: O, payload: Payload<O>, module: string): Promise<T> {
    const run = async (): Promise<T> => {
      const h = (host ??= startHost());
      h.channel.hold(true);
      try {
        await readyHost(h);
        return await exchange<T>(h, op, payload, module);
      } finally {
        if (pending.size === 0) h.channel.hold(false);
      }
    };
    // One request at a time, each with its own clock: a PIN pad waiting for the user must not
    // make the requests behind it time out.
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    get hostPid() {
      return host?.channel.pid;
    },
    async listCertificates(): Promise<CertificateInfo[]> {
      const value = await send<'list', ListValue>('list', {}, anyModule());
      for (const p of value.problems) logger.warn('PKCS#11 module problem', { module: p.module, code: p.code, message: p.message });
      if (value.certificates.length === 0 && value.problems[0]) throw toAppError(value.problems[0]);
      for (const c of value.certificates) moduleOf.set(c.id, c.token.module);
      return value.certificates;
    },
    async certificate(certificateId: string): Promise<Uint8Array> {
      const value = await send<'certificate', CertificateValue>('certificate', { certificateId }, moduleOf.get(certificateId) ?? anyModule());
      moduleOf.set(certificateId, value.module);
      return new Uint8Array(Buffer.from(value.der, 'base64'));
    },
    async sign(request: SignRequest): Promise<SignResult> {
      const payload: Payload<'sign'> = {
        certificateId: request.certificateId,
        pin: request.pin,
        hash: request.hash,
        digest: Buffer.from(request.digest).toString('base64'),
      };
      const value = await send<'sign', SignValue>('sign', payload, moduleOf.get(request.certificateId) ?? anyModule());
      moduleOf.set(request.certificateId, value.module);
      return { signature: new Uint8Array(Buffer.from(value.signature, 'base64')), keyType: value.keyType };
    },
    async close(): Promise<void> {
      const h = host;
      host = undefined;
      if (h) await h.channel.kill();
    },
  };
}

function toAppError(e: { code: string; message: string; details?: Record<string, unknown> }): AppError {
  const code = (ERROR_CODES as readonly string[]).includes(e.code) ? (e.code as ErrorCode) : 'INTERNAL';
  const details: AppError['details'] = {};
  for (const [k, v] of Object.entries(e.details ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') details[k] = v;
    else if (Array.isArray(v)) details[k] = v.map(String);
  }
  return new AppError(code, e.message, details);
}

/** Known module files present on this machine, each real file once (symlinks collapse). */
export function defaultModules(platform: string = process.platform): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { path } of candidateModulePaths(platform)) {
    try {
      if (!existsSync(path) || !statSync(path).isFile()) continue;
      const real = realpathSync(path);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(path);
    } catch {
      /* unreadable candidate: not offered */
    }
  }
  return out;
}
