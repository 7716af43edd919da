/**
 * Random-access reading of a PDF file: the cross-reference chain (classic tables, xref streams,
 * hybrid files) and single objects, including those inside object streams. Only the bytes of the
 * objects asked for are read, so a 200 MB PDF costs a few kilobytes of memory here.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import {
  isName, malformed, NeedMoreBytes, num, parseIndirect, PdfDict, PdfLexer, PdfRef, type PdfObject, type PdfValue,
} from './pades-objects';

type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

export interface PdfRevisionInfo {
  /** Offset of the newest cross-reference section (the last `startxref`). */
  startxref: number;
  /** Whether that section is an xref stream (an update must then be one too). */
  xrefStream: boolean;
  trailer: PdfDict;
}

export interface PdfReader extends PdfRevisionInfo {
  path: string;
  size: number;
  resolve(v: PdfValue | undefined): PdfValue | undefined;
  object(ref: PdfRef): PdfObject;
  dict(v: PdfValue | undefined): PdfDict | undefined;
  /** Where each object of the newest revision lives: a file offset, or the object stream holding it. */
  locations(): Map<number, { offset: number } | { stream: number }>;
  /** Decoded data of a stream object (only for small streams: xref, object streams, DSS entries). */
  streamData(ref: PdfRef): Buffer;
  read(offset: number, length: number): Buffer;
  close(): void;
}

const MAX_STREAM = 64 * 1024 * 1024;

