import type { Db } from '../../../../native/sqlite';

/**
 * Cards and certificate files (issue 3): PKCS#11 modules the user added by path, PKCS#12 files
 * (path + their certificate; the password is never stored), and the certificate the user chose for
 * signing — by its fingerprint (SHA-256 of the DER), never by slot, so the choice survives
 * re-insertion of the card.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE card_modules (
      path      TEXT PRIMARY KEY,
      added_at  TEXT NOT NULL
    );

    CREATE TABLE card_files (
      path             TEXT PRIMARY KEY,
      label            TEXT NOT NULL,
      certificate_id   TEXT NOT NULL CHECK (length(certificate_id) = 64),
      certificate_der  BLOB NOT NULL,
      added_at         TEXT NOT NULL
    );

    CREATE TABLE card_choice (
      purpose         TEXT PRIMARY KEY CHECK (purpose IN ('sign')),
      certificate_id  TEXT NOT NULL CHECK (length(certificate_id) = 64),
      subject         TEXT NOT NULL,
      token_label     TEXT NOT NULL,
      chosen_at       TEXT NOT NULL
    );
  `);
}
