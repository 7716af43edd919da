/** The main window: policy webPreferences, shown once painted, loading app://nadawca/index.html. */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL, secondInstanceAction, webPreferencesFor } from './policy';

export interface MainWindowOptions {
  preloadPath: string;
  packaged: boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Nadawca',
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    webPreferences: webPreferencesFor(opts.preloadPath, { packaged: opts.packaged }),
  });
  win.once('ready-to-show', () => win.show());
  // The page title must not replace the product name in the title bar.
  win.on('page-title-updated', (event) => event.preventDefault());
  return win;
}

/** Loads the renderer; a failure is reported by the caller (it cannot show a page). */
export function loadApp(win: BrowserWindow): Promise<void> {
  return win.loadURL(APP_ENTRY_URL);
}

/** Second launch: bring the existing window forward, or ask for a new one. */
export function bringForward(win: BrowserWindow | null): 'create-window' | 'done' {
  const live = win !== null && !win.isDestroyed() ? win : null;
  const action = secondInstanceAction({ exists: live !== null, minimized: live?.isMinimized() ?? false });
  if (action === 'create-window' || live === null) return 'create-window';
  if (action === 'restore-and-focus') live.restore();
  live.focus();
  return 'done';
}
