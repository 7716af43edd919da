/**
 * The correspondence register: every filing with its status, addressee, dates, case reference and
 * receipt; filtered, full-text searched (FTS5, filings_fts of migration 005), sorted and paged in
 * SQL so 100 000 items stay fast; exported as a CSV correspondence journal.
 */
import type { RegisterItem, RegisterQuery } from '../../common/contract-outbox';
import { registerQuerySchema } from '../../common/contract-outbox';
import type { Db } from '../db/database';

// Filings are never deleted and created_at is set at insert, so rowid order is creation order:
// sorting by rowid lets SQLite walk the table (and FTS results) in order instead of sorting.
const SORT_COLUMNS = { created: 'f.rowid', updated: 'f.updated_at', title: 'f.title', addressee: 'f.addressee_name', state: 'f.state' } as const;

interface Row {
  id: string; state: RegisterItem['state']; channel: RegisterItem['channel']; to_address: string; addressee_name: string; title: string;
  case_ref: string; remote_id: string | null; created_at: string; sent_at: string | null; delivered_at: string | null;
  receipt_id: string | null; receipt_verified: number | null;
}

/** Plain words → an FTS5 query matching all of them as prefixes; operators typed by the user are not interpreted. */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 20);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

export function createRegister(db: Db) {
  /**
   * FROM and WHERE for a query. A text-only query starts from the FTS5 table joined to filings, so
   * the newest-first page walks the index's rowids backwards and stops after one page, however many
   * filings match.
   */
  function where(q: ReturnType<typeof registerQuerySchema.parse>): { from: string; sql: string; params: unknown[]; rowid: string } {
    const parts: string[] = [];
    const params: unknown[] = [];
    const fts = q.text ? ftsQuery(q.text) : null;
    const otherFilters = Boolean(q.states?.length || q.channel || q.from || q.to);
    // Text alone walks the FTS index (one page, newest first). Text with other filters takes the
    // matching rowids once, as a set: joined, SQLite would start from a filings index and run the
    // FTS match again for every candidate row (seconds on 100 000 filings).
    const join = fts !== null && !otherFilters;
    if (fts) {
      parts.push(join ? 'filings_fts MATCH ?' : 'f.rowid IN (SELECT rowid FROM filings_fts WHERE filings_fts MATCH ?)');
      params.push(fts);
    }
    if (q.states?.length) {
      parts.push(`f.state IN (${q.states.map(() => '?').join(',')})`);
      params.push(...q.states);
    }
    if (q.channel) { parts.push('f.channel = ?'); params.push(q.channel); }
    if (q.from) { parts.push('f.created_at >= ?'); params.push(q.from); }
    if (q.to) { parts.push('f.created_at <= ?'); params.push(q.to.length === 10 ? `${q.to}T99` : q.to); }
    return {
      from: join ? 'filings_fts JOIN filings f ON f.rowid = filings_fts.rowid' : 'filings f',
      sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '',
      params,
      rowid: join ? 'filings_fts.rowid' : 'f.rowid',
    };
  }

  function select(q: ReturnType<typeof registerQuerySchema.parse>, page: { offset: number; limit: number } | null): Row[] {
    const w = where(q);
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    const column = q.sort === 'created' ? w.rowid : SORT_COLUMNS[q.sort];
    // Exactly "ORDER BY rowid" for the default sort: FTS5 then yields rowids in order, no sorting.
    const inner = q.sort === 'created' ? `ORDER BY ${column} ${dir}` : `ORDER BY ${column} ${dir}, ${w.rowid} ${dir}`;
    const limit = page ? `LIMIT ${page.limit} OFFSET ${page.offset}` : '';
    return db.prepare<unknown[], Row>(`
      SELECT f.id, f.state, f.channel, f.to_address, f.addressee_name, f.title, f.case_ref, f.remote_id, f.created_at, f.sent_at, f.delivered_at,
             r.id AS receipt_id, r.verified AS receipt_verified
      FROM (SELECT f.rowid AS rid, f.* FROM ${w.from} ${w.sql} ${inner} ${limit}) f
      LEFT JOIN receipts r ON r.id = (SELECT id FROM receipts WHERE filing_id = f.id ORDER BY received_at DESC LIMIT 1)
      ORDER BY ${q.sort === 'created' ? 'f.rid' : SORT_COLUMNS[q.sort]} ${dir}, f.rid ${dir}`).all(...w.params);
  }

  const toItem = (r: Row): RegisterItem => ({
    id: r.id, state: r.state, channel: r.channel, to: r.to_address, addressee: r.addressee_name, title: r.title, caseRef: r.case_ref,
    remoteId: r.remote_id, createdAt: r.created_at, sentAt: r.sent_at, deliveredAt: r.delivered_at,
    receiptId: r.receipt_id, receiptVerified: r.receipt_verified === null ? null : r.receipt_verified === 1,
  });

  return {
    query(input: RegisterQuery): { total: number; items: RegisterItem[] } {
      const q = registerQuerySchema.parse(input);
      const w = where(q);
      // A text-only query is counted in the FTS index alone; the join is needed only to filter.
      const textOnly = q.text && !q.states?.length && !q.channel && !q.from && !q.to;
      const total = (db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM ${textOnly ? 'filings_fts' : w.from} ${w.sql}`).get(...w.params))!.n;
      return { total, items: select(q, { offset: q.offset, limit: q.limit }).map(toItem) };
    },

    /** Dziennik korespondencji: one line per letter, oldest first numbering, ';'-separated with a BOM. */
    exportCsv(input: Omit<RegisterQuery, 'offset' | 'limit'>, headers: string[]): { csv: string; rows: number } {
      const rows = select(registerQuerySchema.parse({ ...input, sort: 'created', direction: 'asc' }), null).map(toItem);
      const cell = (v: string | null) => {
        const s = v ?? '';
        return /[";\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? "'" : '') + s.replace(/"/g, '""')}"` : s;
      };
      const lines = rows.map((r, i) => [String(i + 1), r.createdAt.slice(0, 10), r.sentAt, r.deliveredAt, r.addressee, r.to, r.title, r.caseRef, r.state, r.remoteId, r.receiptId ? (r.receiptVerified ? 'UPP ✓' : 'UPP ✗') : ''].map(cell).join(';'));
      return { csv: '\uFEFF' + [headers.map(cell).join(';'), ...lines].join('\r\n') + '\r\n', rows: rows.length };
    },
  };
}

export type Register = ReturnType<typeof createRegister>;
