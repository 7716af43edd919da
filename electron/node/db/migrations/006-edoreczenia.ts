import type { Db } from '../../../../native/sqlite';

/**
 * e-Doręczenia: what each send did at the service (draft, message task, message ids — the basis
 * for reconciling an uncertain send before any resend) and every evidence received, kept byte for
 * byte in the content-addressed files with its verification, tied to its filing; the box
 * profiles (secrets sealed by edoreczenia/secrets.ts, never in the clear) and the incoming letters
 * the user opened (opening a Stub is collection: when it happened is kept).
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE edoreczenia_sends (
      filing_id    TEXT PRIMARY KEY REFERENCES filings(id),
      box          TEXT NOT NULL,
      draft_id     TEXT,
      task_id      TEXT,
      message_id   TEXT,
      updated_at   TEXT NOT NULL
    );

    CREATE TABLE edoreczenia_evidences (
      evidence_id  TEXT NOT NULL,
      box          TEXT NOT NULL,
      filing_id    TEXT REFERENCES filings(id),
      message_id   TEXT NOT NULL,
      type         TEXT NOT NULL,
      event_date   TEXT,
      sha256       TEXT NOT NULL REFERENCES files(sha256),
      verified     INTEGER NOT NULL CHECK (verified IN (0, 1)),
      checks_json  TEXT NOT NULL CHECK (json_valid(checks_json)),
      received_at  TEXT NOT NULL,
      PRIMARY KEY (box, evidence_id)
    );
    CREATE INDEX edoreczenia_evidences_filing ON edoreczenia_evidences(filing_id);
    CREATE INDEX edoreczenia_evidences_message ON edoreczenia_evidences(message_id);

    CREATE TABLE edoreczenia_profiles (
      id                  TEXT PRIMARY KEY,
      name                TEXT NOT NULL,
      address             TEXT NOT NULL,
      environment         TEXT NOT NULL CHECK (environment IN ('builtin', 'integration', 'production')),
      api_url             TEXT,
      token_url           TEXT,
      client_id           TEXT,
      client_secret_enc   TEXT,
      pkcs12_enc          TEXT,
      pkcs12_password_enc TEXT,
      ca_pem              TEXT,
      active              INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
      updated_at          TEXT NOT NULL
    );
    CREATE UNIQUE INDEX edoreczenia_profiles_one_active ON edoreczenia_profiles(active) WHERE active = 1;

    CREATE TABLE edoreczenia_incoming (
      box          TEXT NOT NULL,
      message_id   TEXT NOT NULL,
      subject      TEXT NOT NULL,
      sender       TEXT NOT NULL,
      opened_at    TEXT NOT NULL,
      files_json   TEXT NOT NULL CHECK (json_valid(files_json)),
      PRIMARY KEY (box, message_id)
    );
  `);
}
