import type { Db } from '../../../../native/sqlite';

/**
 * Outbox, register and sending profiles (issue 6):
 * - filings gain what the outbox and the register need: a pause flag, when it became uncertain,
 *   when it was sent/delivered, the case reference (znak sprawy);
 * - filings_fts: FTS5 over the register's text, kept in step with filings by triggers;
 * - incoming_documents: whatever the reply box holds that is not a receipt of ours, kept byte for
 *   byte (stored before the service is told it was collected);
 * - sending_profiles: endpoints and the system certificate per channel.
 */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE filings ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
    ALTER TABLE filings ADD COLUMN uncertain_since TEXT;
    ALTER TABLE filings ADD COLUMN sent_at TEXT;
    ALTER TABLE filings ADD COLUMN delivered_at TEXT;
    ALTER TABLE filings ADD COLUMN case_ref TEXT NOT NULL DEFAULT '';
    -- The register pages by these (rowid breaks ties, so an index scan gives the order).
    CREATE INDEX filings_created ON filings(created_at);
    CREATE INDEX filings_updated ON filings(updated_at);
    CREATE INDEX filings_title ON filings(title);
    CREATE INDEX filings_addressee ON filings(addressee_name);
    CREATE INDEX filings_state_channel_created ON filings(state, channel, created_at);
    CREATE INDEX filings_channel_created ON filings(channel, created_at);
    CREATE INDEX filings_file_name ON filings(file_name);

    CREATE VIRTUAL TABLE filings_fts USING fts5(
      title, addressee_name, to_address, case_ref, remote_id,
      content='filings', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
    );
    CREATE TRIGGER filings_fts_insert AFTER INSERT ON filings BEGIN
      INSERT INTO filings_fts(rowid, title, addressee_name, to_address, case_ref, remote_id)
      VALUES (new.rowid, new.title, new.addressee_name, new.to_address, new.case_ref, coalesce(new.remote_id, ''));
    END;
    CREATE TRIGGER filings_fts_update AFTER UPDATE OF title, addressee_name, to_address, case_ref, remote_id ON filings BEGIN
      INSERT INTO filings_fts(filings_fts, rowid, title, addressee_name, to_address, case_ref, remote_id)
      VALUES ('delete', old.rowid, old.title, old.addressee_name, old.to_address, old.case_ref, coalesce(old.remote_id, ''));
      INSERT INTO filings_fts(rowid, title, addressee_name, to_address, case_ref, remote_id)
      VALUES (new.rowid, new.title, new.addressee_name, new.to_address, new.case_ref, coalesce(new.remote_id, ''));
    END;
    INSERT INTO filings_fts(rowid, title, addressee_name, to_address, case_ref, remote_id)
      SELECT rowid, title, addressee_name, to_address, case_ref, coalesce(remote_id, '') FROM filings;

    CREATE TABLE incoming_documents (
      id           TEXT PRIMARY KEY,
      channel      TEXT NOT NULL,
      box          TEXT NOT NULL,
      sender       TEXT NOT NULL,
      file_name    TEXT NOT NULL,
      sha256       TEXT NOT NULL UNIQUE REFERENCES files(sha256),
      sent_at      TEXT,
      received_at  TEXT NOT NULL
    );
    CREATE TRIGGER incoming_documents_no_delete BEFORE DELETE ON incoming_documents
      BEGIN SELECT RAISE(ABORT, 'incoming documents are never deleted'); END;

    CREATE TABLE sending_profiles (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      channel     TEXT NOT NULL,
      -- JSON of the channel-specific part (a discriminated union on "channel"); never a secret.
      spec_json   TEXT NOT NULL,
      is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE UNIQUE INDEX sending_profiles_default ON sending_profiles(channel) WHERE is_default = 1;
  `);
}
