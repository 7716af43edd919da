/** SQL of the deadlines area (migration 007): tracked letters, their events, terms, reminders, settings. */
import type { Db } from '../db/database';

export interface ItemRow {
  id: string;
  role: 'served' | 'incoming' | 'filed';
  channel: 'edoreczenia' | 'epuap';
  filing_id: string | null;
  message_id: string | null;
  title: string;
  counterparty: string;
  public_sender: 0 | 1;
  created_at: string;
}

export interface EventRow {
  seq: number;
  item_id: string;
  kind: string;
  at: string;
  detail_json: string | null;
  recorded_at: string;
}

export interface TermRow {
  id: string;
  item_id: string | null;
  start_date: string | null;
  label: string;
  preset: string;
  n: number;
  unit: 'days' | 'weeks' | 'months';
  filing_id: string | null;
  dismissed_at: string | null;
  created_at: string;
}

export function createDeadlineStore(db: Db) {
  return {
    items: () => db.prepare('SELECT * FROM deadline_items ORDER BY created_at, id').all() as ItemRow[],
    item: (id: string) => db.prepare('SELECT * FROM deadline_items WHERE id = ?').get(id) as ItemRow | undefined,
    itemByFiling: (filingId: string) => db.prepare('SELECT * FROM deadline_items WHERE filing_id = ?').get(filingId) as ItemRow | undefined,
    itemByMessage: (channel: string, messageId: string) =>
      db.prepare('SELECT * FROM deadline_items WHERE channel = ? AND message_id = ?').get(channel, messageId) as ItemRow | undefined,
    insertItem: (row: ItemRow) => db.prepare(`INSERT INTO deadline_items (id, role, channel, filing_id, message_id, title, counterparty, public_sender, created_at)
      VALUES (@id, @role, @channel, @filing_id, @message_id, @title, @counterparty, @public_sender, @created_at)`).run(row),
    events: (itemId: string) => db.prepare('SELECT * FROM deadline_events WHERE item_id = ? ORDER BY seq').all(itemId) as EventRow[],
    /** Idempotent: the same event (kind, instant) reported twice is stored once. */
    insertEvent: (row: Omit<EventRow, 'seq'>) => db.prepare(`INSERT OR IGNORE INTO deadline_events (item_id, kind, at, detail_json, recorded_at)
      VALUES (@item_id, @kind, @at, @detail_json, @recorded_at)`).run(row).changes > 0,
    terms: () => db.prepare('SELECT * FROM deadline_terms ORDER BY created_at, id').all() as TermRow[],
    term: (id: string) => db.prepare('SELECT * FROM deadline_terms WHERE id = ?').get(id) as TermRow | undefined,
    insertTerm: (row: TermRow) => db.prepare(`INSERT INTO deadline_terms (id, item_id, start_date, label, preset, n, unit, filing_id, dismissed_at, created_at)
      VALUES (@id, @item_id, @start_date, @label, @preset, @n, @unit, @filing_id, @dismissed_at, @created_at)`).run(row),
    linkFiling: (id: string, filingId: string | null) => db.prepare('UPDATE deadline_terms SET filing_id = ? WHERE id = ?').run(filingId, id),
    dismiss: (id: string, at: string) => db.prepare('UPDATE deadline_terms SET dismissed_at = ? WHERE id = ?').run(at, id),
    firedKeys: () => new Set((db.prepare('SELECT key FROM deadline_reminders').pluck().all() as string[])),
    /** Claims a reminder; false when it was already raised (by this or an earlier run). */
    claimReminder: (key: string, at: string, shown: boolean) =>
      db.prepare('INSERT OR IGNORE INTO deadline_reminders (key, fired_at, shown) VALUES (?, ?, ?)').run(key, at, shown ? 1 : 0).changes > 0,
    settingsJson: () => (db.prepare('SELECT json FROM deadline_settings WHERE id = 1').pluck().get() as string | undefined) ?? null,
    saveSettings: (json: string, at: string) => db.transaction(() => {
      db.prepare('INSERT INTO deadline_settings (id, json, updated_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at').run(json, at);
      db.prepare('INSERT INTO deadline_settings_audit (at, json) VALUES (?, ?)').run(at, json);
    })(),
  };
}
export type DeadlineStore = ReturnType<typeof createDeadlineStore>;
