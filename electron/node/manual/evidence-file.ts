/**
 * What a receipt file the user downloaded is: an ePUAP UPP/UPD, an e-Doręczenia potwierdzenie
 * (wzór 10856: BP.WX "wysłania" / BP.OX "otrzymania"), an ETSI evidence (A.1, A.2, D.1, E.1…) or a
 * PDF rendering of a potwierdzenie (BP.WP / BP.OP). Only reads the file; verification and storage
 * are the evidence store's (edoreczenia/evidence.ts).
 */
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { NS_10856, evidenceType, isPdfEvidence, parseProof, type ParsedProof } from '../edoreczenia/evidence';
import { readUpo } from '../receipts/upo';
import { firstElementNS, parseXml, textOf } from '../xml/dom';

/**
 * ETSI EN 319 522 evidences: their XML schema is not in the contract files (DOMAIN-inboxes §9), so
 * what is read is the built-in simulator's stand-in (electron/simulators/edoreczenia/evidences.ts
 * NS_SIM_ETSI; product code does not import the simulators).
 */
export const NS_ETSI_EVIDENCE = 'urn:nadawca:simulator:edoreczenia:etsi-evidence';

export type EvidenceFile =
  | { format: 'upo' }
  | { format: 'proof'; type: 'BP.WX' | 'BP.OX'; proof: ParsedProof; addresseeName: string | null; sentAt: string | null }
  | { format: 'etsi'; type: string; messageId: string; evidenceId: string; eventTime: string | null }
  | { format: 'pdf'; type: 'BP.WP' | 'BP.OP'; text: string };

/** The file's kind, or null when it is none of the receipts Nadawca knows. The file name helps with a PDF only. */
export async function recogniseEvidence(bytes: Uint8Array, fileName = ''): Promise<EvidenceFile | null> {
  if (isPdfEvidence(bytes)) return pdfEvidence(bytes, fileName);
  let doc: Document;
  try {
    doc = parseXml(Buffer.from(bytes).toString('utf8'), 'receipt');
  } catch {
    return null;
  }
  if (readUpo(doc)) return { format: 'upo' };
  const proof = parseProof(doc);
  if (proof?.messageId) {
    const type = /otrzymania/i.test(proof.title ?? '') ? 'BP.OX' : /wys[lł]ania/i.test(proof.title ?? '') ? 'BP.WX' : null;
    if (!type) return null;
    const adresat = firstElementNS(doc, NS_10856, 'DaneAdresata');
    const person = adresat ? [textOf(adresat, 'http://crd.gov.pl/xml/schematy/osoba/2009/11/16/', 'Imie'), textOf(adresat, 'http://crd.gov.pl/xml/schematy/osoba/2009/11/16/', 'Nazwisko')].filter(Boolean).join(' ') : '';
    const addresseeName = adresat ? textOf(adresat, NS_10856, 'NazwaPodmiotu') ?? (person || null) : null;
    const sentAt = textOf(doc, NS_10856, 'DataAkceptacjiNadaniaPrzesylki') ?? textOf(doc, NS_10856, 'DataNadaniaPrzesylki');
    return { format: 'proof', type, proof, addresseeName, sentAt };
  }
  const root = doc.documentElement;
  if (root?.namespaceURI === NS_ETSI_EVIDENCE && root.localName === 'Evidence') {
    const messageId = textOf(doc, NS_ETSI_EVIDENCE, 'MessageIdentifier');
    const evidenceId = textOf(doc, NS_ETSI_EVIDENCE, 'EvidenceIdentifier');
    if (!messageId || !evidenceId) return null;
    return { format: 'etsi', type: evidenceType(root.getAttribute('type') ?? undefined), messageId, evidenceId, eventTime: textOf(doc, NS_ETSI_EVIDENCE, 'EventTime') };
  }
  return null;
}

/**
 * A PDF potwierdzenie: its text names its kind and is searched for the message id — the document
 * information (the built-in simulator writes the evidence type and message id there, under the
 * seal), the page strings, any XML it carries (an embedded evidence, XMP), and the file name as
 * downloaded (the service names files after the evidence).
 */
async function pdfEvidence(bytes: Uint8Array, fileName: string): Promise<EvidenceFile | null> {
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  } catch {
    return null;
  }
  const text = [fileName, ...infoTexts(pdf), ...streamTexts(pdf)].filter(Boolean).join('\n');
  const type = /potwierdzenie\s+otrzymania|BP\.?OP/i.test(text) ? 'BP.OP' : /potwierdzenie\s+wys[lł]ania|BP\.?WP/i.test(text) ? 'BP.WP' : null;
  // Any other PDF (a letter, a scan) is not a receipt.
  return type ? { format: 'pdf', type, text } : null;
}

/** Every text value of the document information dictionary (Title, Subject, Keywords, and any own keys). */
function infoTexts(pdf: PDFDocument): string[] {
  const info = pdf.context.lookup(pdf.context.trailerInfo.Info);
  if (!(info instanceof PDFDict)) return [];
  return info.entries().map(([, v]) => pdf.context.lookup(v)).flatMap((v) => (v instanceof PDFString || v instanceof PDFHexString ? [v.decodeText()] : []));
}

/**
 * The text of the (Flate-decoded) streams: as UTF-8 (embedded XML, XMP) and the literal "(…)" and
 * hex "<…>" strings drawn on pages as single-byte text. pdf-lib has no text extractor; this is
 * enough to find an ASCII message id drawn with a simple font. Text drawn with an embedded subset
 * font is glyph ids and is not found — the import then says the PDF names no known message.
 */
function streamTexts(pdf: PDFDocument): string[] {
  const out: string[] = [];
  for (const [, obj] of pdf.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const filter = obj.dict.get(PDFName.of('Filter'));
    let data: Buffer;
    try {
      data = filter === undefined ? Buffer.from(obj.contents) : filter === PDFName.of('FlateDecode') ? inflateSync(obj.contents) : Buffer.alloc(0);
    } catch {
      continue;
    }
    out.push(data.toString('utf8'));
    // One line per stream: a message id drawn in pieces is whole again.
    out.push(Array.from(data.toString('latin1').matchAll(/\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f\s]+)>/g),
      (m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : Buffer.from(m[2]!.replace(/\s/g, ''), 'hex').toString('latin1'))).join(''));
  }
  return out;
}
