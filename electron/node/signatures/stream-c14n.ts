/**
 * Exclusive XML Canonicalization 1.0 (without comments) of a whole document, computed as the bytes
 * stream past: the canonical form goes to `emit` (a hash) chunk by chunk and the document is never
 * held as a DOM or one string. This is what lets a pismo with 150 MB of base64 attachments be
 * signed in bounded memory (issue 4 point 6).
 *
 * Written here because no library does it at the speed needed: sax (the streaming parser we have)
 * handles ~10 MB/s, and xmldsigjs canonicalises DOM nodes only. Text — almost all of a pismo — is
 * passed through as byte slices found with Buffer.indexOf; only tags, entities and CR are rewritten.
 * DOCTYPEs are refused (as in xml/dom.ts). Checked against `xmllint --exc-c14n` in unit tests.
 */
import { AppError } from '../../common/errors';

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const CR = 0x0d;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MAX_MARKUP = 1 << 20;

interface Frame {
  qname: string;
  /** Prefix → URI in scope (declarations of this element and its ancestors). */
  scope: Map<string, string>;
  /** Prefix → URI as rendered on the output ancestors (exclusive C14N renders only what is used). */
  rendered: Map<string, string>;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string, what: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new AppError('INVALID_INPUT', `${what}: unknown entity &${e};`, { fields: [what] });
    return v;
  });
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `stop` moved back to the start of a UTF-8 sequence cut by the chunk boundary, if any. */
function utf8Boundary(buf: Buffer, start: number, stop: number): number {
  for (let i = stop - 1; i >= start && i >= stop - 4; i--) {
    const b = buf[i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + len > stop ? i : stop;
  }
  return stop;
}

export class ExcC14nStream {
  private carry: Buffer = Buffer.alloc(0);
  /** Absolute offset of carry[0] in the input. */
  private base = 0;
  private stack: Frame[] = [];
  private seenRoot = false;
  private rootDone = false;
  /** Absolute offset of the '<' of the root's end tag (where an enveloped signature is inserted). */
  rootEndOffset = -1;
  /** An XMLDSig ds:Signature element was seen (it would be inside an enveloped digest). */
  sawSignature = false;

  constructor(private readonly emit: (chunk: Buffer) => void, private readonly what = 'XML') {}

  write(chunk: Buffer): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const used = this.consume(buf, false);
    this.carry = Buffer.from(buf.subarray(used));
    this.base += used;
  }

  end(): void {
    const used = this.consume(this.carry, true);
    if (used !== this.carry.length || this.stack.length || !this.rootDone) this.fail('the document ends before its root element is closed');
  }

  private fail(msg: string): never {
    throw new AppError('INVALID_INPUT', `${this.what} is not well-formed: ${msg}`, { fields: [this.what] });
  }

  /** Processes complete constructs from `buf`; returns how many bytes were used. */
  private consume(buf: Buffer, final: boolean): number {
    let pos = 0;
    while (pos < buf.length) {
      if (buf[pos] !== LT) {
        const lt = buf.indexOf(LT, pos);
        const end = lt === -1 ? buf.length : lt;
        const used = this.text(buf, pos, end, lt === -1 && !final);
        pos += used;
        if (pos < end) return pos; // the rest waits for more input
        continue;
      }
      const used = this.markup(buf, pos, final);
      if (used === 0) return pos;
      pos += used;
    }
    return pos;
  }

  /** Text from start to end; may leave a tail (a cut entity or CR) for the next chunk when `open`. */
  private text(buf: Buffer, start: number, end: number, open: boolean): number {
    let stop = end;
    if (open) {
      const amp = buf.lastIndexOf(AMP, end - 1);
      if (amp >= start && buf.indexOf(';', amp) === -1) stop = amp;
      if (stop > start && buf[stop - 1] === CR) stop--;
      stop = utf8Boundary(buf, start, stop);
    }
    if (stop === start) return 0;
    if (this.stack.length === 0) {
      // Outside the root only whitespace may appear, and it is not part of the canonical form.
      if (buf.subarray(start, stop).toString('latin1').trim() !== '') this.fail('text outside the root element');
      return stop - start;
    }
    const slice = buf.subarray(start, stop);
    if (slice.indexOf(AMP) === -1 && slice.indexOf(GT) === -1 && slice.indexOf(CR) === -1) {
      this.emit(slice);
    } else {
      const s = decodeEntities(buf.subarray(start, stop).toString('utf8').replace(/\r\n?/g, '\n'), this.what);
      this.emit(Buffer.from(escapeText(s), 'utf8'));
    }
    return stop - start;
  }

  /** One construct starting with '<'; 0 when it is not complete in `buf` yet. */
  private markup(buf: Buffer, pos: number, final: boolean): number {
    const need = (terminator: string, from: number): number => {
      const i = buf.indexOf(terminator, from);
      if (i === -1) {
        if (final || buf.length - pos > MAX_MARKUP) this.fail(`unterminated markup at byte ${this.base + pos}`);
        return 0;
      }
      return i + terminator.length - pos;
    };
    const head = buf.subarray(pos, pos + 9).toString('latin1');
    if (head.length < 2 && !final) return 0;
    if (head.startsWith('<?')) {
      const n = need('?>', pos + 2);
      if (n) this.pi(buf.subarray(pos + 2, pos + n - 2).toString('utf8'));
      return n;
    }
    if (head.startsWith('<!--')) return need('-->', pos + 4);
    if (head.startsWith('<![CDATA[')) {
      const n = need(']]>', pos + 9);
      if (n) {
        if (!this.stack.length) this.fail('CDATA outside the root element');
        this.emit(Buffer.from(escapeText(buf.subarray(pos + 9, pos + n - 3).toString('utf8').replace(/\r\n?/g, '\n')), 'utf8'));
      }
      return n;
    }
    if (head.startsWith('<!')) {
      if (head.length < 9 && !final) return 0;
      this.fail(/^<!DOCTYPE/i.test(head) ? 'DOCTYPE is not allowed' : 'unexpected "<!"');
    }
    // A start or end tag: '>' ends it unless inside a quoted attribute value.
    let quote = 0;
    let i = pos + 1;
    for (; i < buf.length; i++) {
      const c = buf[i]!;
      if (quote) { if (c === quote) quote = 0; } else if (c === 0x22 || c === 0x27) quote = c; else if (c === GT) break;
    }
    if (i >= buf.length) {
      if (final || buf.length - pos > MAX_MARKUP) this.fail(`unterminated tag at byte ${this.base + pos}`);
      return 0;
    }
    const tag = buf.subarray(pos + 1, i).toString('utf8');
    if (tag.startsWith('/')) this.endTag(tag.slice(1).trim(), this.base + pos);
    else this.startTag(tag);
    return i + 1 - pos;
  }

  private pi(body: string): void {
    const m = /^([^\s?]+)\s*([\s\S]*)$/.exec(body);
    if (!m) this.fail('bad processing instruction');
    const [, target, data] = m;
    if (target!.toLowerCase() === 'xml') {
      if (this.seenRoot) this.fail('misplaced XML declaration');
      return;
    }
    const text = `<?${target}${data ? ' ' + data : ''}?>`;
    if (this.stack.length) this.emit(Buffer.from(text, 'utf8'));
    else if (!this.seenRoot) this.emit(Buffer.from(text + '\n', 'utf8'));
    else this.emit(Buffer.from('\n' + text, 'utf8'));
  }

  private startTag(tag: string): void {
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^([^\s/>]+)/.exec(body);
    if (!nameMatch) this.fail('element without a name');
    if (this.rootDone || (!this.stack.length && this.seenRoot)) this.fail('a second root element');
    const qname = nameMatch[1]!;
    const attrs: { name: string; value: string }[] = [];
    const re = /\s+([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
    re.lastIndex = qname.length;
    let m: RegExpExecArray | null;
    let last = qname.length;
    while ((m = re.exec(body))) {
      attrs.push({ name: m[1]!, value: decodeEntities((m[3] ?? m[4] ?? '').replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' '), this.what) });
      last = re.lastIndex;
    }
    if (body.slice(last).trim() !== '') this.fail(`bad attributes in <${qname}>`);
    const parent = this.stack[this.stack.length - 1];
    const scope = new Map(parent?.scope ?? []);
    const own: { name: string; value: string }[] = [];
    for (const a of attrs) {
      if (a.name === 'xmlns') scope.set('', a.value);
      else if (a.name.startsWith('xmlns:')) scope.set(a.name.slice(6), a.value);
      else own.push(a);
    }
    const prefixOf = (n: string) => (n.includes(':') ? n.slice(0, n.indexOf(':')) : '');
    const uriOf = (prefix: string, isAttr: boolean) => {
      if (prefix === 'xml') return XML_NS;
      if (prefix === '' && isAttr) return '';
      const uri = scope.get(prefix);
      if (uri === undefined && prefix !== '') this.fail(`undeclared prefix "${prefix}"`);
      return uri ?? '';
    };
    const rendered = new Map(parent?.rendered ?? []);
    const decls: { prefix: string; uri: string }[] = [];
    const utilized = new Set([prefixOf(qname), ...own.map((a) => prefixOf(a.name)).filter((p) => p !== '')]);
    for (const p of utilized) {
      if (p === 'xml') continue;
      const uri = uriOf(p, false);
      const before = rendered.get(p) ?? '';
      if (uri !== before || (p !== '' && !rendered.has(p))) {
        if (p === '' && uri === '' && !rendered.has('')) continue;
        decls.push({ prefix: p, uri });
        rendered.set(p, uri);
      }
    }
    decls.sort((a, b) => cmp(a.prefix, b.prefix));
    if (qname.slice(qname.indexOf(':') + 1) === 'Signature' && uriOf(prefixOf(qname), false) === 'http://www.w3.org/2000/09/xmldsig#') this.sawSignature = true;
    const sorted = own
      .map((a) => ({ ...a, ns: uriOf(prefixOf(a.name), true), local: a.name.slice(a.name.indexOf(':') + 1) }))
      .sort((a, b) => cmp(a.ns, b.ns) || cmp(a.local, b.local));
    let out = `<${qname}`;
    for (const d of decls) out += d.prefix ? ` xmlns:${d.prefix}="${escapeAttr(d.uri)}"` : ` xmlns="${escapeAttr(d.uri)}"`;
    for (const a of sorted) out += ` ${a.name}="${escapeAttr(a.value)}"`;
    out += '>';
    this.seenRoot = true;
    if (selfClosing) {
      out += `</${qname}>`;
      if (!this.stack.length) this.rootDone = true;
      this.emit(Buffer.from(out, 'utf8'));
      return;
    }
    this.emit(Buffer.from(out, 'utf8'));
    this.stack.push({ qname, scope, rendered });
  }

  private endTag(qname: string, offset: number): void {
    const top = this.stack.pop();
    if (!top || top.qname !== qname) this.fail(`</${qname}> does not close <${top?.qname ?? '—'}>`);
    if (!this.stack.length) {
      this.rootDone = true;
      this.rootEndOffset = offset;
    }
    this.emit(Buffer.from(`</${qname}>`, 'utf8'));
  }
}
