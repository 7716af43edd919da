/**
 * What the cards area remembers (migration 008): modules added by path, PKCS#12 files with their
 * certificate, and the chosen signing certificate by fingerprint. Never a PIN or a password.
 */
import { isAbsolute } from 'node:path';
import type { CertificateFile, UserModule } from '../../common/contract-cards';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';

export interface StoredChoice {
  certificateId: string;
  subject: string;
  tokenLabel: string;
  chosenAt: string;
}

export function createCardSettings(db: Db, clock: () => Date) {
  const absolute = (path: string) => {
    if (!isAbsolute(path)) throw new AppError('INVALID_INPUT', `not an absolute path: ${path}`, { fields: ['path'] });
    return path;
  };
  return {
    modules(): UserModule[] {
      return db.prepare('SELECT path, added_at AS addedAt FROM card_modules ORDER BY added_at, path').all() as UserModule[];
    },
    modulePaths(): string[] {
      return (db.prepare('SELECT path FROM card_modules ORDER BY added_at, path').all() as { path: string }[]).map((r) => r.path);
    },
    addModule(path: string): void {
      db.prepare('INSERT OR IGNORE INTO card_modules (path, added_at) VALUES (?, ?)').run(absolute(path), clock().toISOString());
    },
    removeModule(path: string): void {
      db.prepare('DELETE FROM card_modules WHERE path = ?').run(path);
    },
    files(): (CertificateFile & { der: Uint8Array })[] {
      const rows = db
        .prepare('SELECT path, label, certificate_id AS certificateId, certificate_der AS der, added_at AS addedAt FROM card_files ORDER BY added_at, path')
        .all() as (CertificateFile & { der: Buffer })[];
      return rows.map((r) => ({ ...r, der: new Uint8Array(r.der) }));
    },
    addFile(file: { path: string; label: string; certificateId: string; der: Uint8Array }): void {
      db.prepare(
        `INSERT INTO card_files (path, label, certificate_id, certificate_der, added_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET label = excluded.label, certificate_id = excluded.certificate_id, certificate_der = excluded.certificate_der`,
      ).run(absolute(file.path), file.label, file.certificateId, Buffer.from(file.der), clock().toISOString());
    },
    removeFile(path: string): void {
      db.prepare('DELETE FROM card_files WHERE path = ?').run(path);
    },
    choice(): StoredChoice | null {
      const row = db
        .prepare("SELECT certificate_id AS certificateId, subject, token_label AS tokenLabel, chosen_at AS chosenAt FROM card_choice WHERE purpose = 'sign'")
        .get() as StoredChoice | undefined;
      return row ?? null;
    },
    choose(choice: Omit<StoredChoice, 'chosenAt'>): StoredChoice {
      const stored = { ...choice, chosenAt: clock().toISOString() };
      db.prepare(
        `INSERT INTO card_choice (purpose, certificate_id, subject, token_label, chosen_at) VALUES ('sign', ?, ?, ?, ?)
         ON CONFLICT(purpose) DO UPDATE SET certificate_id = excluded.certificate_id, subject = excluded.subject,
           token_label = excluded.token_label, chosen_at = excluded.chosen_at`,
      ).run(stored.certificateId, stored.subject, stored.tokenLabel, stored.chosenAt);
      return stored;
    },
  };
}

export type CardSettings = ReturnType<typeof createCardSettings>;
