/**
 * Sender profiles: a sender ("Ja", "Moja firma") kept to fill new letters. At most one is the
 * default; making one the default clears the mark elsewhere in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Sender, SenderProfile } from '../../common/contract-drafts';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';

interface ProfileRow {
  id: string;
  name: string;
  sender_json: string;
  is_default: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface SaveProfile {
  id?: string;
  name: string;
  sender: Sender;
  isDefault?: boolean;
}

const toProfile = (r: ProfileRow): SenderProfile => ({ id: r.id, name: r.name, sender: JSON.parse(r.sender_json) as Sender, isDefault: r.is_default === 1, updatedAt: r.updated_at });

export function createProfilesService({ db, clock }: { db: Db; clock: () => Date }) {
  const byId = db.prepare<[string], ProfileRow>('SELECT * FROM sender_profiles WHERE id = ?');
  const get = (id: string): ProfileRow => {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', `sender profile ${id}`, { what: id });
    return row;
  };

  const save = db.transaction(({ id, name, sender, isDefault }: SaveProfile): SenderProfile => {
    const at = clock().toISOString();
    const current = id === undefined ? undefined : get(id);
    const makeDefault = isDefault ?? current?.is_default === 1;
    if (makeDefault) db.prepare('UPDATE sender_profiles SET is_default = 0, updated_at = ? WHERE is_default = 1 AND id IS NOT ?').run(at, id ?? null);
    const row = { id: id ?? randomUUID(), name, sender_json: JSON.stringify(sender), is_default: makeDefault ? 1 : 0, at };
    if (current) db.prepare('UPDATE sender_profiles SET name = @name, sender_json = @sender_json, is_default = @is_default, updated_at = @at WHERE id = @id').run(row);
    else db.prepare('INSERT INTO sender_profiles (id, name, sender_json, is_default, created_at, updated_at) VALUES (@id, @name, @sender_json, @is_default, @at, @at)').run(row);
    return toProfile(get(row.id));
  });

  return {
    save,
    /** The default first, then by name. */
    list: (): SenderProfile[] =>
      db.prepare<[], ProfileRow>('SELECT * FROM sender_profiles ORDER BY is_default DESC, name, id').all().map(toProfile),
    remove(id: string): { id: string } {
      if (db.prepare('DELETE FROM sender_profiles WHERE id = ?').run(id).changes === 0) throw new AppError('NOT_FOUND', `sender profile ${id}`, { what: id });
      return { id };
    },
  };
}
