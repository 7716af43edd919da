/**
 * Serves the production renderer bundle on 127.0.0.1 for UI tests, with a fetch/SSE `window.api`
 * bridge that calls THE SAME router and the same real services as the Electron app
 * (ARCHITECTURE §3, §5):
 *
 *   GET  /, /index.html   the built index.html, rewritten to load /__bridge.js before the app bundle
 *   GET  /assets/…        the built files (path-traversal guarded)
 *   GET  /__bridge.js     window.api = buildApi(fetch transport, SSE transport) — the preload's own
 *                         buildApi (electron/preload/api.ts), bundled for the browser with esbuild
 *   POST /__api/invoke    {channel, input} → services.router(channel, input) → Result JSON
 *   GET  /__api/events    Server-Sent Events from services.subscribe: data = {event, payload}
 *   GET  /preview/<uuid>  services.router('filings.preview', {id}) → the HTML, with the preview's
 *                         own CSP (as the app:// handler serves it: policy.previewIdOf/…Headers)
 *   GET  /receipt-preview/<uuid>  the same for receipts.preview (policy.receiptPreviewIdOf)
 *
 * Every response carries the same CSP as index.html; the bridge is a same-origin script, so
 * `script-src 'self'` holds. Requests whose Host is not 127.0.0.1:<port> are refused (DNS
 * rebinding), and so are API calls from another origin.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { previewIdOf, previewResponseHeaders, receiptPreviewIdOf } from '../../electron/main/policy';
import type { Services } from '../../electron/node/services-api';

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const BRIDGE_SOURCE = `
import { buildApi } from './electron/preload/api';

const listeners = new Set();
// Opened at once (not on the first listener) so no event is lost while a screen subscribes;
// Electron's ipcRenderer listener is likewise attached synchronously.
const source = new EventSource('/__api/events');
source.onmessage = (message) => {
  const { event, payload } = JSON.parse(message.data);
  for (const listener of [...listeners]) listener(event, payload);
};

const api = buildApi(
  async (channel, input) => {
    const response = await fetch('/__api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, input }),
    });
    if (!response.ok) throw new Error('bridge: HTTP ' + response.status);
    return response.json();
  },
  (listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  },
  undefined,
  // Electron's webUtils.getPathForFile, for files the test picks from the host's pickedFilesDir.
  (file) => (PICKED_FILES_DIR && file && typeof file.name === 'string' ? PICKED_FILES_DIR + '/' + file.name : ''),
);
Object.defineProperty(window, 'api', { value: api, enumerable: true, configurable: false, writable: false });
`;

async function buildBridge(pickedFilesDir: string): Promise<string> {
  const out = await build({
    stdin: { contents: BRIDGE_SOURCE, resolveDir: REPO_ROOT, sourcefile: '__bridge.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { PICKED_FILES_DIR: JSON.stringify(pickedFilesDir) },
  });
  return out.outputFiles[0]!.text;
}

export interface ContractHost {
  url: string;
  /** Channel names invoked through the bridge, in order (never inputs: a PIN travels there). */
  readonly invocations: readonly string[];
  close(): Promise<void>;
}

export async function startContractHost(opts: {
  services: Services;
  rendererDir?: string;
  /** Files a test drops or chooses are taken to live here (what the app's preload would say). */
  pickedFilesDir?: string;
}): Promise<ContractHost> {
  const { services } = opts;
  const rendererDir = opts.rendererDir ?? 'out/renderer';
  const root = resolve(isAbsolute(rendererDir) ? rendererDir : resolve(REPO_ROOT, rendererDir));
  const indexHtml = await readFile(resolve(root, 'index.html'), 'utf8');
  const bridgeJs = await buildBridge(opts.pickedFilesDir ?? '');
  const page = injectBridge(indexHtml);
  const invocations: string[] = [];
  const streams = new Set<ServerResponse>();
  let origin = '';

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== new URL(origin).host) return send(res, 421, 'text/plain; charset=utf-8', 'wrong host');
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;

    if (path === '/__api/invoke') {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed', { allow: 'POST' });
      if (req.headers.origin !== undefined && req.headers.origin !== origin) return send(res, 403, 'text/plain; charset=utf-8', 'foreign origin');
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'text/plain; charset=utf-8', 'json only');
      const body = await readBody(req);
      if (body === null) return send(res, 413, 'text/plain; charset=utf-8', 'too large');
      let request: { channel?: unknown; input?: unknown };
      try {
        request = JSON.parse(body) as typeof request;
      } catch {
        return send(res, 400, 'text/plain; charset=utf-8', 'bad json');
      }
      const channel = typeof request.channel === 'string' ? request.channel : '';
      invocations.push(channel);
      const result = await services.router(channel, request.input);
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed', { allow: 'GET, HEAD' });

    if (path === '/__api/events') {
      res.writeHead(200, { ...securityHeaders(), 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
      res.write('retry: 1000\n\n');
      streams.add(res);
      const unsubscribe = services.subscribe((event, payload) => {
        res.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      const stop = () => {
        clearInterval(ping);
        unsubscribe();
        streams.delete(res);
      };
      req.on('close', stop);
      res.on('close', stop);
      return;
    }
    if (path.startsWith('/preview/') || path.startsWith('/receipt-preview/')) {
      const receipt = path.startsWith('/receipt-preview/');
      const id = (receipt ? receiptPreviewIdOf : previewIdOf)(`${origin}${req.url ?? ''}`, origin);
      if (id === null) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
      const channel = receipt ? 'receipts.preview' : 'filings.preview';
      invocations.push(channel);
      const result = await services.router(channel, { id });
      const html = result.ok ? (result.value as { html?: unknown }).html : undefined;
      if (typeof html !== 'string') return send(res, 404, 'text/plain; charset=utf-8', 'not found');
      const headers = Object.fromEntries(Object.entries(previewResponseHeaders()).map(([k, v]) => [k.toLowerCase(), v]));
      res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(html)) });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (path === '/__bridge.js') return send(res, 200, TYPES['.js']!, bridgeJs);
    if (path === '/' || path === '/index.html') return send(res, 200, TYPES['.html']!, page);

    let file: string;
    try {
      file = resolve(root, `.${decodeURIComponent(path)}`);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'bad path');
    }
    if (!file.startsWith(root + sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    return send(res, 200, TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', await readFile(file));
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    invocations,
    async close() {
      for (const s of streams) s.end();
      streams.clear();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/** Loads the bridge (a classic, same-origin script) before the app's module script. */
export function injectBridge(html: string): string {
  const tag = '<script src="./__bridge.js"></script>';
  const at = html.search(/<script\b/i);
  if (at >= 0) return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
  const head = html.search(/<\/head>/i);
  if (head < 0) throw new Error('index.html has neither <script> nor </head>');
  return `${html.slice(0, head)}    ${tag}\n  ${html.slice(head)}`;
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders(), 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => done(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
