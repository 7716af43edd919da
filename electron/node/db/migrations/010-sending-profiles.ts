import type { Db } from '../../../../native/sqlite';

/**
 * ePUAP sending profiles (issue 6 point 2) in sending_profiles (migration 005): the PKCS#12 system
 * certificate and its password, each sealed by edoreczenia/secrets.ts (AES-GCM, bound to the
 * profile id) — never in the clear; spec_json keeps only what may be shown.
 */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE sending_profiles ADD COLUMN pkcs12_enc TEXT;
    ALTER TABLE sending_profiles ADD COLUMN pkcs12_password_enc TEXT;
    CREATE UNIQUE INDEX sending_profiles_name ON sending_profiles(channel, name);
  `);
}
