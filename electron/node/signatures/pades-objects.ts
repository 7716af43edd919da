/**
 * PDF objects (ISO 32000-1 §7.3) as PAdES needs them: a parser for the few objects an incremental
 * update touches (trailer, catalog, AcroForm, page, signature dictionaries, xref and object
 * streams) and a serializer for the objects it appends. Written here because no maintained npm
 * library parses single objects by random access: pdf-lib loads and re-saves the whole document
 * (which would both hold a large PDF in memory and break every earlier signature).
 */
import { AppError } from '../../common/errors';

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
  get key(): string { return `${this.num} ${this.gen}`; }
}
export class PdfString {
  constructor(readonly bytes: Buffer, readonly hex = false) {}
  text(): string {
    // UTF-16BE with BOM, otherwise PDFDocEncoding (close enough to Latin-1 for names and dates).
    if (this.bytes[0] === 0xfe && this.bytes[1] === 0xff) return this.bytes.subarray(2).swap16().toString('utf16le');
    return this.bytes.toString('latin1');
  }
}
export class PdfDict {
  constructor(readonly entries = new Map<string, PdfValue>()) {}
  get(key: string): PdfValue | undefined { return this.entries.get(key); }
  set(key: string, value: PdfValue): this { this.entries.set(key, value); return this; }
  clone(): PdfDict { return new PdfDict(new Map(this.entries)); }
}
/** A number as written, so that reals keep their precision when an object is written again. */
export class PdfReal {
  constructor(readonly text: string) {}
  get value(): number { return Number(this.text); }
}
/** Text written as it is: the fixed-width placeholders of a signature dictionary. */
export class PdfRaw {
  constructor(readonly text: string) {}
}
export type PdfValue = null | boolean | number | PdfReal | PdfName | PdfRef | PdfString | PdfRaw | PdfValue[] | PdfDict;

/** A parsed indirect object; `streamStart` is the file offset of its stream data (if any). */
export interface PdfObject {
  value: PdfValue;
  streamStart?: number;
}

export const name = (n: string) => new PdfName(n);
export const isName = (v: PdfValue | undefined, n?: string): v is PdfName => v instanceof PdfName && (n === undefined || v.name === n);
export const num = (v: PdfValue | undefined): number | undefined => (typeof v === 'number' ? v : v instanceof PdfReal ? v.value : undefined);

/** Thrown when the buffer ended inside an object: the caller reads more bytes and tries again. */
export class NeedMoreBytes extends Error {}

