/**
 * The document structure a signature touches: catalog, page tree, AcroForm and its signature
 * fields. Reads through the random-access reader; never loads content streams.
 */
import { AppError } from '../../common/errors';
import { isName, malformed, num, PdfDict, PdfRef, PdfString, type PdfValue } from './pades-objects';
import type { PdfReader } from './pades-reader';

export interface PdfPage {
  ref: PdfRef;
  dict: PdfDict;
  /** [x1 y1 x2 y2] of the visible area (CropBox, else MediaBox, inherited). */
  box: [number, number, number, number];
}

export interface SignatureField {
  name: string;
  /** The signature dictionary (/V). */
  sig: PdfDict;
  sigRef: PdfRef | null;
}

export function unsupported(reason: string, what: string): AppError {
  return new AppError('PDF_UNSUPPORTED', `${what}`, { reason });
}

export function catalogOf(pdf: PdfReader): { ref: PdfRef; dict: PdfDict } {
  if (pdf.trailer.get('Encrypt') !== undefined) throw unsupported('encrypted', 'encrypted PDFs cannot be signed or verified here');
  const ref = pdf.trailer.get('Root');
  const dict = pdf.dict(ref);
  if (!(ref instanceof PdfRef) || !dict) throw malformed('no document catalog');
  return { ref, dict };
}

const PAGE_LIMIT = 100_000;

/** Page `index` (0-based) by walking /Kids; counts use /Count to skip whole subtrees. */
export function pageAt(pdf: PdfReader, catalog: PdfDict, index: number): PdfPage {
  let node = catalog.get('Pages');
  let remaining = index;
  const inherited: { box?: PdfValue; crop?: PdfValue } = {};
  for (let depth = 0; depth < 64; depth++) {
    const dict = pdf.dict(node);
    if (!dict || !(node instanceof PdfRef)) break;
    inherited.box = dict.get('MediaBox') ?? inherited.box;
    inherited.crop = dict.get('CropBox') ?? inherited.crop;
    if (!isName(dict.get('Type'), 'Pages')) {
      if (remaining !== 0) break;
      const box = rect(pdf.resolve(inherited.crop)) ?? rect(pdf.resolve(inherited.box)) ?? [0, 0, 612, 792];
      return { ref: node, dict, box };
    }
    const kids = pdf.resolve(dict.get('Kids'));
    if (!Array.isArray(kids) || kids.length > PAGE_LIMIT) break;
    let next: PdfValue | undefined;
    for (const kid of kids) {
      const k = pdf.dict(kid);
      const count = k && isName(k.get('Type'), 'Pages') ? (num(k.get('Count')) ?? 0) : 1;
      if (remaining < count) { next = kid; break; }
      remaining -= count;
    }
    if (!next) break;
    node = next;
  }
  throw new AppError('INVALID_INPUT', `page ${index + 1} does not exist`, { fields: [`page: ${index + 1}`] });
}

export function pageCount(pdf: PdfReader, catalog: PdfDict): number {
  return num(pdf.dict(catalog.get('Pages'))?.get('Count')) ?? 0;
}

function rect(v: PdfValue | undefined): [number, number, number, number] | undefined {
  if (!Array.isArray(v) || v.length !== 4) return undefined;
  const n = v.map((x) => num(x));
  if (n.some((x) => x === undefined)) return undefined;
  const [a, b, c, d] = n as number[];
  return [Math.min(a!, c!), Math.min(b!, d!), Math.max(a!, c!), Math.max(b!, d!)];
}

/** Every terminal form field (depth-first through /Kids), with its full dotted name. */
export function formFields(pdf: PdfReader, catalog: PdfDict): { name: string; dict: PdfDict; ref: PdfValue }[] {
  const out: { name: string; dict: PdfDict; ref: PdfValue }[] = [];
  const seen = new Set<string>();
  const walk = (refs: PdfValue | undefined, prefix: string, depth: number) => {
    const list = pdf.resolve(refs);
    if (!Array.isArray(list) || depth > 16) return;
    for (const ref of list) {
      if (ref instanceof PdfRef) {
        if (seen.has(ref.key)) continue;
        seen.add(ref.key);
      }
      const dict = pdf.dict(ref);
      if (!dict) continue;
      const t = pdf.resolve(dict.get('T'));
      const full = t instanceof PdfString ? (prefix ? `${prefix}.${t.text()}` : t.text()) : prefix;
      const kids = pdf.resolve(dict.get('Kids'));
      if (Array.isArray(kids) && kids.some((k) => pdf.dict(k)?.get('T') !== undefined)) walk(kids, full, depth + 1);
      else out.push({ name: full, dict, ref });
    }
  };
  walk(pdf.dict(catalog.get('AcroForm'))?.get('Fields'), '', 0);
  return out;
}

export function signatureFields(pdf: PdfReader, catalog: PdfDict): SignatureField[] {
  return formFields(pdf, catalog).flatMap((f) => {
    if (!isName(pdf.resolve(f.dict.get('FT')), 'Sig')) return [];
    const v = f.dict.get('V');
    const sig = pdf.dict(v);
    return sig ? [{ name: f.name, sig, sigRef: v instanceof PdfRef ? v : null }] : [];
  });
}

/** A certified document whose DocMDP permission is 1 accepts no further changes (AutoFirma #21). */
export function assertSignable(pdf: PdfReader, catalog: PdfDict): void {
  const docMdp = pdf.dict(pdf.dict(catalog.get('Perms'))?.get('DocMDP'));
  if (!docMdp) return;
  const refs = pdf.resolve(docMdp.get('Reference'));
  for (const r of Array.isArray(refs) ? refs : []) {
    const params = pdf.dict(pdf.dict(r)?.get('TransformParams'));
    if ((num(params?.get('P')) ?? 2) === 1) throw unsupported('certified', 'the document is certified with "no changes allowed"');
  }
}
