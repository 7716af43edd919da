/**
 * Security regressions of the Electron shell (STYLE §5), checked on the pure decisions in
 * electron/main/policy.ts and on the app:// handler that applies them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppFileHandler } from '../../electron/main/app-files';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isInside,
  isTrustedSender,
  mimeTypeFor,
  permissionDecision,
  PREVIEW_CONTENT_SECURITY_POLICY,
  previewIdOf,
  previewResponseHeaders,
  printWebPreferences,
  PRINT_PARTITION,
  receiptPreviewIdOf,
  resolveAppProtocolPath,
  responseHeadersFor,
  secondInstanceAction,
  shouldOpenExternal,
  webPreferencesFor,
} from '../../electron/main/policy';

test('webPreferences keep every renderer sandboxed and isolated, packaged or not', () => {
  for (const packaged of [true, false]) {
    const prefs = webPreferencesFor('/app/out/preload/preload.js', { packaged });
    assert.equal(prefs.preload, '/app/out/preload/preload.js');
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.spellcheck, false);
    assert.equal('enableBlinkFeatures' in prefs, false);
  }
});

test('the PDF print window runs no script, has no preload and a session kept only in memory', () => {
  const p = printWebPreferences();
  assert.equal(p.javascript, false);
  assert.equal(p.preload, undefined);
  assert.equal(p.sandbox, true);
  assert.equal(p.contextIsolation, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.devTools, false);
  assert.equal(p.partition, PRINT_PARTITION);
  assert.ok(!PRINT_PARTITION.startsWith('persist:'), 'an in-memory partition');
});

test('DevTools are available only in unpackaged builds', () => {
  assert.equal(webPreferencesFor('p', { packaged: true }).devTools, false);
  assert.equal(webPreferencesFor('p', { packaged: false }).devTools, true);
});

test('CSP has the required directives and nothing unsafe', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
  assert.deepEqual(Object.fromEntries(directives), {
    'default-src': "'none'",
    'script-src': "'self'",
    'style-src': "'self'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': "'self'",
    'frame-src': "'self'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
    'object-src': "'none'",
  });
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-|\*|http:|https:|blob:/);
});

test('renderer/index.html repeats the same CSP as a <meta> tag', (t) => {
  const index = path.resolve(__dirname, '..', '..', 'renderer', 'index.html');
  if (!existsSync(index)) return t.skip('renderer/index.html not written yet');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(readFileSync(index, 'utf8'));
  assert.equal(meta?.[1], CONTENT_SECURITY_POLICY);
});

test('navigation is allowed only to the app page itself', () => {
  assert.equal(isAllowedNavigation(APP_ENTRY_URL), true);
  assert.equal(isAllowedNavigation('app://nadawca/'), true);
  assert.equal(isAllowedNavigation('app://nadawca/index.html#/outbox'), true);
  for (const url of [
    'https://epuap.gov.pl/',
    'http://nadawca/index.html',
    'file:///work/main/out/renderer/index.html',
    'app://evil/index.html',
    'app://nadawca.evil/index.html',
    'app://user@nadawca/index.html',
    'app://nadawca:8080/index.html',
    'app://nadawca/other.html',
    'app://nadawca/assets/index.js',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'about:blank',
    'not a url',
    '',
  ]) {
    assert.equal(isAllowedNavigation(url), false, url);
  }
});

const FILING_ID = '0b6f3c1e-9a4d-4c2b-8f1e-2d3c4b5a6978';

test('the preview document has its own strict CSP: inline styles, data: images, sandboxed, nothing else', () => {
  const directives = Object.fromEntries(
    PREVIEW_CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
  assert.equal(directives['default-src'], "'none'");
  assert.equal(directives['style-src'], "'unsafe-inline'");
  assert.equal(directives['img-src'], 'data:');
  assert.equal(directives.sandbox, '', 'sandbox without allow-scripts or allow-same-origin');
  assert.equal(directives['script-src'], undefined, 'no scripts (default-src none)');
  assert.equal(directives['frame-ancestors'], "'self'");
  assert.doesNotMatch(PREVIEW_CONTENT_SECURITY_POLICY, /unsafe-eval|allow-|\*|http:|https:|blob:/);
  const headers = previewResponseHeaders();
  assert.equal(headers['Content-Security-Policy'], PREVIEW_CONTENT_SECURITY_POLICY);
  assert.equal(headers['Content-Type'], 'text/html; charset=utf-8');
  assert.equal(headers['X-Content-Type-Options'], 'nosniff');
});

test('preview route: app://nadawca/preview/<uuid> and nothing else', () => {
  assert.equal(previewIdOf(`app://nadawca/preview/${FILING_ID}`), FILING_ID);
  assert.equal(previewIdOf(`http://127.0.0.1:4000/preview/${FILING_ID}`, 'http://127.0.0.1:4000'), FILING_ID);
  for (const url of [
    'app://nadawca/preview/',
    'app://nadawca/preview/123',
    `app://nadawca/preview/${FILING_ID}/`,
    `app://nadawca/preview/${FILING_ID}/x`,
    `app://nadawca/preview/${FILING_ID}?x=1`,
    `app://nadawca/preview/${FILING_ID}#top`,
    `app://nadawca/preview/${FILING_ID.toUpperCase()}`,
    `app://nadawca/preview/%30${FILING_ID.slice(1)}`,
    `app://nadawca/preview/../preview/${FILING_ID}`,
    `app://nadawca/preview//${FILING_ID}`,
    `app://nadawca/Preview/${FILING_ID}`,
    `app://nadawca/assets/preview/${FILING_ID}`,
    `app://evil/preview/${FILING_ID}`,
    `app://nadawca.evil/preview/${FILING_ID}`,
    `app://user@nadawca/preview/${FILING_ID}`,
    `app://nadawca:8080/preview/${FILING_ID}`,
    `https://nadawca/preview/${FILING_ID}`,
    `app://nadawca/preview/${FILING_ID}\0`,
    'app://nadawca/preview/../../etc/passwd',
    '',
  ]) {
    assert.equal(previewIdOf(url), null, url);
  }
  assert.equal(previewIdOf(42 as unknown as string), null);
});

test('the preview may load only as a subframe; the main frame stays on the app page', () => {
  const url = `app://nadawca/preview/${FILING_ID}`;
  assert.equal(isAllowedNavigation(url, { isMainFrame: false }), true);
  assert.equal(isAllowedNavigation(url), false);
  assert.equal(isAllowedNavigation(url, { isMainFrame: true }), false);
  assert.equal(isAllowedNavigation('app://nadawca/preview/123', { isMainFrame: false }), false);
  assert.equal(isAllowedNavigation(APP_ENTRY_URL, { isMainFrame: false }), false);
  assert.equal(isAllowedNavigation(`app://evil/preview/${FILING_ID}`, { isMainFrame: false }), false);
});

test('app:// handler answers /preview/<uuid> from the preview source with the preview CSP, 404 otherwise', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nadawca-preview-'));
  try {
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    const asked: string[] = [];
    const handler = createAppFileHandler(root, async (id) => {
      asked.push(id);
      return id === FILING_ID ? '<html><body><p style="color:red">Pismo</p></body></html>' : null;
    });
    const ok = await handler(new Request(`app://nadawca/preview/${FILING_ID}`));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-security-policy'), PREVIEW_CONTENT_SECURITY_POLICY);
    assert.match(await ok.text(), /Pismo/);
    const unknown = await handler(new Request('app://nadawca/preview/11111111-2222-4333-8444-555555555555'));
    assert.equal(unknown.status, 404);
    for (const bad of ['app://nadawca/preview/123', `app://nadawca/preview/${FILING_ID}/x`, `app://nadawca/preview/${FILING_ID}?q`]) {
      assert.equal((await handler(new Request(bad))).status, 404, bad);
    }
    assert.deepEqual(asked, [FILING_ID, '11111111-2222-4333-8444-555555555555'], 'only UUIDs reach the services');
    assert.equal((await createAppFileHandler(root)(new Request(`app://nadawca/preview/${FILING_ID}`))).status, 404, 'no source, no preview');
    const index = await handler(new Request('app://nadawca/index.html'));
    assert.equal(index.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, 'app files keep the app CSP');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const RECEIPT_ID = '5d2c1b0a-8f7e-4d6c-9b5a-4e3f2a1b0c9d';

test('receipt preview route: app://nadawca/receipt-preview/<uuid> only, as a subframe only', () => {
  assert.equal(receiptPreviewIdOf(`app://nadawca/receipt-preview/${RECEIPT_ID}`), RECEIPT_ID);
  assert.equal(receiptPreviewIdOf(`http://127.0.0.1:4000/receipt-preview/${RECEIPT_ID}`, 'http://127.0.0.1:4000'), RECEIPT_ID);
  for (const url of [
    'app://nadawca/receipt-preview/',
    `app://nadawca/receipt-preview/${RECEIPT_ID}/`,
    `app://nadawca/receipt-preview/${RECEIPT_ID}?x=1`,
    `app://nadawca/receipt-preview/${RECEIPT_ID.toUpperCase()}`,
    `app://nadawca/receipt-preview/../preview/${RECEIPT_ID}`,
    `app://nadawca/preview/${RECEIPT_ID}`,
    `app://evil/receipt-preview/${RECEIPT_ID}`,
    `app://nadawca:8080/receipt-preview/${RECEIPT_ID}`,
  ]) {
    assert.equal(receiptPreviewIdOf(url), null, url);
  }
  assert.equal(previewIdOf(`app://nadawca/receipt-preview/${RECEIPT_ID}`), null, 'the two routes do not overlap');
  assert.equal(receiptPreviewIdOf(7 as unknown as string), null);
  const url = `app://nadawca/receipt-preview/${RECEIPT_ID}`;
  assert.equal(isAllowedNavigation(url, { isMainFrame: false }), true);
  assert.equal(isAllowedNavigation(url), false);
});

test('app:// handler answers /receipt-preview/<uuid> from the receipt source with the preview CSP', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nadawca-receipt-preview-'));
  try {
    const asked: string[] = [];
    const handler = createAppFileHandler(root, async (id, kind) => {
      asked.push(`${kind}:${id}`);
      return kind === 'receipt' && id === RECEIPT_ID ? '<html><body><p>UPP</p></body></html>' : null;
    });
    const ok = await handler(new Request(`app://nadawca/receipt-preview/${RECEIPT_ID}`));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-security-policy'), PREVIEW_CONTENT_SECURITY_POLICY);
    assert.match(await ok.text(), /UPP/);
    assert.equal((await handler(new Request(`app://nadawca/preview/${RECEIPT_ID}`))).status, 404, 'a receipt is not a letter');
    assert.equal((await handler(new Request('app://nadawca/receipt-preview/123'))).status, 404);
    assert.deepEqual(asked, [`receipt:${RECEIPT_ID}`, `filing:${RECEIPT_ID}`]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('openExternal: https to an allow-listed host only', () => {
  for (const url of [
    'https://epuap.gov.pl/wps/portal',
    'https://www.gov.pl/web/e-doreczenia',
    'https://edoreczenia.gov.pl/',
    'https://crd.gov.pl/wzor/2013/12/12/1410/',
    'https://nccert.pl/',
    'https://EPUAP.gov.pl/',
  ]) {
    assert.equal(shouldOpenExternal(url), true, url);
  }
  for (const url of [
    'http://epuap.gov.pl/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'app://nadawca/index.html',
    'mailto:kontakt@epuap.gov.pl',
    'ftp://epuap.gov.pl/',
    'https://epuap.gov.pl.evil.com/',
    'https://evil-epuap.gov.pl/',
    'https://sub.epuap.gov.pl/',
    'https://gov.pl/',
    'https://epuap.gov.pl.',
    'https://epuap.gov.pl@evil.com/',
    'https://evil.com@epuap.gov.pl/',
    'https://user:pass@epuap.gov.pl/',
    'https://epuap.gov.pl:8443/',
    'https://evil.com\\@epuap.gov.pl/',
    'https://evil.com#@epuap.gov.pl/',
    'https://evil.com/?https://epuap.gov.pl/',
    'https://xn--epua-xxx.gov.pl/',
    '//epuap.gov.pl/',
    '',
  ]) {
    assert.equal(shouldOpenExternal(url), false, url);
  }
});

test('trusted sender: main frame of a registered window showing app://nadawca', () => {
  const registered = new Set([1, 2]);
  const ok = { frameUrl: 'app://nadawca/index.html', isMainFrame: true, windowId: 1 };
  assert.equal(isTrustedSender(ok, registered), true);
  assert.equal(isTrustedSender({ ...ok, frameUrl: 'app://nadawca/index.html#/compose' }, registered), true);

  const rejected: Array<[string, Parameters<typeof isTrustedSender>[0]]> = [
    ['subframe', { ...ok, isMainFrame: false }],
    ['unregistered window', { ...ok, windowId: 3 }],
    ['no window', { ...ok, windowId: null }],
    ['frame gone', { ...ok, frameUrl: null }],
    ['file://', { ...ok, frameUrl: 'file:///work/main/out/renderer/index.html' }],
    ['https origin', { ...ok, frameUrl: 'https://nadawca/index.html' }],
    ['dev server', { ...ok, frameUrl: 'http://127.0.0.1:5173/' }],
    ['other app host', { ...ok, frameUrl: 'app://evil/index.html' }],
    ['lookalike host', { ...ok, frameUrl: 'app://nadawca.evil/index.html' }],
    ['userinfo', { ...ok, frameUrl: 'app://x@nadawca/index.html' }],
    ['port', { ...ok, frameUrl: 'app://nadawca:1/index.html' }],
    ['about:blank', { ...ok, frameUrl: 'about:blank' }],
    ['devtools', { ...ok, frameUrl: 'devtools://devtools/bundled/inspector.html' }],
    ['garbage', { ...ok, frameUrl: 'nadawca' }],
  ];
  for (const [why, sender] of rejected) assert.equal(isTrustedSender(sender, registered), false, why);
  assert.equal(isTrustedSender(ok, new Set()), false, 'no windows registered');
});

test('every permission is denied but writing to the clipboard from the app page', () => {
  for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'usb', 'serial', 'unknown']) {
    assert.equal(permissionDecision(p, 'app://nadawca/index.html'), false, p);
  }
  assert.equal(permissionDecision('clipboard-sanitized-write', 'app://nadawca/index.html'), true);
  assert.equal(permissionDecision('clipboard-sanitized-write', 'app://nadawca'), true, 'a check names the origin only');
  for (const url of ['', 'https://example.com/', 'app://nadawca.evil/', 'file:///etc/passwd']) {
    assert.equal(permissionDecision('clipboard-sanitized-write', url), false, url);
  }
});

const ROOT = path.resolve('/srv/nadawca/out/renderer');

test('app:// maps plain paths under the renderer root', () => {
  assert.equal(resolveAppProtocolPath('app://nadawca/index.html', ROOT), path.join(ROOT, 'index.html'));
  assert.equal(resolveAppProtocolPath('app://nadawca/', ROOT), path.join(ROOT, 'index.html'));
  assert.equal(resolveAppProtocolPath('app://nadawca/assets/index-abc123.js', ROOT), path.join(ROOT, 'assets', 'index-abc123.js'));
  assert.equal(resolveAppProtocolPath('app://nadawca/assets/app.css?v=1#x', ROOT), path.join(ROOT, 'assets', 'app.css'));
  assert.equal(resolveAppProtocolPath('app://nadawca/fonts/%C5%81ad.woff2', ROOT), path.join(ROOT, 'fonts', 'Ład.woff2'));
});

test('app:// path traversal and foreign requests resolve to null', () => {
  for (const url of [
    'app://nadawca/../secret.txt',
    'app://nadawca/assets/../../secret.txt',
    'app://nadawca/%2e%2e/secret.txt',
    'app://nadawca/%2E%2E/secret.txt',
    'app://nadawca/.%2e/secret.txt',
    'app://nadawca/assets%2f..%2f..%2fsecret.txt',
    'app://nadawca/..%2fsecret.txt',
    'app://nadawca/%252e%252e/secret.txt',
    'app://nadawca/..\\secret.txt',
    'app://nadawca/assets\\..\\..\\secret.txt',
    'app://nadawca/%5c..%5csecret.txt',
    'app://nadawca/index.html%00.js',
    'app://nadawca/index.html\0',
    'app://nadawca//etc/passwd',
    'app://nadawca/%2fetc/passwd',
    'app://nadawca/C:/Windows/win.ini',
    'app://nadawca/./index.html',
    'app://nadawca/.env',
    'app://nadawca/%E0%A4%A',
    'app:///etc/passwd',
    'app://evil/index.html',
    'app://nadawca.evil/index.html',
    'app://user@nadawca/index.html',
    'app://nadawca:80/index.html',
    'file:///etc/passwd',
    'https://nadawca/index.html',
    '/etc/passwd',
    '',
  ]) {
    assert.equal(resolveAppProtocolPath(url, ROOT), null, url);
  }
});

test('isInside accepts only paths strictly below the root', () => {
  assert.equal(isInside(ROOT, path.join(ROOT, 'index.html')), true);
  assert.equal(isInside(ROOT, path.join(ROOT, 'assets', 'a.js')), true);
  assert.equal(isInside(ROOT, ROOT), false);
  assert.equal(isInside(ROOT, path.dirname(ROOT)), false);
  assert.equal(isInside(ROOT, `${ROOT}-evil${path.sep}index.html`), false);
  assert.equal(isInside(ROOT, path.resolve(ROOT, '..', 'secret.txt')), false);
});

test('responses carry the CSP, a real MIME type and nosniff', () => {
  const headers = responseHeadersFor('/x/index.html');
  assert.equal(headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
  assert.equal(headers['X-Content-Type-Options'], 'nosniff');
  assert.equal(headers['Content-Type'], 'text/html; charset=utf-8');
  assert.equal(mimeTypeFor('a/b/app.JS'), 'text/javascript; charset=utf-8');
  assert.equal(mimeTypeFor('style.css'), 'text/css; charset=utf-8');
  assert.equal(mimeTypeFor('font.woff2'), 'font/woff2');
  assert.equal(mimeTypeFor('noextension'), 'application/octet-stream');
});

test('app:// handler serves files with headers and refuses escapes, symlinks included', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nadawca-app-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Nadawca</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  const handle = createAppFileHandler(root);

  const ok = await handle(new Request('app://nadawca/index.html'));
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), '<!doctype html><title>Nadawca</title>');
  assert.equal(ok.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(ok.headers.get('content-type'), 'text/html; charset=utf-8');

  for (const url of ['app://nadawca/assets/link.txt', 'app://nadawca/%2e%2e/secret.txt', 'app://nadawca/missing.js', 'app://nadawca/assets']) {
    const res = await handle(new Request(url));
    assert.equal(res.status, 404, url);
    assert.doesNotMatch(await res.text(), /secret/);
  }
  assert.equal((await handle(new Request('app://nadawca/index.html', { method: 'POST', body: 'x' }))).status, 405);
});

test('a second launch focuses the existing window', () => {
  assert.equal(secondInstanceAction({ exists: false, minimized: false }), 'create-window');
  assert.equal(secondInstanceAction({ exists: true, minimized: true }), 'restore-and-focus');
  assert.equal(secondInstanceAction({ exists: true, minimized: false }), 'focus');
});
