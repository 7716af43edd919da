/**
 * e-Doręczenia evidences as receipts: each file is stored byte for byte (content-addressed), its
 * seal verified (XAdES for XML; PAdES for the PDF forms BP.WP/BP.OP; signer chained to the trust
 * anchors), its content tied to the filing (message id; for BP.OX/BP.WX also the attachment names
 * and sizes; a PDF also by its XML twin, which must name the same message), and it is entered in
 * the receipts register through the receipts service (so the register and the proof package list
 * it) as well as in edoreczenia_evidences with its UA API metadata. Rendered through the official
 * wzór 10856 stylesheet where the evidence is an XML potwierdzenie.
 */
import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Xslt, domDocumentToXDocument } from 'xslt-processor';
import type { Db } from '../db/database';
import { isPdfReceipt, type ReceiptsService } from '../receipts/receipts-service';
import { verifyPdfSignatures } from '../signatures/pades-verify';
import { PdfDict, PdfString } from '../signatures/pades-objects';
import { openPdf } from '../signatures/pades-reader';
import type { BlobStore } from '../storage/blob-store';
import { withPrivateTempFile } from '../storage/private-temp';
import { runtimeDir } from '../runtime-resources';
import { commonName, verifyChain } from '../trust/chain';
import { firstElementNS, parseXml, serializeXml } from '../xml/dom';
import { verifyEnvelopedSignatures } from '../xml/xades';

export const NS_10856 = 'http://crd.gov.pl/wzor/2021/09/01/10856/';

/** Undotted aliases of the contract's Evidence.type enum (DOMAIN-inboxes §4.6); D and C2 stay as they are. */
const ALIASES: Record<string, string> = {
  A1: 'A.1', A2: 'A.2', B1: 'B.1', B2: 'B.2', B3: 'B.3', D1: 'D.1', D2: 'D.2', D3: 'D.3', E1: 'E.1', E2: 'E.2',
  BPOX: 'BP.OX', BPOP: 'BP.OP', BPWX: 'BP.WX', BPWP: 'BP.WP', HDW: 'H.DW', HPN: 'H.PN', HEPO: 'H.EPO',
};
export function evidenceType(raw: string | undefined): string {
  return raw ? ALIASES[raw] ?? raw : 'unknown';
}

export interface Check { name: string; ok: boolean; detail: string | null }

export interface ParsedProof {
  title: string | null;
  messageId: string | null;
  evidenceId: string | null;
  senderAddress: string | null;
  addresseeAddress: string | null;
  madeAvailableAt: string | null;
  handedOverAt: string | null;
  attachments: { name: string; size: number }[];
}

/** Fields of a wzór 10856 document (BP.OX, and BP.WX in the same layout); null for other XML. */
export function parseProof(doc: Document): ParsedProof | null {
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS_10856 || root.localName !== 'Dokument') return null;
  const t = (parent: Element | Document | null, name: string) => (parent ? firstElementNS(parent, NS_10856, name)?.textContent?.trim() ?? null : null);
  const attachments = Array.from(doc.getElementsByTagNameNS(NS_10856, 'DaneZalacznika')).map((z) => {
    const attr = (n: string) => Array.from(z.getElementsByTagNameNS(NS_10856, 'AtrybutZalacznika')).find((a) => a.getAttribute('nazwaAtrybutu') === n);
    return { name: attr('NazwaZalacznika') ? t(attr('NazwaZalacznika')!, 'WartoscAtrybutu') ?? '' : '', size: Number(attr('RozmiarZalacznika') ? t(attr('RozmiarZalacznika')!, 'WartoscAtrybutu') : 0) };
  });
  return {
    title: t(doc, 'TytulDokumentu'),
    messageId: t(doc, 'IdentyfikatorWiadomosci'),
    evidenceId: t(doc, 'IdentyfikatorDowoduPotwierdzenia'),
    senderAddress: t(firstElementNS(doc, NS_10856, 'DaneNadawcy'), 'AdresEDoreczen'),
    addresseeAddress: t(firstElementNS(doc, NS_10856, 'DaneAdresata'), 'AdresEDoreczen'),
    madeAvailableAt: t(doc, 'DataUdostepnieniaDoOdbioru'),
    handedOverAt: t(doc, 'DataPrzekazaniaAdresatowi'),
    attachments,
  };
}

