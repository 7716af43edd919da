/**
 * The correspondence register: every filing (sent, "out") with its status, addressee, dates, case
 * reference and receipt, and every received letter ("in": register_incoming of migration 012 —
 * ePUAP documents collected, e-Doręczenia letters awaiting collection, collected or deemed
 * delivered); filtered, full-text searched (FTS5: filings_fts, register_incoming_fts), sorted and
 * paged in SQL so 100 000 items stay fast; exported as a CSV correspondence journal.
 */
import type { RegisterItem, RegisterQuery } from '../../common/contract-outbox';
import { INCOMING_STATES, REGISTER_STATES, registerQuerySchema } from '../../common/contract-outbox';
import type { Db } from '../db/database';

type Query = ReturnType<typeof registerQuerySchema.parse>;
type Sort = Query['sort'];

// Filings are never deleted and created_at is set at insert, so rowid order is creation order:
// sorting by rowid lets SQLite walk the table (and FTS results) in order instead of sorting.
const SORT_COLUMNS = { created: 'f.rowid', updated: 'f.updated_at', title: 'f.title', addressee: 'f.addressee_name', state: 'f.state' } as const;
// Sent and received together are ordered by what each side has for the column (an index each).
const OUT_KEYS: Record<Sort, string> = { created: 'f.created_at', updated: 'f.updated_at', title: 'f.title', addressee: 'f.addressee_name', state: 'f.state' };
const IN_KEYS: Record<Sort, string> = { created: 'i.received_at', updated: 'coalesce(i.collected_at, i.deemed_at, i.received_at)', title: 'i.subject', addressee: 'i.sender', state: 'i.state' };

interface Row {
  id: string; state: RegisterItem['state']; channel: RegisterItem['channel']; to_address: string; addressee_name: string; title: string;
  case_ref: string; remote_id: string | null; created_at: string; sent_at: string | null; delivered_at: string | null;
  receipt_id: string | null; receipt_verified: number | null;
}

interface IncomingRow {
  id: string; channel: RegisterItem['channel']; box: string; sender: string; subject: string; case_ref: string; message_id: string | null;
  received_at: string; available_at: string | null; collected_at: string | null; deemed_at: string | null; state: RegisterItem['state'];
}

const FILING_STATES = new Set<string>(REGISTER_STATES);
const RECEIVED_STATES = new Set<string>(INCOMING_STATES);

/** Plain words → an FTS5 query matching all of them as prefixes; operators typed by the user are not interpreted. */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 20);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

const inclusiveTo = (to: string) => (to.length === 10 ? `${to}T99` : to);

