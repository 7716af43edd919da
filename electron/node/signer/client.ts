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
import type { InventoryModule, LoginInfo, SignerInventory, TestSignatureResult } from '../../common/contract-cards';
import { AppError, ERROR_CODES, type ErrorCode } from '../../common/errors';
import { silentLogger, type Logger } from '../logger';
import { forkLauncher, type HostProcess, type HostSpec, type ProcessLauncher } from '../process-host';
import type { CertificateValue, HostMessage, HostRequest, ListValue, SignValue, TokensValue } from './host';
import { testSignature } from './test-signature';
import type { SignRequest, SignResult, Signer } from './types';

/** Must match host.ts HOST_FLAG (not imported: that would load the native layer here). */
const HOST_FLAG = '--nadawca-signer-host';

export interface Pkcs11SignerOptions {
  /** Known modules found here and modules from the configuration or NADAWCA_PKCS11_MODULES. */
  modules: string[];
  /** Modules the user added (read at every request: they change while the app runs). */
  userModules?: () => string[];
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
  /** Every module tried with its result, slots, tokens, mechanisms and certificates (diagnostics). */
  inventory(): Promise<SignerInventory>;
  /** Random data signed on the token and verified here; pin null = the reader's PIN pad. */
  testSignature(certificateId: string, pin: string | null): Promise<TestSignatureResult>;
  /** Tokens present now (cheap; polled to notice insertion and removal). */
  presentTokens(): Promise<TokensValue>;
  /** Several digests with one login (batch; always-authenticate keys still ask per signature). */
  signMany(request: Omit<SignRequest, 'digest'> & { digests: Uint8Array[] }): Promise<SignResult[]>;
  /**
   * The user cancelled in the app while the reader waits for the PIN pad: C_Login cannot be
   * interrupted, so the host is killed (the pending call fails with PIN_CANCELLED) and restarted on demand.
   */
  cancel(): Promise<void>;
}

const DEFAULT_TIMEOUT = { list: 20_000, sign: 120_000, start: 30_000 };
const CANCEL_WINDOW_MS = 10_000;

type Op = HostRequest['op'];
type Payload<O extends Op> = Omit<Extract<HostRequest, { op: O }>, 'id' | 'op' | 'modules'>;

interface Host {
  channel: HostProcess;
  ready: Promise<void>;
  /** Killed on the user's request: pending calls end as PIN_CANCELLED, not as a crash. */
  cancelled?: boolean;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: AppError) => void;
  module: string;
  op: Op;
}

export function createPkcs11Signer(options: Pkcs11SignerOptions): Pkcs11Signer {
  const logger = options.logger ?? silentLogger;
  const configured = [...new Set(options.modules)];
  const userModules = () => (options.userModules?.() ?? []).filter((m) => !configured.includes(m));
  const currentModules = () => [...configured, ...userModules()];
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
  /**
   * When the user cancelled before the signature reached the host (the app was still preparing the
   * document): the next 'sign' within CANCEL_WINDOW_MS ends as PIN_CANCELLED instead of waiting.
   */
  let cancelledAt: number | undefined;
  const anyModule = () => currentModules().join(', ');
  /** A certificate seen on a card before and not found now: the card was taken out (§9.4), not a wrong id. */
  const absentCard = (certificateId: string) => (e: unknown): never => {
    if (e instanceof AppError && e.code === 'CERT_NOT_FOUND' && moduleOf.has(certificateId)) {
      throw new AppError('TOKEN_ABSENT', `the card with certificate ${certificateId} is not present`, { cert: certificateId });
    }
    throw e;
  };

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
        p.reject(
          h.cancelled
            ? new AppError('PIN_CANCELLED', 'cancelled in the app while waiting for the card')
            : new AppError('SIGNER_CRASHED', `signer host exited (${how})`, { module: p.module }),
        );
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
      const ms = op === 'sign' || op === 'signMany' || op === 'loginInfo' ? timeouts.sign : timeouts.list;
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
        op,
      });
      h.channel.send({ id, op, modules: currentModules(), ...payload }, (err) => {
        const p = pending.get(id);
        if (!p) return;
        pending.delete(id);
        p.reject(new AppError('SIGNER_CRASHED', `cannot reach the signer host: ${err.message}`, { module }));
      });
    });
  }

  function send<O extends Op, T>(op: O, payload: Payload<O>, module: string): Promise<T> {
    const run = async (): Promise<T> => {
      if ((op === 'sign' || op === 'signMany') && cancelledAt !== undefined) {
        const recent = Date.now() - cancelledAt < CANCEL_WINDOW_MS;
        cancelledAt = undefined;
        if (recent) throw new AppError('PIN_CANCELLED', 'cancelled in the app before the card was asked');
      }
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
        ...(request.padding ? { padding: request.padding } : {}),
      };
      const value = await send<'sign', SignValue>('sign', payload, moduleOf.get(request.certificateId) ?? anyModule()).catch(absentCard(request.certificateId));
      moduleOf.set(request.certificateId, value.module);
      return { signature: new Uint8Array(Buffer.from(value.signature, 'base64')), keyType: value.keyType, mechanism: value.mechanism };
    },
    async signMany(request): Promise<SignResult[]> {
      const payload: Payload<'signMany'> = {
        certificateId: request.certificateId,
        pin: request.pin,
        hash: request.hash,
        digests: request.digests.map((d) => Buffer.from(d).toString('base64')),
        ...(request.padding ? { padding: request.padding } : {}),
      };
      const values = await send<'signMany', SignValue[]>('signMany', payload, moduleOf.get(request.certificateId) ?? anyModule()).catch(
        absentCard(request.certificateId),
      );
      return values.map((v) => ({ signature: new Uint8Array(Buffer.from(v.signature, 'base64')), keyType: v.keyType, mechanism: v.mechanism }));
    },
    async loginInfo(certificateId: string): Promise<LoginInfo> {
      return send<'loginInfo', LoginInfo>('loginInfo', { certificateId }, moduleOf.get(certificateId) ?? anyModule());
    },
    async inventory(): Promise<SignerInventory> {
      const known = new Set(candidateModulePaths().map((c) => c.path));
      const user = new Set(userModules());
      const sources: Record<string, InventoryModule['source']> = {};
      for (const m of currentModules()) sources[m] = user.has(m) ? 'user' : known.has(m) ? 'known' : 'env';
      return send<'inventory', SignerInventory>('inventory', { sources }, anyModule());
    },
    testSignature(certificateId: string, pin: string | null): Promise<TestSignatureResult> {
      return testSignature(this, certificateId, pin);
    },
    presentTokens(): Promise<TokensValue> {
      return send<'tokens', TokensValue>('tokens', {}, anyModule());
    },
    async cancel(): Promise<void> {
      const h = host;
      // Only a signature waits for the user; a listing in flight (the card watcher) finishes by itself.
      if (!h || ![...pending.values()].some((p) => p.op === 'sign' || p.op === 'signMany')) {
        cancelledAt = Date.now();
        return;
      }
      cancelledAt = undefined;
      h.cancelled = true;
      host = undefined;
      await h.channel.kill();
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
