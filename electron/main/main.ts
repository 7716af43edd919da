/**
 * Electron main process: lifecycle only. Behaviour lives in the services (electron/node), security
 * decisions in policy.ts; this file wires them to Electron in the order Electron requires.
 */
import path from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { isAppError } from '../common/errors';
import { errorMessage, pickLang } from '../common/messages';
import { createStreamLogger } from '../node/logger';
import { createServices } from '../node/services';
import type { Services } from '../node/services-api';
import { startDeadlineScheduler } from './deadline-scheduler';
import { bindIpc, type IpcBinding } from './ipc';
import { startNetworkWatch } from './network-watch';
import { desktopHooks } from './pdf-print';
import { previewFromRouter, registerAppScheme, serveAppFiles } from './protocol';
import { hardenSession, hardenWebContents } from './security';
import { utilityLauncher } from './utility-launcher';
import { bringForward, createMainWindow, loadApp } from './windows';

/** Built layout: out/main/main.js beside out/preload, out/renderer and out/signer. */
const OUT_DIR = path.join(__dirname, '..');
const logger = createStreamLogger((line) => process.stderr.write(line));

let services: Services | null = null;
let ipc: IpcBinding | null = null;
let mainWindow: BrowserWindow | null = null;
let stopReminders: (() => void) | null = null;
let stopNetworkWatch: (() => void) | null = null;
let quitting = false;

// One writer to the database (ARCHITECTURE §1): a second launch only focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Both must happen before 'ready'.
  app.enableSandbox();
  registerAppScheme();

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    if (ipc !== null && bringForward(mainWindow) === 'create-window') openWindow();
  });
  app.on('activate', () => {
    if (ipc !== null && mainWindow === null) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    // Let the services finish (outbox state, database, signer host) before the process ends.
    if (services === null) return;
    event.preventDefault();
    void shutDown().finally(() => app.quit());
  });

  app.whenReady().then(ready).catch(fail);
}

async function ready(): Promise<void> {
  hardenSession(session.defaultSession);
  serveAppFiles(session.defaultSession, path.join(OUT_DIR, 'renderer'), previewFromRouter(() => services?.router ?? null));
  const lang = pickLang([app.getLocale()]);
  const created = await createServices({
    dataDir: app.getPath('userData'),
    signerHost: { entry: path.join(OUT_DIR, 'signer', 'host.js') },
    launcher: utilityLauncher,
    backgroundSendIntervalMs: 30_000,
    desktop: desktopHooks(() => mainWindow),
    version: app.getVersion(),
    lang,
    logger,
  });
  services = created;
  if (quitting) return app.quit(); // quit was asked while the services were starting
  ipc = bindIpc(created);
  openWindow();
  stopReminders = startDeadlineScheduler(created.deadlines, logger, () => {
    if (bringForward(mainWindow) === 'create-window') openWindow();
  });
  stopNetworkWatch = startNetworkWatch(created, logger);
}

function openWindow(): void {
  const win = createMainWindow({ preloadPath: path.join(OUT_DIR, 'preload', 'preload.js'), packaged: app.isPackaged });
  ipc?.registerWindow(win);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  loadApp(win).catch(fail);
}

async function shutDown(): Promise<void> {
  const running = services;
  services = null;
  stopReminders?.();
  stopReminders = null;
  stopNetworkWatch?.();
  stopNetworkWatch = null;
  ipc?.dispose();
  ipc = null;
  try {
    await running?.close();
  } catch (e) {
    logger.error('closing services failed', { error: String(e) });
  }
}

/** Start-up failures: say what happened in the user's language, then leave. */
function fail(e: unknown): void {
  logger.error('start-up failed', { error: String((e as Error)?.stack ?? e) });
  const lang = app.isReady() ? pickLang([app.getLocale()]) : 'pl';
  const text = isAppError(e) ? errorMessage(lang, e.code, e.details) : errorMessage(lang, 'INTERNAL');
  dialog.showErrorBox('Nadawca', text);
  void shutDown().finally(() => app.exit(1));
}
