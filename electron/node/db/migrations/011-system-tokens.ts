import type { Db } from '../../../../native/sqlite';

/**
 * System certificates on a PKCS#11 token (issue 6 point 2, issue 7 point 1), for ePUAP sending
 * profiles and e-Doręczenia box profiles: the certificate's DER (public; the key stays on the
 * token) and the token PIN sealed by edoreczenia/secrets.ts (AES-GCM bound to the profile id),
 * because the background sender signs unattended. The certificate id, subject and validity live
 * with what may be shown (sending_profiles.spec_json, edoreczenia_profiles.certificate_json).
 */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE sending_profiles ADD COLUMN token_certificate_der BLOB;
    ALTER TABLE sending_profiles ADD COLUMN token_pin_enc TEXT;
    ALTER TABLE edoreczenia_profiles ADD COLUMN certificate_json TEXT;
    ALTER TABLE edoreczenia_profiles ADD COLUMN token_certificate_der BLOB;
    ALTER TABLE edoreczenia_profiles ADD COLUMN token_pin_enc TEXT;
  `);
}
