/** SQL for the directory tables of migration 002: rows ↔ entries, per layer. */
import type { DirectoryEntry, DirectoryEntryView, SizeScope } from '../../common/contract-directory';
import type { Db } from '../db/database';
import { canonicalEntry } from './entry';

export type Layer = 'seed' | 'user';

interface EntryRow {
  id: string;
  name: string;
  town: string | null;
  kind: 'public';
  epuap_address: string | null;
  epuap_note: string | null;
  ade: string | null;
  limit_bytes: number | null;
  limit_scope: SizeScope | null;
  allowed_formats: string | null;
  notes: string;
  source: string;
  verified_on: string | null;
}

const COLUMNS = 'id, name, town, kind, epuap_address, epuap_note, ade, limit_bytes, limit_scope, allowed_formats, notes, source, verified_on';

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function entryOf(row: EntryRow): DirectoryEntry {
  return canonicalEntry({
    id: row.id,
    name: row.name,
    town: orUndefined(row.town),
    kind: row.kind,
    epuap: row.epuap_address === null ? undefined : { address: row.epuap_address, note: orUndefined(row.epuap_note) },
    edoreczenia: row.ade === null ? undefined : { address: row.ade },
    sizeLimit: row.limit_bytes === null || row.limit_scope === null ? undefined : { bytes: row.limit_bytes, scope: row.limit_scope },
    allowedFormats: row.allowed_formats === null ? undefined : (JSON.parse(row.allowed_formats) as string[]),
    notes: row.notes,
    source: row.source,
    verifiedOn: orUndefined(row.verified_on),
  });
}

/** The entries the user sees (their own, their edits, and the seed entries they left alone). */
export function visibleEntries(db: Db): DirectoryEntryView[] {
  const rows = db.prepare(`SELECT ${COLUMNS}, origin FROM directory_visible`).all() as (EntryRow & { origin: DirectoryEntryView['origin'] })[];
  return rows.map((r) => ({ ...entryOf(r), origin: r.origin }));
}

export function visibleEntry(db: Db, id: string): DirectoryEntryView | undefined {
  const row = db.prepare(`SELECT ${COLUMNS}, origin FROM directory_visible WHERE id = ?`).get(id) as (EntryRow & { origin: DirectoryEntryView['origin'] }) | undefined;
  return row && { ...entryOf(row), origin: row.origin };
}

export function layerEntry(db: Db, id: string, layer: Layer): { entry: DirectoryEntry; hidden: boolean } | undefined {
  const row = db.prepare(`SELECT ${COLUMNS}, hidden FROM directory_entries WHERE id = ? AND layer = ?`).get(id, layer) as (EntryRow & { hidden: 0 | 1 }) | undefined;
  return row && { entry: entryOf(row), hidden: row.hidden === 1 };
}

export function layerIds(db: Db, layer: Layer): string[] {
  return (db.prepare('SELECT id FROM directory_entries WHERE layer = ?').pluck().all(layer) as string[]);
}

export function putEntry(db: Db, layer: Layer, e: DirectoryEntry, opts: { hidden?: boolean; now: string }): void {
  db.prepare(
    `INSERT INTO directory_entries (${COLUMNS}, layer, hidden, updated_at)
     VALUES (@id, @name, @town, @kind, @epuap_address, @epuap_note, @ade, @limit_bytes, @limit_scope, @allowed_formats, @notes, @source, @verified_on, @layer, @hidden, @updated_at)
     ON CONFLICT (id, layer) DO UPDATE SET
       name = excluded.name, town = excluded.town, kind = excluded.kind, epuap_address = excluded.epuap_address,
       epuap_note = excluded.epuap_note, ade = excluded.ade, limit_bytes = excluded.limit_bytes, limit_scope = excluded.limit_scope,
       allowed_formats = excluded.allowed_formats, notes = excluded.notes, source = excluded.source,
       verified_on = excluded.verified_on, hidden = excluded.hidden, updated_at = excluded.updated_at`,
  ).run({
    id: e.id,
    name: e.name,
    town: e.town ?? null,
    kind: e.kind,
    epuap_address: e.epuap?.address ?? null,
    epuap_note: e.epuap?.note ?? null,
    ade: e.edoreczenia?.address ?? null,
    limit_bytes: e.sizeLimit?.bytes ?? null,
    limit_scope: e.sizeLimit?.scope ?? null,
    allowed_formats: e.allowedFormats ? JSON.stringify(e.allowedFormats) : null,
    notes: e.notes,
    source: e.source,
    verified_on: e.verifiedOn ?? null,
    layer,
    hidden: opts.hidden ? 1 : 0,
    updated_at: opts.now,
  });
}

export function deleteEntry(db: Db, id: string, layer: Layer): void {
  db.prepare('DELETE FROM directory_entries WHERE id = ? AND layer = ?').run(id, layer);
}