/** A PDF evidence (BP.WP / BP.OP) starts like any PDF. */
export { isPdfReceipt as isPdfEvidence } from '../receipts/receipts-service';

/** What a PDF evidence states about itself in its (sealed) document information dictionary. */
export interface PdfEvidenceFacts { type: string | null; evidenceId: string | null; messageId: string | null; twinEvidenceId: string | null }

/** Information-dictionary keys of the PDF evidences (as the built-in simulator writes them; the operator's own layout is not public). */
const PDF_FACT_KEYS = { type: 'EDoreczeniaEvidenceType', evidenceId: 'EDoreczeniaEvidenceId', messageId: 'EDoreczeniaMessageId', twinEvidenceId: 'EDoreczeniaTwinEvidenceId' } as const;

/** Integrity failures of a PDF seal (as opposed to trust, which is checked separately). */
const BROKEN = new Set(['FORMAT_FAILURE', 'HASH_FAILURE', 'SIG_CRYPTO_FAILURE', 'SIGNED_DATA_NOT_FOUND', 'NO_SIGNING_CERTIFICATE_FOUND']);

function pdfFacts(path: string): PdfEvidenceFacts {
  const pdf = openPdf(path);
  try {
    const info = pdf.dict(pdf.trailer.get('Info')) ?? new PdfDict();
    const text = (key: string) => { const v = pdf.resolve(info.get(key)); return v instanceof PdfString ? v.text() : null; };
    return { type: text(PDF_FACT_KEYS.type), evidenceId: text(PDF_FACT_KEYS.evidenceId), messageId: text(PDF_FACT_KEYS.messageId), twinEvidenceId: text(PDF_FACT_KEYS.twinEvidenceId) };
  } finally {
    pdf.close();
  }
}

/** A PDF evidence: exactly one PAdES seal, intact, covering the whole file, by a trusted sealer; naming the message. */
async function verifyPdfEvidence(bytes: Uint8Array, expect: { messageId: string }, anchors: readonly X509Certificate[], at: Date): Promise<{ checks: Check[]; issuer: string; proof: null; pdf?: PdfEvidenceFacts }> {
  // The PDF verifier reads files (it streams 100 MB documents); an evidence is small.
  return withPrivateTempFile('evidence.pdf', bytes, async (path) => {
    let pdf: PdfEvidenceFacts;
    let reports;
    try {
      pdf = pdfFacts(path);
      reports = await verifyPdfSignatures(path, { anchors: [...anchors], online: false, at });
    } catch (e) {
      return { checks: [{ name: 'well-formed', ok: false, detail: (e as Error).message }], issuer: 'unknown', proof: null };
    }
    const r = reports[0];
    const checks: Check[] = [];
    const problems = r ? r.reasons.filter((x) => x.severity === 'error' || x.code === 'UNSIGNED_CONTENT').map((x) => x.code) : [];
    const intact = reports.length === 1 && !!r && r.indication !== 'TOTAL_FAILED' && !BROKEN.has(r.subIndication ?? '') && !problems.includes('UNSIGNED_CONTENT');
    checks.push({ name: 'seal', ok: intact, detail: reports.length !== 1 ? `expected one seal, found ${reports.length}` : intact ? null : `${r!.indication}${r!.subIndication ? `/${r!.subIndication}` : ''}: ${problems.join(', ')}` });
    checks.push({ name: 'sealer-trusted', ok: !!r?.chain.trusted, detail: r?.chain.trusted ? null : r?.signer ? `${r.signer.commonName} does not chain to a trusted certificate` : 'no sealing certificate' });
    // The facts the seal covers; a PDF without them must at least carry the id in its (uncompressed) bytes.
    const names = pdf.messageId !== null ? pdf.messageId === expect.messageId : Buffer.from(bytes).includes(expect.messageId);
    checks.push({ name: 'message-id', ok: names, detail: names ? null : `the evidence does not name message ${expect.messageId}` });
    return { checks, issuer: r?.signer?.commonName ?? 'unknown', proof: null, pdf };
  });
}

