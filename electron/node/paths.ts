import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's data folder for the OS user — the same one Electron's userData points at. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.NADAWCA_DATA) return env.NADAWCA_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Nadawca');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Nadawca');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Nadawca');
}
