/**
 * BP.WP / BP.OP: the PDF forms of the proof of sending / proof of receipt, issued with their XML
 * twins (BP.WX / BP.OX) for the same message and moments, and sealed with PAdES (B-B, visible
 * stamp) by the simulator's seal through the app's own PAdES signer.
 *
 * The operator's PDF layout is not public (DOMAIN-inboxes §9), so this one states the facts of the
 * XML twin as labelled lines. Text uses standard Helvetica (nothing to embed or ship) with the
 * Polish letters on codes 1–16 by their glyph names (as the PAdES stamp does), so any reader and
 * `pdftotext` show them. The identifiers are also written, unencoded, into the document
 * information dictionary (EDoreczenia* keys) so a client can tie the PDF to its message without
 * parsing page content; the seal covers them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, beginText, endText, moveText, setFontAndSize, setLineHeight, showText, nextLine, type PDFOperator } from 'pdf-lib';
import { signPades, stampLines } from '../../node/signatures/pades-sign';
import { POLISH_GLYPHS, stampBytes } from '../../node/signatures/pades-stamp';
import type { Signer } from '../../node/signer/types';
import { warsawIso, type ProofInput } from './evidences';

/** Keys of the information dictionary a client reads (the same names the app's evidence.ts reads). */
export const PDF_FACT_KEYS = { type: 'EDoreczeniaEvidenceType', evidenceId: 'EDoreczeniaEvidenceId', messageId: 'EDoreczeniaMessageId', twin: 'EDoreczeniaTwinEvidenceId' } as const;

export interface ProofPdfInput extends ProofInput {
  /** The PDF's own evidence id; `evidenceId` of ProofInput is the XML twin's. */
  pdfEvidenceId: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
/** Helvetica averages about 0.5 em per character: lines are wrapped by length, not measured. */
const WRAP = 92;

function wrap(text: string, width = WRAP): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) { out.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

const when = (d: Date) => warsawIso(d).replace('T', ' ');

/** The lines of the form: [text, size] pairs, blank lines as ''. */
function lines(p: ProofPdfInput): [string, number][] {
  const receipt = p.kind === 'BP.OX';
  const out: [string, number][] = [];
  const add = (s: string, size = 10) => out.push([s, size]);
  add(receipt ? 'Potwierdzenie otrzymania' : 'Potwierdzenie wysłania', 16);
  add(`${receipt ? 'BP.OP' : 'BP.WP'} — postać PDF dowodu ${receipt ? 'otrzymania' : 'wysłania'} (SYMULATOR — TEST)`, 9);
  add('');
  for (const l of wrap(`Niniejszy dokument stanowi dowód ${receipt ? 'otrzymania' : 'wysłania'} w rozumieniu art. 40 ustawy z dnia 18 listopada 2020 r. o doręczeniach elektronicznych.`)) add(l);
  add('');
  const party = (label: string, x: ProofInput['sender']) => {
    add(label, 12);
    add(`Nazwa: ${x.person ? `${x.person.first} ${x.person.last}` : x.name}`);
    add(`Adres do doręczeń elektronicznych: ${x.address}`);
    add('');
  };
  party('Dane nadawcy', p.sender);
  party('Dane adresata', p.addressee);
  add('Daty', 12);
  add(`Data nadania przesyłki: ${when(p.submittedAt)}`);
  add(`Data akceptacji nadania przesyłki: ${when(p.acceptedAt)}`);
  if (receipt) {
    const handed = p.handedOverAt ?? p.acceptedAt;
    add(`Data udostępnienia do odbioru: ${when(p.madeAvailableAt ?? handed)}`);
    add(`Data przekazania adresatowi: ${when(handed)}${p.deemed ? ' (uznana za doręczoną)' : ''}`);
  }
  add('');
  add('Dane wiadomości', 12);
  add(`Identyfikator wiadomości: ${p.messageId}`);
  add(`Identyfikator dowodu: ${p.pdfEvidenceId}`);
  add(`Identyfikator dowodu w postaci XML (${p.kind}): ${p.evidenceId}`);
  add('Tryb doręczenia: podstawowy');
  add('');
  add('Załączniki', 12);
  if (p.attachments.length === 0) add('(brak)');
  for (const a of p.attachments) add(`${a.name} — ${a.size} B (identyfikator ${a.id})`);
  add('');
  for (const l of wrap('Niniejszy dowód jest zabezpieczony pieczęcią elektroniczną dostawcy usługi zaufania (SYMULATOR — TEST, NIE KWALIFIKOWANA).')) add(l, 9);
  return out;
}

/** The unsealed PDF. */
async function unsealedPdf(p: ProofPdfInput, at: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(p.kind === 'BP.OX' ? 'Potwierdzenie otrzymania' : 'Potwierdzenie wysłania');
  doc.setProducer('Nadawca e-Doręczenia simulator (TEST)');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const facts: [string, string][] = [[PDF_FACT_KEYS.type, p.kind === 'BP.OX' ? 'BP.OP' : 'BP.WP'], [PDF_FACT_KEYS.evidenceId, p.pdfEvidenceId], [PDF_FACT_KEYS.messageId, p.messageId], [PDF_FACT_KEYS.twin, p.evidenceId]];
  for (const [k, v] of facts) info.set(PDFName.of(k), PDFString.of(v));

  const page = doc.addPage(A4);
  const font = doc.context.register(doc.context.obj({
    Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica',
    Encoding: { Type: 'Encoding', BaseEncoding: 'WinAnsiEncoding', Differences: [1, ...POLISH_GLYPHS] },
  }));
  page.node.setFontDictionary(PDFName.of('F1'), font);
  const ops: PDFOperator[] = [beginText(), moveText(MARGIN, A4[1] - MARGIN - 16)];
  for (const [text, size] of lines(p)) {
    ops.push(setFontAndSize('F1', size), setLineHeight(size * 1.45));
    if (text) ops.push(showText(PDFHexString.of(stampBytes(text).toString('hex'))));
    ops.push(nextLine());
  }
  ops.push(endText());
  page.pushOperators(...ops);
  return doc.save({ useObjectStreams: false });
}

/**
 * The sealed BP.WP/BP.OP. `tamper` (fault badEvidenceSeal) alters one character of the message id
 * after sealing, the byte length unchanged, so the file still opens but its seal no longer holds.
 */
export async function sealedProofPdf(p: ProofPdfInput, seal: { signer: Signer; certificateId: string; certificateDer: Uint8Array }, at: Date, workDir: string, tamper = false): Promise<Uint8Array> {
  const dir = mkdtempSync(join(workDir, 'pdf-'));
  try {
    const input = join(dir, 'unsealed.pdf');
    const output = join(dir, 'sealed.pdf');
    writeFileSync(input, await unsealedPdf(p, at));
    await signPades({
      input, output, signer: seal.signer, certificateId: seal.certificateId, pin: null, level: 'B-B', signingTime: at,
      reason: p.kind === 'BP.OX' ? 'Dowód otrzymania' : 'Dowód wysłania',
      stamp: { page: 1, corner: 'bottom-right', x: MARGIN, y: MARGIN, width: 230, height: 56, lines: stampLines(seal.certificateDer, at, false) },
    });
    const bytes = readFileSync(output);
    if (tamper) {
      const key = Buffer.from(`/${PDF_FACT_KEYS.messageId} (`, 'latin1');
      const at2 = bytes.indexOf(key) + key.length;
      if (at2 >= key.length) bytes[at2] = bytes[at2] === 0x58 ? 0x59 : 0x58; // 'X' (or 'Y')
    }
    return new Uint8Array(bytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