/** Verifies an evidence file: one valid seal, a trusted sealer, and (when known) the message and files it must name. */
export async function verifyEvidence(bytes: Uint8Array, expect: { messageId: string; attachments?: { name: string; size: number }[] }, anchors: readonly X509Certificate[], at: Date): Promise<{ checks: Check[]; issuer: string; proof: ParsedProof | null; pdf?: PdfEvidenceFacts }> {
  if (isPdfReceipt(bytes)) return verifyPdfEvidence(bytes, expect, anchors, at);
  const checks: Check[] = [];
  let doc: Document;
  try {
    doc = parseXml(Buffer.from(bytes).toString('utf8'), 'evidence');
  } catch (e) {
    return { checks: [{ name: 'well-formed', ok: false, detail: (e as Error).message }], issuer: 'unknown', proof: null };
  }
  const sigs = await verifyEnvelopedSignatures(doc);
  const sig = sigs[0];
  checks.push({ name: 'seal', ok: sigs.length === 1 && !!sig?.valid, detail: sigs.length === 1 ? sig!.error : `expected one seal, found ${sigs.length}` });
  const chain = sig?.signerCertificate ? verifyChain(sig.signerCertificate, anchors, [], at) : { trusted: false, reason: 'no sealing certificate' };
  checks.push({ name: 'sealer-trusted', ok: chain.trusted, detail: chain.reason });
  const proof = parseProof(doc);
  const text = Buffer.from(bytes).toString('utf8');
  const namesMessage = proof ? proof.messageId === expect.messageId : text.includes(`>${expect.messageId}<`);
  checks.push({ name: 'message-id', ok: namesMessage, detail: namesMessage ? null : `the evidence does not name message ${expect.messageId}` });
  if (proof && expect.attachments) {
    const missing = expect.attachments.filter((a) => !proof.attachments.some((p) => p.name === a.name && p.size === a.size));
    checks.push({ name: 'attachments', ok: missing.length === 0, detail: missing.length ? `not listed: ${missing.map((m) => `${m.name} (${m.size} B)`).join(', ')}` : null });
  }
  return { checks, issuer: sig?.signerCertificate ? commonName(sig.signerCertificate) : 'unknown', proof };
}

export interface StoredEvidence {
  evidenceId: string; box: string; filingId: string | null; messageId: string; type: string; eventDate: string | null;
  sha256: string; verified: boolean; checks: Check[]; receivedAt: string; receiptId: string | null;
}

interface Row { evidence_id: string; box: string; filing_id: string | null; message_id: string; type: string; event_date: string | null; sha256: string; verified: number; checks_json: string; received_at: string }

