import type { Db } from '../../../../native/sqlite';

/**
 * Signatures and trust (issue 4): certificates the user trusts for verification (added as PEM; kept
 * as DER with their fingerprint, so the same certificate is never added twice) and the
 * time-stamping servers. The known public TSAs are listed disabled: a request sends a hash of the
 * user's document to a third party, so the user turns one on.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE trust_anchors (
      fingerprint256  TEXT PRIMARY KEY CHECK (length(fingerprint256) = 64),
      subject         TEXT NOT NULL,
      der             BLOB NOT NULL,
      added_at        TEXT NOT NULL
    );

    CREATE TABLE tsa_servers (
      url         TEXT PRIMARY KEY CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
      name        TEXT NOT NULL,
      enabled     INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
      position    INTEGER NOT NULL,
      added_at    TEXT NOT NULL
    );

    INSERT INTO tsa_servers (url, name, enabled, position, added_at) VALUES
      ('http://www.ts.kir.com.pl/HttpTspServer', 'KIR (Szafir) — kwalifikowany znacznik czasu', 0, 1, '2026-11-23T00:00:00Z'),
      ('http://qts.certum.pl/qts', 'Certum — kwalifikowany znacznik czasu', 0, 2, '2026-11-23T00:00:00Z');
  `);
}
