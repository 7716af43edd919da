/**
 * The inbox directory ("Książka adresowa"): search, read, add, edit, delete, import, export, and
 * the channel to propose for a letter. Seed entries are edited and deleted through the user's
 * layer (store.ts), so a seed update never undoes what the user did.
 */
import { randomUUID } from 'node:crypto';
import type {
  DirectoryEntry,
  DirectoryEntryView,
  ExchangeFormat,
  ImportReport,
  Proposal,
} from '../../common/contract-directory';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import { checkEntry, sameEntry } from './entry';
import { parseFile, serialise } from './exchange';
import { searchEntries, compareEntries } from './search';
import { syncSeed } from './seed';
import { deleteEntry, layerEntry, putEntry, visibleEntries, visibleEntry } from './store';

/** From this filing date e-Doręczenia is the primary channel to public bodies (docs/DOMAIN-inboxes.md §1.1). */
export const EDORECZENIA_PRIMARY_FROM = '2026-01-01';
const DEFAULT_SEARCH_LIMIT = 50;

/**
 * The channel for a letter dated `date` (YYYY-MM-DD) to `entry`: e-Doręczenia from 2026-01-01 when
 * the entry has an ADE, otherwise ePUAP; before 2026 ePUAP was equivalent, so a known box is kept.
 */
export function proposeChannel(entry: DirectoryEntry, date: string): Proposal {
  const ade = entry.edoreczenia?.address;
  const box = entry.epuap?.address;
  if (date >= EDORECZENIA_PRIMARY_FROM) {
    if (ade) return { channel: 'edoreczenia', address: ade, reason: 'edoreczenia-primary' };
    if (box) return { channel: 'epuap', address: box, reason: 'epuap-no-ade' };
  } else {
    if (box) return { channel: 'epuap', address: box, reason: 'epuap-before-2026' };
    if (ade) return { channel: 'edoreczenia', address: ade, reason: 'edoreczenia-only' };
  }
  return { channel: 'manual', address: null, reason: 'no-address' };
}

export interface DirectoryService {
  search(query: string, limit?: number): { entries: DirectoryEntryView[]; total: number };
  get(id: string): DirectoryEntryView;
  /** Adds (no id) or edits (id of a visible entry) an entry; unknown data throws INVALID_INPUT naming the fields. */
  save(input: unknown): DirectoryEntryView;
  remove(id: string): { outcome: 'deleted' | 'hidden' };
  /** All or nothing: a file with any invalid record imports nothing and says which rows and fields. */
  importText(format: ExchangeFormat, text: string): ImportReport;
  exportText(format: ExchangeFormat): { text: string; fileName: string };
  propose(id: string, date: string): Proposal;
}

export function createDirectoryService(deps: { db: Db; clock: () => Date; seed: readonly DirectoryEntry[] }): DirectoryService {
  const { db, clock } = deps;
  const now = () => clock().toISOString();
  syncSeed(db, deps.seed, now());

  function get(id: string): DirectoryEntryView {
    const entry = visibleEntry(db, id);
    if (!entry) throw new AppError('NOT_FOUND', `directory entry ${id}`, { what: id });
    return entry;
  }

  /** Writes an entry into the user's layer, or drops the user's copy when it equals the seed again. */
  function apply(entry: DirectoryEntry): 'added' | 'updated' | 'unchanged' {
    const seed = layerEntry(db, entry.id, 'seed');
    const user = layerEntry(db, entry.id, 'user');
    const current = user ? (user.hidden ? undefined : user.entry) : seed?.entry;
    if (current && sameEntry(current, entry)) return 'unchanged';
    if (seed && sameEntry(seed.entry, entry)) deleteEntry(db, entry.id, 'user');
    else putEntry(db, 'user', entry, { now: now() });
    return current ? 'updated' : 'added';
  }

  return {
    search(query, limit = DEFAULT_SEARCH_LIMIT) {
      const found = searchEntries(visibleEntries(db), query);
      return { entries: found.slice(0, limit), total: found.length };
    },

    get,

    save(input) {
      const checked = checkEntry(input);
      if (!checked.ok) throw new AppError('INVALID_INPUT', 'invalid directory entry', { fields: checked.fields });
      const { id } = checked.entry;
      if (id !== undefined) get(id); // edits only what the user can see
      const entry = { ...checked.entry, id: id ?? `u-${randomUUID()}` };
      db.transaction(() => apply(entry))();
      return get(entry.id);
    },

    remove(id) {
      const shown = get(id);
      if (shown.origin === 'user') {
        deleteEntry(db, id, 'user');
        return { outcome: 'deleted' };
      }
      const { origin: _origin, ...entry } = shown;
      putEntry(db, 'user', entry, { hidden: true, now: now() });
      return { outcome: 'hidden' };
    },

    importText(format, text) {
      const { records, errors } = parseFile(format, text);
      const report: ImportReport = { added: 0, updated: 0, unchanged: 0, errors };
      if (errors.length > 0) return report;
      db.transaction(() => {
        for (const { entry } of records) report[apply({ ...entry, id: entry.id ?? `u-${randomUUID()}` })]++;
      })();
      return report;
    },

    exportText(format) {
      const entries = visibleEntries(db)
        .sort(compareEntries)
        .map(({ origin: _origin, ...entry }) => entry);
      return { text: serialise(format, entries), fileName: `ksiazka-adresowa-${now().slice(0, 10)}.${format}` };
    },

    propose(id, date) {
      return proposeChannel(get(id), date);
    },
  };
}
