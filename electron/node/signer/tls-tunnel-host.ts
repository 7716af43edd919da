/**
 * Mutual TLS with a system key that stays on a PKCS#11 token, in its own process beside the signer
 * host (the vendor module loads only in a child process, ARCHITECTURE §1 and §6).
 *
 * Node's TLS takes a client key only as bytes; the one way to a token key is OpenSSL's PKCS#11
 * engine (libp11, Debian libengine-pkcs11-openssl), which Node's OpenSSL can use through
 * `privateKeyEngine`. The parent starts this process with OPENSSL_CONF naming the engine, the card's
 * module and FORCE_LOGIN (tls-tunnel.ts). Electron's BoringSSL has no engines: there the open
 * answers UNAVAILABLE and the caller goes on without a client certificate.
 *
 * Protocol with the parent (fork IPC or Electron's parentPort):
 *   → { op: 'open', serial, ckaId, pin, certificatePem, caPems?, targets: ['host:port'] }
 *   ← { ok: true, socketPath } | { ok: false, code: 'UNAVAILABLE' | 'PIN_INCORRECT' | 'TOKEN_ABSENT', message }
 * Then every connection to the owner-only local socket names its target in a first line
 * ("host:port\n"); the host opens TLS to it with the token key and answers "OK\n" once the
 * handshake (server certificate checked) is done, or "ERR <code>\n" — nothing reached the server then.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, isIP, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureContext, type SecureContext } from 'node:tls';
import { z } from 'zod';
import { parentChannel } from '../process-host';

export const TLS_TUNNEL_FLAG = '--nadawca-tls-tunnel-host';

export const openRequestSchema = z.strictObject({
  op: z.literal('open'),
  serial: z.string().max(64),
  ckaId: z.string().regex(/^([0-9a-f]{2})+$/),
  pin: z.string().min(1).max(256),
  certificatePem: z.string().min(1).max(64 * 1024),
  caPems: z.array(z.string().max(64 * 1024)).max(16).optional(),
  targets: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/)).min(1).max(8),
});
export type OpenRequest = z.infer<typeof openRequestSchema>;
export type OpenReply = { ok: true; socketPath: string } | { ok: false; code: 'UNAVAILABLE' | 'PIN_INCORRECT' | 'TOKEN_ABSENT'; message: string };

/** RFC 7512 percent-encoding of every byte (CKA_ID is binary). */
const pct = (bytes: Buffer) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/**
 * The PIN reaches the engine through `pin-source`, a file read once at login, not `pin-value`:
 * libp11 prints the key URI to stderr when the key is not found (card pulled, PIN changed), and the
 * PIN must never be printed. The file lives in a fresh owner-only folder (RAM-backed /dev/shm where
 * there is one) only while the key loads, and is removed at once.
 */
function loadTokenContext(r: OpenRequest): SecureContext {
  const folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'nadawca-pin-'));
  try {
    const pinFile = join(folder, 'pin');
    writeFileSync(pinFile, r.pin, { mode: 0o600 });
    const uri = `pkcs11:serial=${pct(Buffer.from(r.serial))};id=${pct(Buffer.from(r.ckaId, 'hex'))};type=private?pin-source=file:${pinFile}`;
    return createSecureContext({ cert: r.certificatePem, ...(r.caPems?.length ? { ca: r.caPems } : {}), privateKeyEngine: 'pkcs11', privateKeyIdentifier: uri });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function classify(e: unknown): Extract<OpenReply, { ok: false }> {
  const err = e as { code?: string; message?: string; opensslErrorStack?: string[] };
  const text = `${err.code ?? ''} ${err.message ?? ''} ${(err.opensslErrorStack ?? []).join(' ')}`;
  if (/PIN_INCORRECT|PIN incorrect|PIN_LOCKED|PIN locked/i.test(text)) return { ok: false, code: 'PIN_INCORRECT', message: 'the token refused the PIN' };
  if (/OBJECT_NOT_FOUND|object not found|No matching initialized token/i.test(text)) return { ok: false, code: 'TOKEN_ABSENT', message: 'the key is not on any present token' };
  return { ok: false, code: 'UNAVAILABLE', message: `the PKCS#11 engine cannot use the key here: ${err.code ?? ''} ${err.message ?? String(e)}`.trim() };
}

function open(r: OpenRequest): { reply: OpenReply; context?: SecureContext } {
  try {
    return { reply: { ok: true, socketPath: '' }, context: loadTokenContext(r) };
  } catch (e) {
    return { reply: classify(e) };
  }
}

/** Reads the first line (the target) of a tunnel connection; null when it is too long or never comes. */
function firstLine(sock: Socket): Promise<string | null> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const nl = got.indexOf(0x0a);
      if (nl < 0 && got.length < 300) return;
      sock.off('data', onData);
      sock.pause();
      if (nl < 0) return resolve(null);
      if (nl + 1 < got.length) sock.unshift(got.subarray(nl + 1));
      resolve(got.subarray(0, nl).toString('utf8'));
    };
    sock.on('data', onData);
    sock.once('end', () => resolve(null));
  });
}

function serve(context: SecureContext, targets: Set<string>): Promise<string> {
  const dir = process.platform === 'win32' ? null : mkdtempSync(join(tmpdir(), 'nadawca-tls-'));
  const socketPath = dir ? join(dir, 's') : `\\\\.\\pipe\\nadawca-tls-${randomUUID()}`;
  if (dir) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const server = createServer(async (sock) => {
    sock.on('error', () => undefined);
    const target = await firstLine(sock);
    if (!target || !targets.has(target)) return void sock.end('ERR TARGET_NOT_ALLOWED\n');
    const i = target.lastIndexOf(':');
    const host = target.slice(0, i);
    let secured = false;
    const remote = connect({ host, port: Number(target.slice(i + 1)), secureContext: context, ...(isIP(host) ? {} : { servername: host }) });
    remote.once('secureConnect', () => {
      secured = true;
      sock.write('OK\n');
      sock.pipe(remote).pipe(sock);
      sock.resume();
    });
    remote.on('error', (e: NodeJS.ErrnoException) => (secured ? sock.destroy() : sock.end(`ERR ${e.code ?? 'TLS_FAILED'}\n`)));
    sock.on('close', () => remote.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve(socketPath));
  });
}

const channel = process.argv.includes(TLS_TUNNEL_FLAG) ? parentChannel() : null;
if (channel) {
  if (process.send) process.on('disconnect', () => process.exit(0));
  let opened = false;
  channel.onMessage(async (message) => {
    const parsed = openRequestSchema.safeParse(message);
    if (!parsed.success || opened) return channel.send({ ok: false, code: 'UNAVAILABLE', message: 'invalid tunnel request' } satisfies OpenReply);
    opened = true;
    const { reply, context } = open(parsed.data);
    if (!context) return channel.send(reply);
    try {
      channel.send({ ok: true, socketPath: await serve(context, new Set(parsed.data.targets)) } satisfies OpenReply);
    } catch (e) {
      channel.send({ ok: false, code: 'UNAVAILABLE', message: `local socket: ${(e as Error).message}` } satisfies OpenReply);
    }
  });
  channel.send({ ready: true });
}
