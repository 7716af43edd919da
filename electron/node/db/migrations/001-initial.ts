import type { Db } from '../../../../native/sqlite';

/** Filings, their append-only events, content-addressed files and receipts. */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE files (
      sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      size        INTEGER NOT NULL,
      media_type  TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );

    CREATE TABLE filings (
      id              TEXT PRIMARY KEY,
      client_id       TEXT NOT NULL UNIQUE,
      channel         TEXT NOT NULL CHECK (channel IN ('edoreczenia', 'epuap', 'manual')),
      to_address      TEXT NOT NULL,
      addressee_name  TEXT NOT NULL,
      title           TEXT NOT NULL,
      file_name       TEXT NOT NULL,
      state           TEXT NOT NULL CHECK (state IN ('draft','signed','queued','sending','delivered','rejected','failed','uncertain','cancelled')),
      draft_sha256    TEXT NOT NULL REFERENCES files(sha256),
      signed_sha256   TEXT REFERENCES files(sha256),
      remote_id       TEXT,
      attempts        INTEGER NOT NULL DEFAULT 0,
      last_error      TEXT,
      next_attempt_at TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    );
    CREATE INDEX filings_state ON filings(state);

    CREATE TABLE filing_events (
      seq        INTEGER PRIMARY KEY AUTOINCREMENT,
      filing_id  TEXT NOT NULL REFERENCES filings(id),
      at         TEXT NOT NULL,
      actor      TEXT NOT NULL,
      kind       TEXT NOT NULL,
      detail     TEXT
    );
    CREATE INDEX filing_events_filing ON filing_events(filing_id, seq);
    CREATE TRIGGER filing_events_no_update BEFORE UPDATE ON filing_events
      BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;
    CREATE TRIGGER filing_events_no_delete BEFORE DELETE ON filing_events
      BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;

    CREATE TABLE receipts (
      id            TEXT PRIMARY KEY,
      filing_id     TEXT REFERENCES filings(id),
      kind          TEXT NOT NULL,
      channel       TEXT NOT NULL,
      issuer        TEXT NOT NULL,
      file_name     TEXT NOT NULL,
      sha256        TEXT NOT NULL UNIQUE REFERENCES files(sha256),
      document_id   TEXT,
      delivered_at  TEXT,
      received_at   TEXT NOT NULL,
      verified      INTEGER NOT NULL CHECK (verified IN (0, 1)),
      checks_json   TEXT NOT NULL
    );
    CREATE INDEX receipts_filing ON receipts(filing_id);
    -- A receipt is kept byte for byte: its content reference never changes once stored.
    CREATE TRIGGER receipts_keep_content BEFORE UPDATE OF sha256, file_name ON receipts
      BEGIN SELECT RAISE(ABORT, 'receipt content is immutable'); END;
    CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
      BEGIN SELECT RAISE(ABORT, 'receipts are never deleted'); END;
  `);
}
