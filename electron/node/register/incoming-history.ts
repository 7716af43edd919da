/**
 * One received letter's history for the register (register.incoming): when it came, was made
 * available (D.1), collected or deemed delivered, the evidences of its message, and the files it
 * brought with their signature verdicts — read from the tables the channels keep (read only).
 */
import type { ChannelOutput } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';

type History = ChannelOutput<'register.incoming'>;
type Event = History['events'][number];
type File = History['files'][number];

interface StoredFile { name: string; size: number; sha256: string; signature: { valid: boolean; signers: string[]; problems: string[] } | null }

export function incomingHistory(db: Db, id: string): History {
  const row = db.prepare<[string], { id: string; message_id: string | null; received_at: string }>('SELECT id, message_id, received_at FROM register_incoming WHERE id = ?').get(id);
  if (!row) throw new AppError('NOT_FOUND', `received letter ${id}`, { what: id });
  const events: Event[] = [];
  const files: File[] = [];
  if (row.id.startsWith('doc:')) {
    const doc = db.prepare<[string], { box: string; sender: string; file_name: string; sha256: string; sent_at: string | null; received_at: string; size: number | null }>(
      'SELECT d.box, d.sender, d.file_name, d.sha256, d.sent_at, d.received_at, f.size FROM incoming_documents d LEFT JOIN files f ON f.sha256 = d.sha256 WHERE d.id = ?').get(row.id.slice(4));
    if (doc) {
      if (doc.sent_at) events.push({ at: doc.sent_at, kind: 'sent', detail: doc.sender });
      events.push({ at: doc.received_at, kind: 'received', detail: `${doc.box} ← ${doc.sender}` });
      files.push({ name: doc.file_name, size: doc.size ?? 0, sha256: doc.sha256, signature: null });
    }
  } else if (row.message_id) {
    for (const e of db.prepare<[string], { at: string; kind: string }>(`SELECT e.at, e.kind FROM deadline_events e JOIN deadline_items d ON d.id = e.item_id
        WHERE d.role = 'incoming' AND d.channel = 'edoreczenia' AND d.message_id = ? ORDER BY e.seq`).all(row.message_id)) {
      events.push({ at: e.at, kind: e.kind, detail: null });
    }
    const opened = db.prepare<[string], { opened_at: string; files_json: string; box: string }>('SELECT opened_at, files_json, box FROM edoreczenia_incoming WHERE message_id = ? ORDER BY opened_at LIMIT 1').get(row.message_id);
    if (opened) {
      events.push({ at: opened.opened_at, kind: 'opened', detail: opened.box });
      for (const f of JSON.parse(opened.files_json) as StoredFile[]) files.push({ name: f.name, size: f.size, sha256: f.sha256, signature: f.signature ? { valid: f.signature.valid, signers: f.signature.signers, problems: f.signature.problems } : null });
    }
    for (const e of db.prepare<[string], { type: string; event_date: string | null; received_at: string; verified: number }>(
      'SELECT type, event_date, received_at, verified FROM edoreczenia_evidences WHERE message_id = ? ORDER BY event_date, received_at').all(row.message_id)) {
      events.push({ at: e.event_date ?? e.received_at, kind: e.type, detail: e.verified ? 'verified' : 'NOT verified' });
    }
  }
  if (events.length === 0) events.push({ at: row.received_at, kind: 'received', detail: null });
  return { events: events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)), files };
}
