/**
 * SQL for filings and their append-only events. Every state change goes through `transition`,
 * which checks the expected current state and records an event in the same transaction.
 */
import type { Channel } from '../../common/addresses';
import type { FilingDetail, FilingState, OutboxItem } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';

export interface FilingRow {
  id: string;
  client_id: string;
  channel: Channel;
  to_address: string;
  addressee_name: string;
  title: string;
  file_name: string;
  state: FilingState;
  draft_sha256: string;
  signed_sha256: string | null;
  remote_id: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1 while the user holds it back from sending (migration 005). */
  paused: number;
  /** When the outbox lost track of whether the service got it; the reconciliation clock starts here. */
  uncertain_since: string | null;
  sent_at: string | null;
  delivered_at: string | null;
  /** Znak sprawy — the office's case reference the letter answers, '' when none. */
  case_ref: string;
}

export type NewFiling = Pick<FilingRow, 'id' | 'client_id' | 'channel' | 'to_address' | 'addressee_name' | 'title' | 'file_name' | 'draft_sha256'> & { case_ref?: string };
export type FilingChanges = Partial<Pick<FilingRow, 'signed_sha256' | 'remote_id' | 'attempts' | 'last_error' | 'next_attempt_at' | 'uncertain_since' | 'sent_at' | 'delivered_at'>>;

export interface EventInfo {
  actor: string;
  kind: string;
  detail?: string | null;
}

export function createFilingsRepo(db: Db, clock: () => Date) {
  const now = () => clock().toISOString();
  const byId = db.prepare<[string], FilingRow>('SELECT * FROM filings WHERE id = ?');
  const addEvent = db.prepare('INSERT INTO filing_events (filing_id, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?)');

  function get(id: string): FilingRow {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', `filing ${id}`, { what: id });
    return row;
  }

  return {
    get,
    insert: db.transaction((f: NewFiling, event: EventInfo): FilingRow => {
      const at = now();
      // case_ref (migration 005) only when given, so the statement also runs on older schemas.
      const caseRef = f.case_ref ? [', case_ref', ', @case_ref'] : ['', ''];
      db.prepare(`INSERT INTO filings (id, client_id, channel, to_address, addressee_name, title, file_name, state, draft_sha256${caseRef[0]}, created_at, updated_at)
                  VALUES (@id, @client_id, @channel, @to_address, @addressee_name, @title, @file_name, 'draft', @draft_sha256${caseRef[1]}, @at, @at)`).run({ ...f, at });
      addEvent.run(f.id, at, event.actor, event.kind, event.detail ?? null);
      return get(f.id);
    }),
    /** Moves a filing from one of `from` to `to`; throws INVALID_STATE when it is elsewhere. */
    transition: db.transaction((id: string, from: readonly FilingState[], to: FilingState, changes: FilingChanges, event: EventInfo): FilingRow => {
      const current = get(id);
      if (!from.includes(current.state)) throw new AppError('INVALID_STATE', `filing ${id} is ${current.state}`, { state: current.state });
      const at = now();
      const sets = Object.keys(changes).map((k) => `${k} = @${k}`);
      db.prepare(`UPDATE filings SET state = @to, updated_at = @at${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = @id`)
        .run({ ...changes, to, at, id });
      addEvent.run(id, at, event.actor, event.kind, event.detail ?? null);
      return get(id);
    }),
    /** Records an event that does not change the state (a note, a duplicate found, progress milestones). */
    note: (id: string, event: EventInfo): void => {
      get(id);
      addEvent.run(id, now(), event.actor, event.kind, event.detail ?? null);
    },
    /** Holds a filing back from (or releases it to) the sender; recorded as an event. */
    setPaused: db.transaction((id: string, paused: boolean, event: EventInfo): FilingRow => {
      get(id);
      db.prepare('UPDATE filings SET paused = ?, updated_at = ? WHERE id = ?').run(paused ? 1 : 0, now(), id);
      addEvent.run(id, now(), event.actor, event.kind, event.detail ?? null);
      return get(id);
    }),
    setCaseRef: (id: string, caseRef: string): void => {
      db.prepare('UPDATE filings SET case_ref = ? WHERE id = ?').run(caseRef, id);
    },
    /** Filings sent under this file name (a UPP names the document it binds by it). */
    byFileName: (fileName: string): FilingRow[] =>
      db.prepare<[string], FilingRow>('SELECT * FROM filings WHERE file_name = ? ORDER BY created_at, id').all(fileName),
    list: (): FilingRow[] => db.prepare<[], FilingRow>('SELECT * FROM filings ORDER BY created_at DESC, id').all(),
    inStates: (states: readonly FilingState[]): FilingRow[] =>
      db.prepare<string[], FilingRow>(`SELECT * FROM filings WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY created_at, id`).all(...states),
    events: (id: string) =>
      db.prepare<[string], { at: string; actor: string; kind: string; detail: string | null }>(
        'SELECT at, actor, kind, detail FROM filing_events WHERE filing_id = ? ORDER BY seq').all(id),
    receiptIds: (id: string): string[] =>
      db.prepare<[string], { id: string }>('SELECT id FROM receipts WHERE filing_id = ? ORDER BY received_at, id').all(id).map((r) => r.id),
  };
}

export type FilingsRepo = ReturnType<typeof createFilingsRepo>;

export function toOutboxItem(row: FilingRow): OutboxItem {
  return {
    id: row.id,
    state: row.state,
    channel: row.channel,
    to: row.to_address,
    title: row.title,
    attempts: row.attempts,
    lastError: row.last_error,
    updatedAt: row.updated_at,
    ...(row.paused ? { paused: true } : {}),
  };
}

export function toFilingDetail(repo: FilingsRepo, row: FilingRow): FilingDetail {
  return {
    ...toOutboxItem(row),
    documentSha256: row.signed_sha256,
    fileName: row.file_name,
    events: repo.events(row.id),
    receiptIds: repo.receiptIds(row.id),
  };
}
