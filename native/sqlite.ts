/**
 * Opens the application database through better-sqlite3 with the pragmas of ARCHITECTURE §4:
 * WAL, foreign keys, synchronous=FULL (outbox state changes must survive a power cut).
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
