/**
 * An HTTPS agent whose connections authenticate with a system certificate on a PKCS#11 token:
 * each connection goes through the TLS tunnel host (tls-tunnel-host.ts), which holds the token key
 * in its own process. Where the runtime cannot use a token key in TLS (Electron's BoringSSL, no
 * libp11 engine) the agent connects directly, without a client certificate, and says so once.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { AppError } from '../../common/errors';
import { forkLauncher, type HostProcess, type HostSpec, type ProcessLauncher } from '../process-host';
import type { Logger } from '../logger';
import type { Pkcs11Signer } from './client';
import { TLS_TUNNEL_FLAG, type OpenReply, type OpenRequest } from './tls-tunnel-host';

/** Where distributions put libp11's engine; NADAWCA_PKCS11_ENGINE names another. */
const ENGINE_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so', '/usr/lib/aarch64-linux-gnu/engines-3/pkcs11.so',
  '/usr/lib64/engines-3/pkcs11.so', '/usr/lib/engines-3/pkcs11.so',
  '/opt/homebrew/lib/engines-3/pkcs11.dylib', '/usr/local/lib/engines-3/pkcs11.dylib',
];

export function findEngine(): string | null {
  const named = process.env.NADAWCA_PKCS11_ENGINE;
  if (named) return existsSync(named) ? named : null;
  return ENGINE_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * The OpenSSL configuration the tunnel host starts with (Node reads its `nodejs_conf` section):
 * the engine, the card's module, and FORCE_LOGIN — many cards show their key objects before login
 * but sign only after it, and libp11 would otherwise try to sign without logging in.
 */
export function engineConfig(engine: string, module: string): string {
  const value = (v: string) => `"${v.replace(/["\\$]/g, (c) => `\\${c}`)}"`;
  return [
    'nodejs_conf = nadawca_init', '[nadawca_init]', 'engines = nadawca_engines', '[nadawca_engines]', 'pkcs11 = nadawca_pkcs11', '[nadawca_pkcs11]',
    'engine_id = pkcs11', `dynamic_path = ${value(engine)}`, `MODULE_PATH = ${value(module)}`, 'FORCE_LOGIN = EMPTY', 'init = 0', '',
  ].join('\n');
}

/** The tunnel host next to a signer host spec (sources or bundle alike). */
export function tlsTunnelSpec(signerHost: HostSpec): HostSpec {
  const ts = signerHost.entry.endsWith('.ts');
  return { entry: join(dirname(signerHost.entry), ts ? 'tls-tunnel-host.ts' : 'tls-tunnel-host.js'), execArgv: signerHost.execArgv };
}

export interface TokenTlsOptions {
  host: HostSpec;
  launcher?: ProcessLauncher;
  tokens: Pkcs11Signer;
  certificateId: string;
  certificatePem: string;
  pin: string;
  caPems?: string[];
  /** The URLs the agent may connect to (the API and the token endpoint). */
  urls: string[];
  /** The token refused the PIN: the caller drops it so unattended retries cannot lock the card. */
  pinRejected(): void;
  logger: Logger;
}

/** Where the certificate's key is: the module, the token and the CKA_ID (from the signer's inventory). */
async function locate(tokens: Pkcs11Signer, certificateId: string): Promise<Pick<OpenRequest, 'serial' | 'ckaId'> & { module: string }> {
  for (const m of (await tokens.inventory()).modules) {
    for (const s of m.slots) {
      const cert = s.token?.certificates.find((c) => c.id === certificateId);
      if (s.token && cert) return { module: m.path, serial: s.token.serial, ckaId: cert.ckaId };
    }
  }
  throw new AppError('TOKEN_ABSENT', `the token with system certificate ${certificateId} is not present`, { cert: certificateId });
}

const targetOf = (url: string) => {
  const u = new URL(url);
  return `${u.hostname.replace(/^\[|\]$/g, '')}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
};

/**
 * Reads the tunnel's answer line in paused mode, so nothing of the TLS stream that follows is
 * consumed: the HTTP client starts the flow when it attaches its own listener.
 */
function answer(sock: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const finish = (f: () => void) => {
      sock.off('readable', onReadable).off('error', reject).off('end', ended);
      f();
    };
    const onReadable = () => {
      for (let chunk: Buffer | null; (chunk = sock.read() as Buffer | null) !== null;) {
        got = Buffer.concat([got, chunk]);
        const nl = got.indexOf(0x0a);
        if (nl >= 0) {
          return finish(() => {
            if (nl + 1 < got.length) sock.unshift(got.subarray(nl + 1));
            resolve(got.subarray(0, nl).toString('utf8'));
          });
        }
        if (got.length > 300) return finish(() => reject(new Error('no answer line from the TLS tunnel')));
      }
    };
    const ended = () => finish(() => reject(new Error('the TLS tunnel closed')));
    sock.on('readable', onReadable).once('error', reject).once('end', ended);
  });
}

export type TokenTlsAgent = HttpsAgent & {
  /** 'token' once a connection used the token key, 'none' once it was found unusable here, else 'unknown'. */
  readonly clientCertificate: 'token' | 'none' | 'unknown';
  shutdown(): Promise<void>;
};

export function createTokenTlsAgent(o: TokenTlsOptions, agentOptions: AgentOptions = {}): TokenTlsAgent {
  let child: HostProcess | null = null;
  let opening: Promise<string | null> | null = null;
  let mode: 'token' | 'none' | 'unknown' = 'unknown';
  let configDir: string | null = null;
  let pinRefused = false;
  const pinError = () => new AppError('SYSTEM_PIN_REJECTED', 'the token refused the stored PIN of the system certificate', {});

  const unavailable = (reason: string): null => {
    if (mode !== 'none') o.logger.warn('mutual TLS with the token key is not available here; connecting without a client certificate', { reason });
    mode = 'none';
    return null;
  };

  function stopHost(): void {
    void child?.kill();
    child = null;
    opening = null;
  }

  /** The tunnel's socket path; null when this runtime cannot use the token key (then: direct). */
  function tunnel(): Promise<string | null> {
    // Once the card refused the PIN it is never offered again: retries must not lock the card.
    if (pinRefused) return Promise.reject(pinError());
    opening ??= (async () => {
      const { module, ...where } = await locate(o.tokens, o.certificateId);
      const engine = findEngine();
      if (!engine) return unavailable('OpenSSL PKCS#11 engine (libp11) not installed');
      configDir ??= mkdtempSync(join(tmpdir(), 'nadawca-tls-conf-'));
      const conf = join(configDir, 'openssl.cnf');
      writeFileSync(conf, engineConfig(engine, module), { mode: 0o600 });
      const request: OpenRequest = { op: 'open', ...where, pin: o.pin, certificatePem: o.certificatePem, ...(o.caPems ? { caPems: o.caPems } : {}), targets: [...new Set(o.urls.map(targetOf))] };
      const proc = (o.launcher ?? forkLauncher)({ ...o.host, env: { ...o.host.env, OPENSSL_CONF: conf } }, [TLS_TUNNEL_FLAG]);
      child = proc;
      const reply = await new Promise<OpenReply>((resolve) => {
        proc.onMessage((m) => ('ready' in (m as object) ? proc.send(request, () => undefined) : resolve(m as OpenReply)));
        proc.onExit((how) => resolve({ ok: false, code: 'UNAVAILABLE', message: `TLS tunnel host exited (${how}) ${proc.stderrTail().slice(-300)}` }));
      });
      if (reply.ok) {
        proc.hold(false);
        return reply.socketPath;
      }
      stopHost();
      if (reply.code === 'PIN_INCORRECT') {
        pinRefused = true;
        o.pinRejected();
        throw pinError();
      }
      if (reply.code === 'TOKEN_ABSENT') throw new AppError('TOKEN_ABSENT', `the token with system certificate ${o.certificateId} is not present`, { cert: o.certificateId });
      return unavailable(reply.message);
    })().catch((e: unknown) => {
      opening = null;
      throw e;
    });
    return opening;
  }

  const agent = new HttpsAgent({ keepAlive: true, ...agentOptions, ...(o.caPems ? { ca: o.caPems } : {}) }) as TokenTlsAgent;
  const direct = HttpsAgent.prototype.createConnection.bind(agent) as (options: object) => Duplex;
  (agent as unknown as { createConnection: unknown }).createConnection = (options: { host?: string; port?: number }, done: (err: Error | null, socket?: Duplex) => void) => {
    const target = `${options.host}:${options.port}`;
    tunnel().then(
      (socketPath) => {
        if (!socketPath) return done(null, direct(options));
        const sock = connect(socketPath);
        sock.write(`${target}\n`);
        answer(sock).then(
          (line) => {
            if (line === 'OK') {
              mode = 'token';
              return done(null, sock);
            }
            sock.destroy();
            // A refused handshake may mean the card went away: the next connection opens the tunnel afresh.
            stopHost();
            done(new AppError('SERVICE_UNREACHABLE', `TLS with the token key failed: ${line.replace(/^ERR /, '')}`, { service: target, url: target, sent: false }));
          },
          (e: Error) => {
            stopHost();
            done(new AppError('SERVICE_UNREACHABLE', `TLS tunnel: ${e.message}`, { service: target, url: target, sent: false }));
          },
        );
      },
      (e: Error) => done(e),
    );
    return undefined;
  };
  Object.defineProperty(agent, 'clientCertificate', { get: () => mode });
  agent.shutdown = async () => {
    agent.destroy();
    const c = child;
    child = null;
    opening = null;
    await c?.kill();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  };
  return agent;
}
