/**
 * The shipped directory (resources/runtime/directory/seed.json, documented in the README beside
 * it) and how it reaches the database: the seed layer is brought in line with the file on every
 * start, which is idempotent and also carries seed updates of a new app version. The user's layer
 * is never touched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DirectoryEntry } from '../../common/contract-directory';
import type { Db } from '../db/database';
import { runtimeDir } from '../runtime-resources';
import { sameEntry } from './entry';
import { parseFile } from './exchange';
import { deleteEntry, layerEntry, layerIds, putEntry } from './store';

export function seedPath(): string {
  return join(runtimeDir(), 'directory', 'seed.json');
}

/** Reads and checks the seed; a broken seed is a build error, so it throws. */
export function readSeed(path = seedPath()): DirectoryEntry[] {
  const { records, errors } = parseFile('json', readFileSync(path, 'utf8'));
  if (errors.length > 0) throw new Error(`invalid directory seed ${path}: ${JSON.stringify(errors)}`);
  return records.map(({ line, entry }) => {
    if (entry.id === undefined) throw new Error(`directory seed entry ${line} has no id`);
    return { ...entry, id: entry.id };
  });
}

/** Makes the seed layer equal to `seed`; writes only what changed. */
export function syncSeed(db: Db, seed: readonly DirectoryEntry[], now: string): { written: number; removed: number } {
  return db.transaction(() => {
    let written = 0;
    for (const entry of seed) {
      const stored = layerEntry(db, entry.id, 'seed');
      if (stored && sameEntry(stored.entry, entry)) continue;
      putEntry(db, 'seed', entry, { now });
      written++;
    }
    const keep = new Set(seed.map((e) => e.id));
    const gone = layerIds(db, 'seed').filter((id) => !keep.has(id));
    for (const id of gone) {
      deleteEntry(db, id, 'seed');
      // Hiding an entry that no longer ships means nothing; an edit of it stays as the user's own entry.
      if (layerEntry(db, id, 'user')?.hidden) deleteEntry(db, id, 'user');
    }
    return { written, removed: gone.length };
  })();
}
