import type { Db } from '../../../../native/sqlite';

/**
 * Drafts (a letter as typed, kept across crashes; revision guards against two windows overwriting
 * each other), sender profiles (at most one default), and the compose description of each filing,
 * so "new from this one" can rebuild the letter. Inline attachment content is never stored here.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE drafts (
      id          TEXT PRIMARY KEY,
      title       TEXT NOT NULL,
      spec_json   TEXT NOT NULL CHECK (json_valid(spec_json)),
      revision    INTEGER NOT NULL CHECK (revision >= 1),
      filing_id   TEXT REFERENCES filings(id),
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE INDEX drafts_updated ON drafts(updated_at);

    CREATE TABLE sender_profiles (
      id           TEXT PRIMARY KEY,
      name         TEXT NOT NULL,
      sender_json  TEXT NOT NULL CHECK (json_valid(sender_json)),
      is_default   INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL
    );
    CREATE UNIQUE INDEX sender_profiles_one_default ON sender_profiles(is_default) WHERE is_default = 1;

    -- NULL for filings created before this step: they cannot be duplicated.
    ALTER TABLE filings ADD COLUMN spec_json TEXT CHECK (spec_json IS NULL OR json_valid(spec_json));
  `);
}
