/**
 * ARCHITECTURE §7: nothing under electron/node, electron/cli, electron/simulators or native may
 * import `electron` — the CLI, the signer host and the tests run them under plain Node, where the
 * electron package is only a stub that tries to download a binary.
 *
 * Every .ts module there is imported here. Two hooks refuse `electron` whichever loader asks
 * (CommonJS, which tsx uses for our .ts files, and ESM) and record who asked, so even an import
 * wrapped in try/catch is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import Module, { createRequire, register } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

const ROOT = path.resolve(__dirname, '..', '..');
const FOLDERS = ['electron/node', 'electron/cli', 'electron/simulators', 'native'];

/**
 * Entry modules that would act when imported (listen on process messages, serve a port). They
 * are imported like the rest, but only because they do nothing unless started as a child process
 * (`if (process.send)`); this list makes that promise checked rather than assumed.
 */
const GUARDED_ENTRIES = ['electron/node/signer/host.ts'];

interface ElectronImport {
  specifier: string;
  importer: string;
}

const isElectron = (specifier: string) => specifier === 'electron' || specifier.startsWith('electron/');
const refusal = (specifier: string, importer: string) =>
  new Error(`'${specifier}' imported by ${importer}: electron is not allowed outside electron/main and electron/preload`);

// --- hooks -------------------------------------------------------------------------------------

const found: ElectronImport[] = [];

type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;
const cjs = Module as unknown as { _resolveFilename: ResolveFilename };
const originalResolve = cjs._resolveFilename;
cjs._resolveFilename = function (request, parent, ...rest) {
  if (isElectron(request)) {
    const importer = parent?.filename ?? '(unknown)';
    found.push({ specifier: request, importer });
    throw refusal(request, importer);
  }
  return originalResolve.call(this, request, parent, ...rest);
};

// The ESM hook runs on the loader thread; it reports through a port we drain synchronously.
const { port1, port2 } = new MessageChannel();
const ESM_HOOK = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) {
    port.postMessage({ specifier, importer: context.parentURL ?? '(unknown)' });
    throw new Error("'" + specifier + "' imported by " + context.parentURL + ': electron is not allowed here');
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(ESM_HOOK)}`, { data: { port: port2 }, transferList: [port2] });

function drainEsmReports(): void {
  for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) {
    found.push(m.message as ElectronImport);
  }
}

/** Anything from node_modules/electron that got loaded despite the hooks. */
function electronInCache(): string[] {
  const cache = createRequire(__filename).cache;
  return Object.keys(cache).filter((file) => /[\\/]node_modules[\\/]electron[\\/]/.test(file));
}

// --- helpers -----------------------------------------------------------------------------------

function modulesUnder(folder: string): string[] {
  const dir = path.join(ROOT, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(c|m)?ts$/.test(e.name) && !/\.d\.(c|m)?ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .sort();
}

/** Imports one module; a module must not end the process or throw while being imported. */
async function importModule(file: string): Promise<unknown> {
  const exit = process.exit;
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code}) called while importing`);
  }) as typeof process.exit;
  try {
    await import(pathToFileURL(file).href);
    return null;
  } catch (e) {
    return e;
  } finally {
    process.exit = exit;
    drainEsmReports();
  }
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

// --- tests -------------------------------------------------------------------------------------

test('the hooks catch electron from CommonJS and from ESM, even inside try/catch', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nadawca-no-electron-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cjsFile = path.join(dir, 'uses-electron.cjs');
  const esmFile = path.join(dir, 'uses-electron.mjs');
  const tsFile = path.join(dir, 'swallows-electron.ts');
  writeFileSync(cjsFile, "require('electron');\n");
  writeFileSync(esmFile, "import 'electron';\n");
  writeFileSync(tsFile, "export async function f() {}\ntry { require('electron'); } catch {}\n");

  const before = found.length;
  assert.match(String(await importModule(cjsFile)), /electron is not allowed/);
  assert.match(String(await importModule(esmFile)), /electron is not allowed/);
  assert.equal(await importModule(tsFile), null, 'the swallowed import does not throw…');
  const reported = found.splice(before).map((f) => path.basename(f.importer));
  assert.deepEqual(reported, ['uses-electron.cjs', 'uses-electron.mjs', 'swallows-electron.ts'], '…but is reported');
});

test('no module under electron/node, electron/cli, electron/simulators or native imports electron', async () => {
  assert.equal(process.send, undefined, 'guarded entries stay inert only without an IPC channel');
  const files = FOLDERS.flatMap(modulesUnder);
  assert.ok(files.length > 0, `no modules found under ${FOLDERS.join(', ')}`);

  const before = found.length;
  const failures: string[] = [];
  for (const file of files) {
    const error = await importModule(file);
    if (error !== null) failures.push(`${rel(file)}: ${String((error as Error)?.message ?? error)}`);
  }
  const offenders = found.slice(before).map((f) => `${f.specifier} ← ${f.importer}`);

  assert.deepEqual(offenders, [], 'electron was imported');
  assert.deepEqual(electronInCache(), [], 'electron was loaded');
  assert.deepEqual(failures, [], 'modules failed to import under plain Node');
});

test('no source names electron as a module, type-only imports included', () => {
  const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]electron(?:\/[^'"]*)?['"]/;
  const offenders = FOLDERS.flatMap(modulesUnder).filter((file) => specifier.test(readFileSync(file, 'utf8')));
  assert.deepEqual(offenders.map(rel), []);
});

test('entry modules with side effects guard them with process.send', (t) => {
  const present = GUARDED_ENTRIES.filter((entry) => existsSync(path.join(ROOT, entry)));
  if (present.length === 0) t.diagnostic(`none of ${GUARDED_ENTRIES.join(', ')} exists yet`);
  for (const entry of present) {
    assert.match(readFileSync(path.join(ROOT, entry), 'utf8'), /if\s*\(\s*process\.send\b/, entry);
  }
});
