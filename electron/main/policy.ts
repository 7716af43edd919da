/**
 * Every security decision of the Electron shell, as pure functions (ARCHITECTURE §6, STYLE §5).
 * No Electron at run time — only its types — so tests/unit/policy.test.ts checks the rules in Node
 * and main.ts, protocol.ts and ipc.ts merely apply them.
 */
import path from 'node:path';
import type { WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'nadawca';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Checklist items 2–4, 6, 8, 9, 11, E2: the same in every window, tests included. */
export function webPreferencesFor(preloadPath: string, opts: { packaged: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !opts.packaged,
  };
}

/**
 * The hidden window that prints a letter to PDF: no preload, no scripts at all, its own in-memory
 * session (partition without `persist:`), nothing kept once it closes.
 */
export const PRINT_PARTITION = 'nadawca-print';
export function printWebPreferences(): WebPreferences {
  return {
    partition: PRINT_PARTITION,
    sandbox: true,
    contextIsolation: true,
    javascript: false,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    devTools: false,
  };
}

/** Sent by the app:// handler and repeated as <meta> in renderer/index.html (keep them identical). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // The letter preview (app://nadawca/preview/<id>) is a sandboxed frame of our own origin.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The letter preview's own document: the official stylesheet's HTML with its inline styles, no
 * scripts, nothing fetched, and a unique origin (`sandbox`); only the app may frame it.
 */
export const PREVIEW_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'sandbox',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The filing id of a preview request (`app://nadawca/preview/<uuid>`), or null. Only a plain
 * lower-case UUID: no encoding, no further segments, no query or fragment.
 */
export function previewIdOf(requestUrl: string, origin: string = APP_ORIGIN): string | null {
  return documentIdOf(requestUrl, `${origin}/preview/`);
}

/**
 * The receipt id of a receipt-preview request (`app://nadawca/receipt-preview/<uuid>`: the UPP/UPD
 * rendered by the official UPO stylesheet), or null; the same strict rules and CSP as the letter preview.
 */
export function receiptPreviewIdOf(requestUrl: string, origin: string = APP_ORIGIN): string | null {
  return documentIdOf(requestUrl, `${origin}/receipt-preview/`);
}

function documentIdOf(requestUrl: string, prefix: string): string | null {
  if (typeof requestUrl !== 'string' || !requestUrl.startsWith(prefix)) return null;
  const id = requestUrl.slice(prefix.length);
  return UUID.test(id) ? id : null;
}

/** Headers of a preview response. */
export function previewResponseHeaders(): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PREVIEW_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/** Parses without throwing; the WHATWG parser is what Chromium uses for standard schemes too. */
function parse(url: string): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Exactly app://nadawca: no userinfo, no port, host compared as is (Node's URL gives non-special
 * schemes an opaque host and an origin of "null", so URL.origin cannot be used here).
 */
function isAppOrigin(u: URL): boolean {
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Checklist item 13: the renderer is one page; anything else (http, file, other hosts) is denied. */
export function isAllowedNavigation(url: string, frame: { isMainFrame: boolean } = { isMainFrame: true }): boolean {
  const u = parse(url);
  if (u === null || !isAppOrigin(u)) return false;
  if (u.pathname === '/' || u.pathname === '/index.html') return frame.isMainFrame;
  // The letter and receipt previews are only ever subframes (will-frame-navigate passes isMainFrame).
  return !frame.isMainFrame && (previewIdOf(url) !== null || receiptPreviewIdOf(url) !== null);
}

/** Hosts the UI may link to (authority portals and help pages); exact names, no subdomains. */
export const EXTERNAL_HOSTS: readonly string[] = [
  'epuap.gov.pl',
  'www.gov.pl',
  'edoreczenia.gov.pl',
  'crd.gov.pl',
  'nccert.pl',
];

/** The normalised URL to hand to shell.openExternal, or null when it is not allowed (item 15). */
export function externalUrl(url: string): string | null {
  const u = parse(url);
  if (u === null || u.protocol !== 'https:') return null;
  if (u.username !== '' || u.password !== '' || u.port !== '') return null;
  return EXTERNAL_HOSTS.includes(u.hostname) ? u.href : null;
}

export function shouldOpenExternal(url: string): boolean {
  return externalUrl(url) !== null;
}

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url); null when the frame is gone. */
  frameUrl: string | null | undefined;
  isMainFrame: boolean;
  /** BrowserWindow id of the sender, null when it is not in a window. */
  windowId: number | null | undefined;
}

/** Checklist item 17: main frame, origin exactly app://nadawca, a window main.ts registered. */
export function isTrustedSender(sender: SenderInfo, registeredWindowIds: ReadonlySet<number>): boolean {
  if (sender.isMainFrame !== true) return false;
  if (typeof sender.windowId !== 'number' || !registeredWindowIds.has(sender.windowId)) return false;
  const u = typeof sender.frameUrl === 'string' ? parse(sender.frameUrl) : null;
  return u !== null && isAppOrigin(u);
}

/**
 * Checklist item 5: Electron grants every permission unless told otherwise. The app needs one:
 * writing text to the clipboard ("Kopiuj raport" in diagnostics), from its own page only; reading
 * the clipboard and everything else is denied.
 */
export function permissionDecision(permission: string, requestingUrl = ''): boolean {
  const u = parse(requestingUrl);
  return permission === 'clipboard-sanitized-write' && u !== null && isAppOrigin(u);
}

/**
 * Maps an app:// request to a file under rootDir, or null. Strict on purpose: the bundle has only
 * plain names, so anything encoded, dotted, doubled or outside the root is refused rather than
 * normalised (checklist item 18).
 */
export function resolveAppProtocolPath(requestUrl: string, rootDir: string): string | null {
  if (typeof requestUrl !== 'string' || requestUrl.includes('\0')) return null;
  const prefix = `${APP_ORIGIN}/`;
  if (!requestUrl.startsWith(prefix)) return null;
  // Raw path, before the URL parser can resolve "..", "%2e" or "\" for us.
  const rawPath = requestUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  if (/[\\\0]|%(?:2e|2f|5c|00|25)/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath === '' ? 'index.html' : rawPath);
  } catch {
    return null;
  }
  const segments = decoded.split('/');
  if (!segments.every(isPlainSegment)) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  return isInside(root, file) ? file : null;
}

/** A file or folder name: no empty, dot or hidden segments, no control or drive/stream characters. */
function isPlainSegment(s: string): boolean {
  return s !== '' && !s.startsWith('.') && !/[\p{Cc}\\:%]/u.test(s);
}

/** True when file is strictly below root (both absolute and resolved). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every app:// response: CSP (item 7) plus no sniffing, framing or referrers. */
export function responseHeadersFor(file: string): Record<string, string> {
  return {
    'Content-Type': mimeTypeFor(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

export type SecondInstanceAction = 'create-window' | 'restore-and-focus' | 'focus';

/** A second launch (E5: one writer) only brings the existing window forward. */
export function secondInstanceAction(win: { exists: boolean; minimized: boolean }): SecondInstanceAction {
  if (!win.exists) return 'create-window';
  return win.minimized ? 'restore-and-focus' : 'focus';
}