export function malformed(reason: string): AppError {
  return new AppError('PDF_UNSUPPORTED', `malformed PDF: ${reason}`, { reason });
}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export class PdfLexer {
  constructor(readonly buf: Buffer, public pos = 0, readonly complete = false) {}

  private need(): never {
    if (this.complete) throw malformed('unexpected end of data');
    throw new NeedMoreBytes();
  }

  skipSpace(): void {
    for (;;) {
      if (this.pos >= this.buf.length) return;
      const c = this.buf[this.pos]!;
      if (WHITE.has(c)) this.pos++;
      else if (c === 0x25) { // comment to end of line
        while (this.pos < this.buf.length && this.buf[this.pos] !== 0x0a && this.buf[this.pos] !== 0x0d) this.pos++;
      } else return;
    }
  }

  /** A bare keyword or number token (no delimiters). */
  private word(): string {
    const start = this.pos;
    while (this.pos < this.buf.length && !WHITE.has(this.buf[this.pos]!) && !DELIM.has(this.buf[this.pos]!)) this.pos++;
    // A token that touches the end may continue in bytes not read yet; at the real end it is whole.
    if (this.pos >= this.buf.length && !this.complete) this.need();
    return this.buf.toString('latin1', start, this.pos);
  }

  peekKeyword(): string {
    this.skipSpace();
    const save = this.pos;
    const w = this.word();
    this.pos = save;
    return w;
  }

  expectKeyword(k: string): void {
    this.skipSpace();
    const w = this.word();
    if (w !== k) throw malformed(`expected "${k}", found "${w.slice(0, 20)}"`);
  }

  readInt(): number {
    this.skipSpace();
    const w = this.word();
    if (!/^\d+$/.test(w)) throw malformed(`expected a number, found "${w.slice(0, 20)}"`);
    return Number(w);
  }

  value(): PdfValue {
    this.skipSpace();
    if (this.pos >= this.buf.length) this.need();
    const c = this.buf[this.pos]!;
    if (c === 0x2f) return this.nameToken();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) {
      if (this.buf[this.pos + 1] === 0x3c) return this.dict();
      if (this.pos + 1 >= this.buf.length) this.need();
      return this.hexString();
    }
    if (c === 0x5b) return this.array();
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]?\d+$/.test(w)) {
      const n = Number(w);
      // "n g R" is a reference: look ahead two tokens without consuming them otherwise.
      const save = this.pos;
      try {
        this.skipSpace();
        const g = this.word();
        this.skipSpace();
        if (/^\d+$/.test(g) && this.buf[this.pos] === 0x52 /* R */) {
          const after = this.buf[this.pos + 1];
          if (after === undefined && !this.complete) this.need();
          if (after === undefined || WHITE.has(after) || DELIM.has(after)) { this.pos++; return new PdfRef(n, Number(g)); }
        }
      } catch (e) {
        if (!(e instanceof NeedMoreBytes) || this.complete) { /* not a reference */ } else throw e;
      }
      this.pos = save;
      return n;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) return new PdfReal(w);
    throw malformed(`unexpected token "${w.slice(0, 20)}"`);
  }

  private nameToken(): PdfName {
    this.pos++;
    const raw = this.word();
    return new PdfName(Buffer.from(raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('latin1'));
  }

  private literalString(): PdfString {
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      if (this.pos >= this.buf.length) this.need();
      const c = this.buf[this.pos++]!;
      if (c === 0x5c) {
        if (this.pos >= this.buf.length) this.need();
        const e = this.buf[this.pos++]!;
        const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (map[e] !== undefined) out.push(map[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && this.buf[this.pos]! >= 0x30 && this.buf[this.pos]! <= 0x37; i++) v = v * 8 + (this.buf[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) { if (this.buf[this.pos] === 0x0a) this.pos++; } // line continuation
        else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) { depth++; out.push(c); }
      else if (c === 0x29) { if (--depth === 0) break; out.push(c); }
      else out.push(c);
    }
    return new PdfString(Buffer.from(out));
  }

  private hexString(): PdfString {
    const end = this.buf.indexOf(0x3e, this.pos);
    if (end < 0) this.need();
    const hex = this.buf.toString('latin1', this.pos + 1, end).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw malformed('bad hex string');
    this.pos = end + 1;
    return new PdfString(Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex'), true);
  }

  private array(): PdfValue[] {
    this.pos++;
    const out: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.buf.length) this.need();
      if (this.buf[this.pos] === 0x5d) { this.pos++; return out; }
      out.push(this.value());
    }
  }

  private dict(): PdfDict {
    this.pos += 2;
    const d = new PdfDict();
    for (;;) {
      this.skipSpace();
      if (this.pos + 1 >= this.buf.length) this.need();
      if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) { this.pos += 2; return d; }
      const key = this.value();
      if (!(key instanceof PdfName)) throw malformed('dictionary key is not a name');
      d.set(key.name, this.value());
    }
  }
}

/** Parses `n g obj … endobj` at the start of `buf`, which begins at file offset `base`. */
export function parseIndirect(buf: Buffer, base: number, complete: boolean, expect?: PdfRef): PdfObject {
  const lx = new PdfLexer(buf, 0, complete);
  const n = lx.readInt();
  const g = lx.readInt();
  lx.expectKeyword('obj');
  if (expect && (n !== expect.num || g !== expect.gen)) throw malformed(`object ${expect.key} expected at ${base}, found ${n} ${g}`);
  const value = lx.value();
  const next = lx.peekKeyword();
  if (next === 'stream') {
    lx.skipSpace();
    lx.pos += 6;
    if (buf[lx.pos] === 0x0d) lx.pos++;
    if (buf[lx.pos] === 0x0a) lx.pos++;
    if (lx.pos >= buf.length && !complete) throw new NeedMoreBytes();
    return { value, streamStart: base + lx.pos };
  }
  return { value };
}

const REGULAR_NAME = /^[!-~]$/;
function nameText(n: string): string {
  let out = '/';
  for (const ch of Buffer.from(n, 'latin1')) {
    const c = String.fromCharCode(ch);
    out += REGULAR_NAME.test(c) && !DELIM.has(ch) && ch !== 0x23 ? c : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/\.?0+$/, '');
  if (v instanceof PdfReal || v instanceof PdfRaw) return v.text;
  if (v instanceof PdfName) return nameText(v.name);
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  // Strings are written as hex: byte-exact, no escaping rules to get wrong.
  if (v instanceof PdfString) return `<${v.bytes.toString('hex')}>`;
  if (Array.isArray(v)) return `[${v.map(serialize).join(' ')}]`;
  return `<<${[...v.entries].map(([k, x]) => `${nameText(k)} ${serialize(x)}`).join(' ')}>>`;
}

/** A text string for a PDF: PDFDocEncoding when it is plain ASCII, otherwise UTF-16BE with BOM. */
export function textString(s: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(Buffer.from(s, 'latin1'));
  const body = Buffer.from(s, 'utf16le').swap16();
  return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), body]));
}

/** `D:YYYYMMDDHHmmSS+00'00'` in UTC (ISO 32000-1 §7.9.4). */
export function pdfDate(d: Date): PdfString {
  const iso = d.toISOString();
  return new PdfString(Buffer.from(`D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+00'00'`, 'latin1'));
}