/** `receipts`: the register's service; every evidence is entered as a receipt through it. */
export function createEvidenceStore(deps: { db: Db; blobs: BlobStore; clock: () => Date; trustAnchors: () => X509Certificate[]; receipts: Pick<ReceiptsService, 'recordEvidence'> }) {
  const { db, blobs, clock, receipts } = deps;
  const toStored = (r: Row): StoredEvidence => ({
    evidenceId: r.evidence_id, box: r.box, filingId: r.filing_id, messageId: r.message_id, type: r.type, eventDate: r.event_date, sha256: r.sha256,
    verified: r.verified === 1, checks: JSON.parse(r.checks_json) as Check[], receivedAt: r.received_at,
    receiptId: (db.prepare<[string], { id: string }>('SELECT id FROM receipts WHERE sha256 = ?').get(r.sha256)?.id) ?? null,
  });
  return {
    has(box: string, evidenceId: string): boolean {
      return !!db.prepare('SELECT 1 FROM edoreczenia_evidences WHERE box = ? AND evidence_id = ?').get(box, evidenceId);
    },
    /** Stores and verifies one evidence; stored again, the same evidence gives the existing entry back. */
    async store(input: { box: string; filingId: string | null; messageId: string; evidenceId: string; type: string; eventDate: string | null; bytes: Uint8Array; attachments?: { name: string; size: number }[] }): Promise<StoredEvidence> {
      const existing = db.prepare<[string, string], Row>('SELECT * FROM edoreczenia_evidences WHERE box = ? AND evidence_id = ?').get(input.box, input.evidenceId);
      if (existing) return toStored(existing);
      const v = await verifyEvidence(input.bytes, { messageId: input.messageId, ...(input.attachments ? { attachments: input.attachments } : {}) }, deps.trustAnchors(), clock());
      const twinId = v.pdf?.twinEvidenceId;
      const twin = twinId ? db.prepare<[string, string], Row>('SELECT * FROM edoreczenia_evidences WHERE box = ? AND evidence_id = ?').get(input.box, twinId) : undefined;
      // The PDF's XML twin, when it is here, must be about the same message.
      if (twin) v.checks.push({ name: 'twin', ok: twin.message_id === input.messageId, detail: twin.message_id === input.messageId ? null : `its XML twin ${twinId} names message ${twin.message_id}` });
      const pdf = isPdfReceipt(input.bytes);
      const sha = blobs.put(input.bytes, pdf ? 'application/pdf' : 'text/xml');
      const verified = v.checks.every((c) => c.ok) ? 1 : 0;
      const now = clock().toISOString();
      const row: Row = { evidence_id: input.evidenceId, box: input.box, filing_id: input.filingId, message_id: input.messageId, type: input.type, event_date: input.eventDate, sha256: sha, verified, checks_json: JSON.stringify(v.checks), received_at: now };
      db.transaction(() => {
        // A concurrent refresh may have stored it meanwhile: the first copy stays.
        const added = db.prepare(`INSERT INTO edoreczenia_evidences (evidence_id, box, filing_id, message_id, type, event_date, sha256, verified, checks_json, received_at)
                    VALUES (@evidence_id, @box, @filing_id, @message_id, @type, @event_date, @sha256, @verified, @checks_json, @received_at) ON CONFLICT DO NOTHING`).run(row);
        if (added.changes === 0) return;
        const delivered = input.type === 'BP.OX' ? v.proof?.handedOverAt ?? input.eventDate : input.type === 'BP.OP' ? input.eventDate : null;
        receipts.recordEvidence({
          filingId: input.filingId, kind: input.type, issuer: v.issuer, fileName: `${input.type}-${input.evidenceId}.${pdf ? 'pdf' : 'xml'}`, sha256: sha,
          messageId: input.messageId, deliveredAt: delivered, receivedAt: now, verified: verified === 1, checks: v.checks,
        });
      })();
      return toStored(row);
    },
    forFiling(filingId: string): StoredEvidence[] {
      return db.prepare<[string], Row>('SELECT * FROM edoreczenia_evidences WHERE filing_id = ? ORDER BY event_date, received_at').all(filingId).map(toStored);
    },
    forMessage(box: string, messageId: string): StoredEvidence[] {
      return db.prepare<[string, string], Row>('SELECT * FROM edoreczenia_evidences WHERE box = ? AND message_id = ? ORDER BY event_date, received_at').all(box, messageId).map(toStored);
    },
    bytes(sha: string): Uint8Array {
      return blobs.get(sha);
    },
  };
}
export type EvidenceStore = ReturnType<typeof createEvidenceStore>;

let stylesheet: Document | null = null;
/** HTML of a wzór 10856 evidence through the official stylesheet (shipped in resources/runtime/crd). */
export async function renderProofHtml(bytes: Uint8Array): Promise<string> {
  stylesheet ??= parseXml(await readFile(join(runtimeDir(), 'crd', 'wzor-2021-09-01-10856', 'styl.xsl'), 'utf8'), 'styl.xsl');
  const doc = parseXml(Buffer.from(bytes).toString('utf8'), 'evidence');
  const engine = new Xslt({ cData: true, escape: true, selfClosingTags: true, fetchFunction: async (uri) => { throw new Error(`stylesheet import refused: ${uri}`); } });
  const html = parseXml(await engine.xsltProcess(domDocumentToXDocument(doc), domDocumentToXDocument(stylesheet)), 'evidence view');
  // Shown in a sandboxed srcdoc frame under the app's CSP (no inline styles): scripts, <style> and
  // style attributes are removed, so nothing is blocked and the text stays readable.
  for (const tag of ['script', 'style']) for (const el of Array.from(html.getElementsByTagName(tag))) el.parentNode?.removeChild(el);
  for (const el of Array.from(html.getElementsByTagName('*'))) el.removeAttribute('style');
  return serializeXml(html);
}
