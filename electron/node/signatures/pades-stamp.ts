/**
 * The visible signature stamp: a framed box with the signer's name, the signing date and the kind
 * of signature, drawn as the widget's normal appearance (/AP /N form XObject).
 *
 * The text uses the standard Helvetica font, which every PDF reader has (embedding a TrueType
 * subset would need a font shipped with the app and a font parser), with WinAnsiEncoding plus the
 * Polish letters WinAnsi lacks (ą ć ę ł ń ś ź ż and capitals) on codes 1–16 by their standard glyph
 * names: Helvetica's character set has them, and readers map the names back to Unicode.
 */
import { name, PdfDict, type PdfRef } from './pades-objects';
import type { PdfPage } from './pades-document';
import type { UpdateBuilder } from './pades-update';

export const STAMP_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type StampCorner = (typeof STAMP_CORNERS)[number];

export interface StampPlacement {
  /** 1-based page number. */
  page: number;
  /** The page corner the offsets are measured from (default top-left). */
  corner?: StampCorner;
  /** Distance in points of the stamp's nearest edges from that corner. */
  x: number;
  y: number;
  /** Size in points; default 200 × 60. */
  width?: number;
  height?: number;
}

export const DEFAULT_STAMP = { width: 200, height: 60 };

const POLISH = ['ą', 'ć', 'ę', 'ł', 'ń', 'ś', 'ź', 'ż', 'Ą', 'Ć', 'Ę', 'Ł', 'Ń', 'Ś', 'Ź', 'Ż'];
/** Glyph names of the Polish letters on codes 1–16 (a font's /Differences; e-Doręczenia PDF evidences use it too). */
export const POLISH_GLYPHS = ['aogonek', 'cacute', 'eogonek', 'lslash', 'nacute', 'sacute', 'zacute', 'zdotaccent', 'Aogonek', 'Cacute', 'Eogonek', 'Lslash', 'Nacute', 'Sacute', 'Zacute', 'Zdotaccent'];

/**
 * The stamp font's bytes for `s`: CP1252, the Polish letters on codes 1–16; any other character
 * without a form there loses its diacritics, or becomes '?'.
 */
export function stampBytes(s: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '–': 0x96, '—': 0x97, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, 'Š': 0x8a, 'š': 0x9a, 'Ž': 0x8e, 'ž': 0x9e };
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const polish = POLISH.indexOf(ch);
    if (polish >= 0) out.push(polish + 1);
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out.push(code);
    else if (extra[ch] !== undefined) out.push(extra[ch]);
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out.push(...[...base].map((c) => (c.codePointAt(0)! <= 0x7e ? c.codePointAt(0)! : 0x3f)));
    }
  }
  return Buffer.from(out);
}

function pdfLiteral(bytes: Buffer): string {
  let s = '(';
  for (const b of bytes) s += b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b < 0x20 || b > 0x7e ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
  return s + ')';
}

/** The widget rectangle in page space, checked against the page's visible area. */
export function stampRect(page: PdfPage, p: StampPlacement): [number, number, number, number] {
  const w = p.width ?? DEFAULT_STAMP.width;
  const h = p.height ?? DEFAULT_STAMP.height;
  const [x1, y1, x2, y2] = page.box;
  const corner = p.corner ?? 'top-left';
  const left = corner.endsWith('left') ? x1 + p.x : x2 - p.x - w;
  const top = corner.startsWith('top') ? y2 - p.y : y1 + p.y + h;
  return [round(Math.max(x1, left)), round(Math.max(y1, top - h)), round(Math.min(x2, left + w)), round(Math.min(y2, top))];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Adds the appearance (and its font) to the update; returns the XObject reference. */
export function addStampAppearance(update: UpdateBuilder, rect: [number, number, number, number], lines: string[]): PdfRef {
  const w = rect[2] - rect[0];
  const h = rect[3] - rect[1];
  const longest = Math.max(...lines.map((l) => l.length), 1);
  // Helvetica averages about 0.52 em per character; keep a 6 pt margin.
  const size = Math.max(4, Math.min(10, (h - 8) / (lines.length * 1.25), (w - 12) / (longest * 0.52)));
  const lead = size * 1.25;
  const text = lines.map((l, i) => `${i === 0 ? '' : 'T* '}${pdfLiteral(stampBytes(l))} Tj`).join('\n');
  const content = [
    'q',
    '0.95 0.96 1 rg', `0 0 ${w} ${h} re f`,
    '0.1 0.25 0.6 RG 1 w', `0.5 0.5 ${w - 1} ${h - 1} re S`,
    'BT', '0.05 0.1 0.3 rg', `/F1 ${size.toFixed(2)} Tf`, `${lead.toFixed(2)} TL`,
    `6 ${(h - 4 - size).toFixed(2)} Td`, text, 'ET',
    'Q',
  ].join('\n');
  const font = update.allocate();
  update.put(font, new PdfDict().set('Type', name('Font')).set('Subtype', name('Type1')).set('BaseFont', name('Helvetica')).set('Encoding', new PdfDict()
    .set('Type', name('Encoding')).set('BaseEncoding', name('WinAnsiEncoding')).set('Differences', [1, ...POLISH_GLYPHS.map((g) => name(g))])));
  const ap = update.allocate();
  const resources = new PdfDict().set('Font', new PdfDict().set('F1', font));
  update.put(ap, new PdfDict().set('Type', name('XObject')).set('Subtype', name('Form')).set('BBox', [0, 0, w, h]).set('Resources', resources), Buffer.from(content, 'latin1'));
  return ap;
}
