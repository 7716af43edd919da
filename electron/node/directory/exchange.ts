/**
 * Directory files: CSV (RFC 4180: comma, CRLF, double quotes; UTF-8 with a byte-order mark so
 * spreadsheet programs read Polish letters right; a header row) and JSON. Export → import →
 * export gives the same text. Quoting is csv-stringify's and csv-parse's (the node-csv project):
 * small, dependency-free and tested against the edge cases a hand-written quoter gets wrong.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { DirectoryEntry, DirectoryEntryDraft, ExchangeFormat, ImportReport } from '../../common/contract-directory';
import { canonicalEntry, checkEntry } from './entry';

/** The JSON file: a tagged, versioned envelope (the shipped seed uses it too). */
const JSON_FORMAT = 'nadawca.directory';
const JSON_VERSION = 1;

/** CSV columns, in file order; each maps to one entry field. */
export const CSV_COLUMNS = [
  'id',
  'name',
  'town',
  'kind',
  'epuapAddress',
  'epuapNote',
  'edoreczeniaAddress',
  'sizeLimitBytes',
  'sizeLimitScope',
  'allowedFormats',
  'notes',
  'source',
  'verifiedOn',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

export type ImportError = ImportReport['errors'][number];
export interface ParsedFile {
  records: { line: number; entry: DirectoryEntryDraft }[];
  errors: ImportError[];
}

export function serialise(format: ExchangeFormat, entries: readonly DirectoryEntry[]): string {
  if (format === 'json') {
    return `${JSON.stringify({ format: JSON_FORMAT, version: JSON_VERSION, entries: entries.map(canonicalEntry) }, null, 2)}\n`;
  }
  // With CRLF as the record delimiter csv-stringify would leave a lone LF or CR unquoted.
  return stringify([[...CSV_COLUMNS], ...entries.map(csvRow)], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** A CSV user edits columns, so CSV problems name the column; JSON problems keep the entry path. */
const COLUMN_OF_PATH: Readonly<Record<string, Column>> = {
  epuap: 'epuapAddress',
  'epuap.address': 'epuapAddress',
  'epuap.note': 'epuapNote',
  edoreczenia: 'edoreczeniaAddress',
  'edoreczenia.address': 'edoreczeniaAddress',
  sizeLimit: 'sizeLimitBytes',
  'sizeLimit.bytes': 'sizeLimitBytes',
  'sizeLimit.scope': 'sizeLimitScope',
};

export function parseFile(format: ExchangeFormat, text: string): ParsedFile {
  const parsed = format === 'json' ? jsonRecords(text) : csvRecords(text);
  if ('error' in parsed) return { records: [], errors: [parsed.error] };
  const records: ParsedFile['records'] = [];
  const errors: ImportError[] = [];
  const seen = new Set<string>();
  const named = (fields: string[]) => (format === 'csv' ? [...new Set(fields.map((f) => COLUMN_OF_PATH[f] ?? f))] : fields);
  for (const item of parsed.items) {
    const { line } = item;
    const checked = 'fields' in item ? { ok: false as const, fields: item.fields } : checkEntry(item.raw);
    if (!checked.ok) {
      errors.push({ line, fields: named(checked.fields) });
    } else if (checked.entry.id !== undefined && seen.has(checked.entry.id)) {
      errors.push({ line, fields: ['id'] });
    } else {
      if (checked.entry.id !== undefined) seen.add(checked.entry.id);
      records.push({ line, entry: checked.entry });
    }
  }
  return { records, errors };
}

/** Each record's data for checkEntry, or the problem that kept it from having any. */
type Item = { line: number; raw: unknown } | ImportError;
type RawRecords = { items: Item[] } | { error: ImportError };

function jsonRecords(text: string): RawRecords {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // V8's messages do not reliably say where; the whole file is refused as one problem.
    return { error: { line: 1, fields: ['json'] } };
  }
  const envelope = (typeof data === 'object' && data !== null ? data : {}) as { format?: unknown; version?: unknown; entries?: unknown };
  if (envelope.format !== JSON_FORMAT) return { error: { line: 1, fields: ['format'] } };
  if (envelope.version !== JSON_VERSION) return { error: { line: 1, fields: ['version'] } };
  if (!Array.isArray(envelope.entries)) return { error: { line: 1, fields: ['entries'] } };
  return { items: envelope.entries.map((raw, i) => ({ line: i + 1, raw })) };
}

function csvRecords(text: string): RawRecords {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true }) as string[][];
  } catch (e) {
    // csv-parse counts records read before the broken one; rows are numbered as a spreadsheet does.
    return { error: { line: Number((e as { records?: number }).records ?? 0) + 1, fields: ['csv'] } };
  }
  const [header, ...body] = rows;
  if (!header) return { items: [] };
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0 || !names.includes('name') || new Set(names).size !== names.length) {
    return { error: { line: 1, fields: unknown.length > 0 ? unknown : ['columns'] } };
  }
  const items: Item[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return; // a blank row
    if (cells.length !== names.length) items.push({ line, fields: ['columns'] });
    else items.push({ line, raw: entryOfCells(Object.fromEntries(names.map((n, j) => [n, cells[j] ?? '']))) });
  });
  return { items };
}

function csvRow(e: DirectoryEntry): string[] {
  const cells: Record<Column, string> = {
    id: e.id,
    name: e.name,
    town: e.town ?? '',
    kind: e.kind,
    epuapAddress: e.epuap?.address ?? '',
    epuapNote: e.epuap?.note ?? '',
    edoreczeniaAddress: e.edoreczenia?.address ?? '',
    sizeLimitBytes: e.sizeLimit ? String(e.sizeLimit.bytes) : '',
    sizeLimitScope: e.sizeLimit?.scope ?? '',
    allowedFormats: e.allowedFormats?.join(' ') ?? '',
    notes: e.notes,
    source: e.source,
    verifiedOn: e.verifiedOn ?? '',
  };
  return CSV_COLUMNS.map((c) => cells[c]);
}

/** Cells → entry data for checkEntry; an empty cell is an absent value. */
function entryOfCells(c: Partial<Record<Column, string>>): Record<string, unknown> {
  const opt = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
  const limitBytes = opt(c.sizeLimitBytes)?.trim();
  const limitScope = opt(c.sizeLimitScope)?.trim();
  const entry: Record<string, unknown> = {
    id: opt(c.id)?.trim(),
    name: c.name ?? '',
    town: opt(c.town),
    kind: opt(c.kind)?.trim(),
    epuap: opt(c.epuapAddress) || opt(c.epuapNote) ? { address: c.epuapAddress ?? '', note: opt(c.epuapNote) } : undefined,
    edoreczenia: opt(c.edoreczeniaAddress) ? { address: c.edoreczeniaAddress } : undefined,
    sizeLimit:
      limitBytes || limitScope
        ? // A number when it is one; otherwise the text, so that the check names sizeLimit.bytes.
          { bytes: limitBytes && /^\d+$/.test(limitBytes) ? Number(limitBytes) : (limitBytes ?? ''), scope: limitScope ?? '' }
        : undefined,
    allowedFormats: opt(c.allowedFormats)?.trim().split(/[\s,;]+/),
    notes: c.notes,
    source: c.source,
    verifiedOn: opt(c.verifiedOn)?.trim(),
  };
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}
