/**
 * An incremental update (ISO 32000-1 §7.5.6): new and changed objects, a cross-reference section
 * for just those objects and a trailer pointing back (/Prev) to the previous section. The original
 * bytes are never touched, which is what keeps earlier signatures valid. When the previous section
 * is an xref stream, the update writes one too (uncompressed), as readers of such files expect.
 */
import { name, num, PdfDict, PdfRef, serialize, type PdfValue } from './pades-objects';

export interface UpdateBase {
  /** File size before this update (= offset of its first byte). */
  size: number;
  /** Offset of the previous cross-reference section. */
  startxref: number;
  xrefStream: boolean;
  trailer: PdfDict;
}

export interface BuiltUpdate {
  bytes: Buffer;
  /** The base for a further update appended after this one. */
  next: UpdateBase;
}

export class UpdateBuilder {
  private readonly objects: { ref: PdfRef; bytes: Buffer }[] = [];
  private nextNum: number;

  constructor(private readonly base: UpdateBase) {
    this.nextNum = num(base.trailer.get('Size')) ?? 1;
  }

  allocate(): PdfRef {
    return new PdfRef(this.nextNum++, 0);
  }

  /** Adds (or replaces, for an existing ref) an object; `stream` makes it a stream object. */
  put(ref: PdfRef, value: PdfValue, stream?: Buffer): void {
    let body: Buffer;
    if (stream) {
      const dict = (value as PdfDict).clone().set('Length', stream.length);
      body = Buffer.concat([Buffer.from(`${serialize(dict)}\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream', 'latin1')]);
    } else body = Buffer.from(serialize(value), 'latin1');
    const head = Buffer.from(`${ref.num} ${ref.gen} obj\n`, 'latin1');
    this.objects.push({ ref, bytes: Buffer.concat([head, body, Buffer.from('\nendobj\n', 'latin1')]) });
  }

  build(): BuiltUpdate {
    const parts: Buffer[] = [Buffer.from('\n', 'latin1')];
    let offset = this.base.size + 1;
    const entries: { num: number; gen: number; offset: number }[] = [];
    for (const o of this.objects) {
      entries.push({ num: o.ref.num, gen: o.ref.gen, offset });
      parts.push(o.bytes);
      offset += o.bytes.length;
    }
    const trailer = new PdfDict();
    for (const key of ['Root', 'Info', 'ID']) {
      const v = this.base.trailer.get(key);
      if (v !== undefined) trailer.set(key, v);
    }
    trailer.set('Prev', this.base.startxref);
    const xrefOffset = offset;
    if (this.base.xrefStream) {
      const self = this.allocate();
      entries.push({ num: self.num, gen: 0, offset: xrefOffset });
      trailer.set('Size', this.nextNum);
      const { index, rows } = xrefRows(entries);
      const data = Buffer.concat(rows.map((e) => {
        const row = Buffer.alloc(7);
        row[0] = 1;
        row.writeUInt32BE(e.offset, 1);
        row.writeUInt16BE(e.gen, 5);
        return row;
      }));
      const dict = new PdfDict().set('Type', name('XRef')).set('W', [1, 4, 2]).set('Index', index);
      for (const [k, v] of trailer.entries) dict.set(k, v);
      const head = Buffer.from(`${self.num} 0 obj\n${serialize(dict.set('Length', data.length))}\nstream\n`, 'latin1');
      parts.push(head, data, Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else {
      trailer.set('Size', this.nextNum);
      const { index, rows } = xrefRows(entries);
      let text = 'xref\n';
      let row = 0;
      for (let i = 0; i < index.length; i += 2) {
        text += `${index[i]} ${index[i + 1]}\n`;
        for (let k = 0; k < index[i + 1]!; k++, row++) {
          const e = rows[row]!;
          text += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
        }
      }
      parts.push(Buffer.from(`${text}trailer\n${serialize(trailer)}\n`, 'latin1'));
    }
    parts.push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
    const bytes = Buffer.concat(parts);
    return { bytes, next: { size: this.base.size + bytes.length, startxref: xrefOffset, xrefStream: this.base.xrefStream, trailer } };
  }
}

/** Entries sorted by object number and grouped into consecutive runs ([start count …] + rows). */
function xrefRows(entries: { num: number; gen: number; offset: number }[]) {
  const rows = [...new Map(entries.map((e) => [e.num, e])).values()].sort((a, b) => a.num - b.num);
  const index: number[] = [];
  for (const e of rows) {
    const last = index.length - 2;
    if (last >= 0 && index[last]! + index[last + 1]! === e.num) index[last + 1] = index[last + 1]! + 1;
    else index.push(e.num, 1);
  }
  return { index, rows };
}
