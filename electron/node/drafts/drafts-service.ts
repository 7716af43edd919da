/**
 * Drafts: a letter as typed, saved whole on every autosave. Each save is one transaction (WAL,
 * synchronous=FULL), so a draft is on disk when save returns. The revision makes a save from a
 * stale copy fail instead of silently overwriting another window's work.
 */
import { randomUUID } from 'node:crypto';
import { draftSpecSchema, type Draft, type DraftSpec, type DraftSummary } from '../../common/contract-drafts';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import { filingSpecStore, type StoredFilingSpec } from './filing-spec';

interface DraftRow {
  id: string;
  title: string;
  spec_json: string;
  revision: number;
  filing_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SaveDraft {
  id?: string;
  revision?: number;
  spec: DraftSpec;
  filingId?: string;
}

const titleOf = (spec: DraftSpec) => spec.title?.trim() ?? '';
const toDraft = (row: DraftRow): Draft => ({ id: row.id, revision: row.revision, spec: JSON.parse(row.spec_json) as DraftSpec, updatedAt: row.updated_at });

/** A filing's description as a draft: inline attachments cannot follow (a draft holds no content). */
function fromFiling(stored: StoredFilingSpec): { spec: DraftSpec; omitted: string[] } {
  const omitted = stored.attachments.flatMap((a) => ('fileName' in a ? [a.fileName] : []));
  const attachments = stored.attachments.flatMap((a) => ('stagedId' in a ? [{ stagedId: a.stagedId, description: a.description }] : []));
  const parsed = draftSpecSchema.safeParse({ ...stored, attachments });
  if (!parsed.success) throw new AppError('INTERNAL', 'stored filing description does not fit a draft');
  return { spec: parsed.data, omitted };
}

export function createDraftsService({ db, clock }: { db: Db; clock: () => Date }) {
  const byId = db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE id = ?');
  const filingSpecs = filingSpecStore(db);

  const get = (id: string): DraftRow => {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', `draft ${id}`, { what: id });
    return row;
  };
  const filingExists = (id: string) => {
    if (filingSpecs.get(id) === undefined) throw new AppError('NOT_FOUND', `filing ${id}`, { what: id });
  };

  const insert = db.transaction((spec: DraftSpec, filingId: string | null): Draft => {
    const id = randomUUID();
    const at = clock().toISOString();
    db.prepare('INSERT INTO drafts (id, title, spec_json, revision, filing_id, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)')
      .run(id, titleOf(spec), JSON.stringify(spec), filingId, at, at);
    return toDraft(get(id));
  });

  const update = db.transaction((id: string, revision: number, spec: DraftSpec, filingId: string | undefined): Draft => {
    const row = get(id);
    if (row.revision !== revision) throw new AppError('DRAFT_CONFLICT', `draft ${id} is at revision ${row.revision}, not ${revision}`, { current: row.revision, given: revision });
    db.prepare('UPDATE drafts SET title = ?, spec_json = ?, revision = revision + 1, filing_id = coalesce(?, filing_id), updated_at = ? WHERE id = ?')
      .run(titleOf(spec), JSON.stringify(spec), filingId ?? null, clock().toISOString(), id);
    return toDraft(get(id));
  });

  return {
    save({ id, revision, spec, filingId }: SaveDraft): { id: string; revision: number; updatedAt: string } {
      if (filingId !== undefined) filingExists(filingId);
      const d = id === undefined ? insert(spec, filingId ?? null) : update(id, revision ?? 0, spec, filingId);
      return { id: d.id, revision: d.revision, updatedAt: d.updatedAt };
    },

    list: (): DraftSummary[] =>
      db.prepare<[], DraftRow>('SELECT * FROM drafts ORDER BY updated_at DESC, id').all()
        .map((r) => ({ id: r.id, title: r.title, updatedAt: r.updated_at, filingId: r.filing_id })),

    get: (id: string): Draft => toDraft(get(id)),

    remove(id: string): { id: string } {
      if (db.prepare('DELETE FROM drafts WHERE id = ?').run(id).changes === 0) throw new AppError('NOT_FOUND', `draft ${id}`, { what: id });
      return { id };
    },

    /** "New from this one": from a draft as saved, or from the letter a filing was created from. */
    duplicate(from: { id: string } | { filingId: string }): Draft & { omittedAttachments: string[] } {
      if ('id' in from) return { ...insert(toDraft(get(from.id)).spec, null), omittedAttachments: [] };
      const stored = filingSpecs.get(from.filingId);
      if (stored === undefined) throw new AppError('NOT_FOUND', `filing ${from.filingId}`, { what: from.filingId });
      if (stored === null) throw new AppError('NOT_FOUND', `description of filing ${from.filingId}`, { what: from.filingId });
      const { spec, omitted } = fromFiling(stored);
      return { ...insert(spec, null), omittedAttachments: omitted };
    },
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;