export function createRegister(db: Db) {
  /** Which sides a query reads: filing states select sent letters, incoming states received ones. */
  function sides(q: Query): { out: Query | null; in: Query | null } {
    const outStates = q.states?.filter((s) => FILING_STATES.has(s));
    const inStates = q.states?.filter((s) => RECEIVED_STATES.has(s));
    const stated = Boolean(q.states?.length);
    return {
      out: q.flow !== 'in' && (!stated || outStates!.length > 0) ? { ...q, ...(stated ? { states: outStates } : {}) } : null,
      in: q.flow !== 'out' && q.channel !== 'manual' && (!stated || inStates!.length > 0) ? { ...q, ...(stated ? { states: inStates } : {}) } : null,
    };
  }

  /**
   * FROM and WHERE for the filings side. A text-only query starts from the FTS5 table joined to
   * filings, so the newest-first page walks the index's rowids backwards and stops after one page,
   * however many filings match.
   */
  function where(q: Query): { from: string; sql: string; params: unknown[]; rowid: string } {
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
    if (q.to) { parts.push('f.created_at <= ?'); params.push(inclusiveTo(q.to)); }
    return {
      from: join ? 'filings_fts JOIN filings f ON f.rowid = filings_fts.rowid' : 'filings f',
      sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '',
      params,
      rowid: join ? 'filings_fts.rowid' : 'f.rowid',
    };
  }

  /** WHERE for the received side (register_incoming i). */
  function whereIn(q: Query): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    const fts = q.text ? ftsQuery(q.text) : null;
    if (fts) { parts.push('i.rowid IN (SELECT rowid FROM register_incoming_fts WHERE register_incoming_fts MATCH ?)'); params.push(fts); }
    if (q.states?.length) { parts.push(`i.state IN (${q.states.map(() => '?').join(',')})`); params.push(...q.states); }
    if (q.channel) { parts.push('i.channel = ?'); params.push(q.channel); }
    if (q.from) { parts.push('i.received_at >= ?'); params.push(q.from); }
    if (q.to) { parts.push('i.received_at <= ?'); params.push(inclusiveTo(q.to)); }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  function countOut(q: Query): number {
    const w = where(q);
    // A text-only query is counted in the FTS index alone; the join is needed only to filter.
    const textOnly = q.text && !q.states?.length && !q.channel && !q.from && !q.to;
    return db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM ${textOnly ? 'filings_fts' : w.from} ${w.sql}`).get(...w.params)!.n;
  }

  function countIn(q: Query): number {
    const w = whereIn(q);
    return db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM register_incoming i ${w.sql}`).get(...w.params)!.n;
  }

  const pageSql = (page: { offset: number; limit: number } | null) => (page ? `LIMIT ${page.limit} OFFSET ${page.offset}` : '');

  /** A page of sent letters alone (the register before received letters existed: its fast paths). */
  function selectOut(q: Query, page: { offset: number; limit: number } | null): RegisterItem[] {
    const w = where(q);
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    const column = q.sort === 'created' ? w.rowid : SORT_COLUMNS[q.sort];
    // Exactly "ORDER BY rowid" for the default sort: FTS5 then yields rowids in order, no sorting.
    const inner = q.sort === 'created' ? `ORDER BY ${column} ${dir}` : `ORDER BY ${column} ${dir}, ${w.rowid} ${dir}`;
    return db.prepare<unknown[], Row>(`
      SELECT f.id, f.state, f.channel, f.to_address, f.addressee_name, f.title, f.case_ref, f.remote_id, f.created_at, f.sent_at, f.delivered_at,
             r.id AS receipt_id, r.verified AS receipt_verified
      FROM (SELECT f.rowid AS rid, f.* FROM ${w.from} ${w.sql} ${inner} ${pageSql(page)}) f
      LEFT JOIN receipts r ON r.id = (SELECT id FROM receipts WHERE filing_id = f.id ORDER BY received_at DESC LIMIT 1)
      ORDER BY ${q.sort === 'created' ? 'f.rid' : SORT_COLUMNS[q.sort]} ${dir}, f.rid ${dir}`).all(...w.params).map(toItem);
  }

  /** Sent and/or received letters in one order: a page of (side, rowid) keys, then the rows of that page. */
  function selectMixed(sidesOf: { out: Query | null; in: Query | null }, q: Query, page: { offset: number; limit: number } | null): RegisterItem[] {
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    // No page can reach past offset + limit rows of either side: each side reads at most that many
    // along its own fastest order (the sent side exactly as selectOut does), and only those are merged.
    const cap = page ? `LIMIT ${page.offset + page.limit}` : '';
    const arms: string[] = [];
    const params: unknown[] = [];
    if (sidesOf.out) {
      const w = where(sidesOf.out);
      // rowid order is creation order (see SORT_COLUMNS), so the side's order agrees with the merge's k.
      const order = q.sort === 'created' ? `${w.rowid} ${dir}` : `${SORT_COLUMNS[q.sort]} ${dir}, ${w.rowid} ${dir}`;
      arms.push(`SELECT * FROM (SELECT 0 AS side, f.rowid AS rid, ${OUT_KEYS[q.sort]} AS k FROM ${w.from} ${w.sql} ORDER BY ${order} ${cap})`);
      params.push(...w.params);
    }
    if (sidesOf.in) {
      const w = whereIn(sidesOf.in);
      arms.push(`SELECT * FROM (SELECT 1 AS side, i.rowid AS rid, ${IN_KEYS[q.sort]} AS k FROM register_incoming i ${w.sql} ORDER BY k ${dir}, i.rowid ${dir} ${cap})`);
      params.push(...w.params);
    }
    const keys = db.prepare<unknown[], { side: number; rid: number }>(`SELECT side, rid FROM (${arms.join(' UNION ALL ')}) ORDER BY k ${dir}, side ${dir}, rid ${dir} ${pageSql(page)}`).all(...params);
    const outIds = keys.filter((k) => k.side === 0).map((k) => k.rid);
    const inIds = keys.filter((k) => k.side === 1).map((k) => k.rid);
    const outRows = new Map<number, RegisterItem>();
    const inRows = new Map<number, RegisterItem>();
    // Bound as one JSON array: any page size, one statement.
    if (outIds.length) {
      for (const r of db.prepare<[string], Row & { rid: number }>(`
        SELECT f.rowid AS rid, f.id, f.state, f.channel, f.to_address, f.addressee_name, f.title, f.case_ref, f.remote_id, f.created_at, f.sent_at, f.delivered_at,
               r.id AS receipt_id, r.verified AS receipt_verified
        FROM filings f LEFT JOIN receipts r ON r.id = (SELECT id FROM receipts WHERE filing_id = f.id ORDER BY received_at DESC LIMIT 1)
        WHERE f.rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(outIds))) outRows.set(r.rid, toItem(r));
    }
    if (inIds.length) {
      for (const r of db.prepare<[string], IncomingRow & { rid: number }>('SELECT rowid AS rid, * FROM register_incoming WHERE rowid IN (SELECT value FROM json_each(?))').all(JSON.stringify(inIds))) inRows.set(r.rid, toIncomingItem(r));
    }
    return keys.map((k) => (k.side === 0 ? outRows : inRows).get(k.rid)!);
  }

  /** A page of what a query selects; `counts` are its matches on each side (query() needs them for the total anyway). */
  function select(q: Query, page: { offset: number; limit: number } | null): { total: number; items: RegisterItem[] } {
    const s = sides(q);
    const out = s.out ? countOut(s.out) : 0;
    const received = s.in ? countIn(s.in) : 0;
    const total = out + received;
    // Received letters are few beside sent ones: with none matching, the sent side's own paths answer.
    if (received === 0) return { total, items: out ? selectOut(s.out!, page) : [] };
    return { total, items: selectMixed({ out: out ? s.out : null, in: s.in }, q, page) };
  }

  const toItem = (r: Row): RegisterItem => ({
    id: r.id, flow: 'out', state: r.state, channel: r.channel, to: r.to_address, addressee: r.addressee_name, title: r.title, caseRef: r.case_ref,
    remoteId: r.remote_id, createdAt: r.created_at, sentAt: r.sent_at, deliveredAt: r.delivered_at,
    receiptId: r.receipt_id, receiptVerified: r.receipt_verified === null ? null : r.receipt_verified === 1,
  });

  const toIncomingItem = (r: IncomingRow): RegisterItem => ({
    id: r.id, flow: 'in', state: r.state, channel: r.channel, to: r.box, addressee: r.sender, title: r.subject, caseRef: r.case_ref,
    remoteId: r.message_id, createdAt: r.received_at, sentAt: null, deliveredAt: r.state === 'deemed' ? r.deemed_at : r.collected_at,
    receiptId: null, receiptVerified: null, availableAt: r.available_at, collectedAt: r.collected_at,
  });

  return {
    query(input: RegisterQuery): { total: number; items: RegisterItem[] } {
      const q = registerQuerySchema.parse(input);
      return select(q, { offset: q.offset, limit: q.limit });
    },

    /** Dziennik korespondencji: one line per letter sent or received, oldest first numbering, ';'-separated with a BOM. */
    exportCsv(input: Omit<RegisterQuery, 'offset' | 'limit'>, headers: string[], flowNames: Record<'in' | 'out', string>): { csv: string; rows: number } {
      const rows = select(registerQuerySchema.parse({ ...input, sort: 'created', direction: 'asc' }), null).items;
      const cell = (v: string | null | undefined) => {
        const s = v ?? '';
        return /[";\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? "'" : '') + s.replace(/"/g, '""')}"` : s;
      };
      const receipt = (r: RegisterItem) => (r.receiptId ? (r.receiptVerified ? 'UPP ✓' : 'UPP ✗') : '');
      const lines = rows.map((r, i) => [String(i + 1), r.createdAt.slice(0, 10), r.sentAt, r.deliveredAt, r.addressee, r.to, r.title, r.caseRef, r.state, r.remoteId, receipt(r),
        flowNames[r.flow], r.availableAt ?? null, r.collectedAt ?? null].map(cell).join(';'));
      return { csv: '\uFEFF' + [headers.map(cell).join(';'), ...lines].join('\r\n') + '\r\n', rows: rows.length };
    },
  };
}

export type Register = ReturnType<typeof createRegister>;
