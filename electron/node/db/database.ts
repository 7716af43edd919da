/**
 * The database of a data folder: opened once, migrated to the latest schema, one writer.
 */
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../native/sqlite';
import { MIGRATIONS } from './migrations';

export type { Db };

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the steps after the current user_version up to `target`, each in its own transaction. */
export function migrate(db: Db, target = MIGRATIONS.length): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema ${current} is newer than this version of Nadawca understands (${MIGRATIONS.length})`);
  }
  for (let v = current; v < target; v++) {
    db.transaction(() => {
      MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function openAppDatabase(dataDir: string): Db {
  const db = openDatabase(join(dataDir, 'nadawca.sqlite'));
  migrate(db);
  return db;
}
