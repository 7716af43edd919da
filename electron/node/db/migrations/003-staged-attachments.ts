import type { Db } from '../../../../native/sqlite';

/**
 * Attachments staged from disk before a letter is composed. The file is <data>/staging/<id>;
 * until committed_at is set the upload is unfinished and only its row exists (the bytes wait in
 * a temp file). format is the sniffer's verdict (attachments/formats.ts), kept so a later check
 * against an inbox's own list needs no second look at the file.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE staged_attachments (
      id             TEXT PRIMARY KEY,
      original_name  TEXT NOT NULL,
      safe_name      TEXT NOT NULL,
      size           INTEGER NOT NULL CHECK (size >= 0),
      sha256         TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
      media_type     TEXT,
      format         TEXT,
      accepted       INTEGER CHECK (accepted IN (0, 1)),
      created_at     TEXT NOT NULL,
      committed_at   TEXT,
      CHECK (committed_at IS NULL OR (sha256 IS NOT NULL AND media_type IS NOT NULL AND format IS NOT NULL AND accepted IS NOT NULL))
    );
    CREATE INDEX staged_attachments_unfinished ON staged_attachments(created_at) WHERE committed_at IS NULL;
  `);
}
