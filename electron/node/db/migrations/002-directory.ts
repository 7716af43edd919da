import type { Db } from '../../../../native/sqlite';

/**
 * The inbox directory. Two layers share one table: 'seed' rows mirror the shipped seed (keyed by
 * the seed id, rewritten by every seed update) and 'user' rows hold the user's own entries and
 * the user's edits of seed entries (same id as the seed row, which they shadow). A seed update
 * never touches a 'user' row; hiding a seed entry is a 'user' row with hidden = 1.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE directory_entries (
      id               TEXT NOT NULL,
      layer            TEXT NOT NULL CHECK (layer IN ('seed', 'user')),
      hidden           INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1) AND (hidden = 0 OR layer = 'user')),
      name             TEXT NOT NULL,
      town             TEXT,
      kind             TEXT NOT NULL CHECK (kind = 'public'),
      epuap_address    TEXT,
      epuap_note       TEXT,
      ade              TEXT,
      limit_bytes      INTEGER,
      limit_scope      TEXT CHECK (limit_scope IN ('attachments', 'document', 'file')),
      allowed_formats  TEXT,
      notes            TEXT NOT NULL,
      source           TEXT NOT NULL,
      verified_on      TEXT,
      updated_at       TEXT NOT NULL,
      PRIMARY KEY (id, layer),
      CHECK ((limit_bytes IS NULL) = (limit_scope IS NULL)),
      CHECK (epuap_note IS NULL OR epuap_address IS NOT NULL)
    );
    CREATE INDEX directory_entries_epuap ON directory_entries(epuap_address);
    CREATE INDEX directory_entries_ade ON directory_entries(ade);

    -- What the user sees: their rows that are not hidden, and the seed rows they did not shadow.
    CREATE VIEW directory_visible AS
      SELECT u.id, u.name, u.town, u.kind, u.epuap_address, u.epuap_note, u.ade, u.limit_bytes, u.limit_scope,
             u.allowed_formats, u.notes, u.source, u.verified_on,
             CASE WHEN EXISTS (SELECT 1 FROM directory_entries s WHERE s.id = u.id AND s.layer = 'seed') THEN 'edited' ELSE 'user' END AS origin
        FROM directory_entries u
       WHERE u.layer = 'user' AND u.hidden = 0
      UNION ALL
      SELECT s.id, s.name, s.town, s.kind, s.epuap_address, s.epuap_note, s.ade, s.limit_bytes, s.limit_scope,
             s.allowed_formats, s.notes, s.source, s.verified_on, 'seed' AS origin
        FROM directory_entries s
       WHERE s.layer = 'seed' AND NOT EXISTS (SELECT 1 FROM directory_entries u WHERE u.id = s.id AND u.layer = 'user');
  `);
}
