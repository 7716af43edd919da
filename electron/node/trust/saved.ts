/**
 * The trust settings of a data folder for the `nadawca` command: read-only, without the writer
 * lock or migrations, so `verify` and `sign` work while the app is open. A folder the app never
 * used (or used before migration 009) simply has no settings.
 */
import type { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { TsaConfig } from '../signatures/api';
import { createTrustStore } from './store';

export interface SavedTrust {
  anchors: X509Certificate[];
  enabledTsa: TsaConfig[];
}

export function readSavedTrust(dataDir: string): SavedTrust {
  const file = join(dataDir, 'nadawca.sqlite');
  if (!existsSync(file)) return { anchors: [], enabledTsa: [] };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('trust_anchors', 'tsa_servers')").get() as { n: number };
    if (tables.n < 2) return { anchors: [], enabledTsa: [] };
    const store = createTrustStore(db);
    return { anchors: store.certificates(), enabledTsa: store.enabledTsa() };
  } finally {
    db.close();
  }
}