export function openPdf(path: string): PdfReader {
  const fd = openSync(path, 'r');
  try {
    return createReader(path, fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function createReader(path: string, fd: number): PdfReader {
  const size = fstatSync(fd).size;
  const read = (offset: number, length: number): Buffer => {
    const len = Math.max(0, Math.min(length, size - offset));
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  };
  const head = read(0, 1024);
  if (head.indexOf('%PDF-') < 0) throw malformed('not a PDF file (no %PDF- header)');

  /** Parses an object at `offset`, reading more of the file until the object fits. */
  function parseAt(offset: number, expect?: PdfRef): PdfObject {
    for (let window = 4096; ; window *= 4) {
      const buf = read(offset, window);
      const complete = offset + buf.length >= size;
      try {
        return parseIndirect(buf, offset, complete, expect);
      } catch (e) {
        if (!(e instanceof NeedMoreBytes) || complete || window > MAX_STREAM) throw e;
      }
    }
  }

  const xref = new Map<number, XrefEntry>();
  const objectCache = new Map<string, PdfObject>();
  const objStmCache = new Map<number, { offsets: Map<number, number>; data: Buffer }>();

  const resolve = (v: PdfValue | undefined, depth = 0): PdfValue | undefined => {
    if (!(v instanceof PdfRef)) return v;
    if (depth > 32) throw malformed('reference loop');
    return resolve(object(v).value, depth + 1);
  };
  const dict = (v: PdfValue | undefined): PdfDict | undefined => {
    const r = resolve(v);
    return r instanceof PdfDict ? r : undefined;
  };

  function rawStream(obj: PdfObject, what: string): Buffer {
    const d = obj.value;
    if (!(d instanceof PdfDict) || obj.streamStart === undefined) throw malformed(`${what} is not a stream`);
    const length = num(resolve(d.get('Length')));
    if (length === undefined || length < 0 || length > MAX_STREAM) throw malformed(`${what} has no usable /Length`);
    return read(obj.streamStart, length);
  }

  function decode(obj: PdfObject, what: string): Buffer {
    const d = obj.value as PdfDict;
    let data = rawStream(obj, what);
    const filters = [resolve(d.get('Filter'))].flat().filter((f) => f !== undefined && f !== null);
    const parms = [resolve(d.get('DecodeParms'))].flat();
    filters.forEach((f, i) => {
      if (!isName(f, 'FlateDecode')) throw malformed(`${what}: filter ${String((f as { name?: string }).name)} is not supported`);
      data = inflateSync(data);
      const p = dict(parms[i] ?? undefined);
      const predictor = num(p?.get('Predictor')) ?? 1;
      if (predictor >= 10) data = pngUnpredict(data, num(p?.get('Columns')) ?? 1);
      else if (predictor !== 1) throw malformed(`${what}: predictor ${predictor} is not supported`);
    });
    return data;
  }

  function object(ref: PdfRef): PdfObject {
    const cached = objectCache.get(ref.key);
    if (cached) return cached;
    const e = xref.get(ref.num);
    let obj: PdfObject;
    if (!e) obj = { value: null }; // a missing object is null (ISO 32000-1 §7.3.10)
    else if (e.type === 1) obj = parseAt(e.offset, ref);
    else {
      const stm = objectStream(e.stream);
      const off = stm.offsets.get(ref.num);
      if (off === undefined) throw malformed(`object ${ref.num} missing from its object stream`);
      obj = { value: new PdfLexer(stm.data, off, true).value() };
    }
    objectCache.set(ref.key, obj);
    return obj;
  }

  function objectStream(n: number): { offsets: Map<number, number>; data: Buffer } {
    const cached = objStmCache.get(n);
    if (cached) return cached;
    const obj = object(new PdfRef(n, 0));
    const d = obj.value as PdfDict;
    const data = decode(obj, `object stream ${n}`);
    const count = num(d.get('N')) ?? 0;
    const first = num(d.get('First')) ?? 0;
    const lx = new PdfLexer(data, 0, true);
    const offsets = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const objNum = lx.readInt();
      offsets.set(objNum, first + lx.readInt());
    }
    const result = { offsets, data };
    objStmCache.set(n, result);
    return result;
  }

  const add = (n: number, entry: XrefEntry) => { if (!xref.has(n)) xref.set(n, entry); };

  function classicSection(offset: number): PdfDict {
    let pos = offset;
    let buf = read(pos, 64 * 1024);
    let lx = new PdfLexer(buf, 0, true);
    lx.expectKeyword('xref');
    for (;;) {
      if (lx.peekKeyword() === 'trailer') break;
      const start = lx.readInt();
      const count = lx.readInt();
      lx.skipSpace();
      pos += lx.pos;
      const table = read(pos, count * 20);
      for (let i = 0; i < count; i++) {
        const line = table.toString('latin1', i * 20, i * 20 + 18);
        const m = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
        if (!m) throw malformed(`bad xref entry at ${pos + i * 20}`);
        if (m[3] === 'n') add(start + i, { type: 1, offset: Number(m[1]), gen: Number(m[2]) });
        else add(start + i, { type: 1, offset: -1, gen: 0 }); // free: shadows older entries
      }
      pos += count * 20;
      buf = read(pos, 64 * 1024);
      lx = new PdfLexer(buf, 0, true);
    }
    lx.expectKeyword('trailer');
    const trailer = lx.value();
    if (!(trailer instanceof PdfDict)) throw malformed('trailer is not a dictionary');
    return trailer;
  }

  function streamSection(offset: number): PdfDict {
    const obj = parseAt(offset);
    const d = obj.value;
    if (!(d instanceof PdfDict) || !isName(d.get('Type'), 'XRef')) throw malformed(`no cross-reference at ${offset}`);
    const data = decode(obj, 'xref stream');
    const w = (d.get('W') as number[] | undefined)?.map(Number) ?? [];
    if (w.length !== 3) throw malformed('xref stream /W');
    const index = (d.get('Index') as number[] | undefined) ?? [0, num(d.get('Size')) ?? 0];
    const rowLen = w[0]! + w[1]! + w[2]!;
    const field = (row: number, at: number, len: number, dflt: number) => {
      if (len === 0) return dflt;
      let v = 0;
      for (let i = 0; i < len; i++) v = v * 256 + data[row + at + i]!;
      return v;
    };
    let row = 0;
    for (let s = 0; s + 1 < index.length; s += 2) {
      const start = Number(index[s]);
      const count = Number(index[s + 1]);
      for (let i = 0; i < count; i++, row += rowLen) {
        if (row + rowLen > data.length) throw malformed('xref stream shorter than its index');
        const type = field(row, 0, w[0]!, 1);
        const a = field(row, w[0]!, w[1]!, 0);
        const b = field(row, w[0]! + w[1]!, w[2]!, 0);
        if (type === 1) add(start + i, { type: 1, offset: a, gen: b });
        else if (type === 2) add(start + i, { type: 2, stream: a, index: b });
        else add(start + i, { type: 1, offset: -1, gen: 0 });
      }
    }
    return d;
  }

  const tail = read(Math.max(0, size - 2048), 2048).toString('latin1');
  const at = tail.lastIndexOf('startxref');
  const m = at < 0 ? null : /^startxref\s+(\d+)/.exec(tail.slice(at));
  if (!m) throw malformed('no startxref at the end of the file');
  const startxref = Number(m[1]);

  let trailer: PdfDict | undefined;
  let xrefStream = false;
  const seen = new Set<number>();
  for (let offset: number | undefined = startxref; offset !== undefined; ) {
    if (seen.has(offset) || offset < 0 || offset >= size) throw malformed(`bad cross-reference offset ${offset}`);
    seen.add(offset);
    const isClassic = read(offset, 4).toString('latin1') === 'xref';
    const section = isClassic ? classicSection(offset) : streamSection(offset);
    if (!trailer) { trailer = section; xrefStream = !isClassic; }
    const hybrid = num(section.get('XRefStm'));
    if (isClassic && hybrid !== undefined) streamSection(hybrid);
    offset = num(section.get('Prev'));
  }
  // Free entries only shadow; drop them so lookups see "missing".
  for (const [k, e] of xref) if (e.type === 1 && e.offset < 0) xref.delete(k);

  return {
    path, size, startxref, xrefStream, trailer: trailer!,
    resolve: (v) => resolve(v),
    object, dict, read,
    locations: () => new Map([...xref].map(([n, e]) => [n, e.type === 1 ? { offset: e.offset } : { stream: e.stream }])),
    streamData: (ref) => decode(object(ref), `stream ${ref.key}`),
    close: () => closeSync(fd),
  };
}

/** PNG predictors (ISO 32000-1 §7.4.4.4), as xref streams written by qpdf and others use. */
function pngUnpredict(data: Buffer, columns: number): Buffer {
  const rowLen = columns + 1;
  const rows = Math.floor(data.length / rowLen);
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLen]!;
    for (let c = 0; c < columns; c++) {
      const x = data[r * rowLen + 1 + c]!;
      const left = c > 0 ? out[r * columns + c - 1]! : 0;
      const up = r > 0 ? out[(r - 1) * columns + c]! : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1]! : 0;
      let v: number;
      switch (type) {
        case 0: v = x; break;
        case 1: v = x + left; break;
        case 2: v = x + up; break;
        case 3: v = x + ((left + up) >> 1); break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
          v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default: throw malformed(`PNG predictor type ${type}`);
      }
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}
