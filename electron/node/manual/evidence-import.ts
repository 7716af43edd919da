/**
 * e-Doręczenia evidences of a letter the user sent by hand through the e-Doręczenia web app
 * (issue 6 §3): matched to the letter exported as a manual package, verified and stored by the
 * evidence store (byte for byte, in the receipts register, flagged when its seal does not hold),
 * and the letter moved on as by the channel itself.
 *
 * Matching: a BP.WX/BP.OX names the message id, the addressee's AE address and the attachments
 * (names, sizes); the letter is the exported one whose signed file (name + size, as in the
 * package manifest) is listed and whose addressee agrees. The message id is then kept as the
 * letter's remote id, so evidences naming only the message (A.1, D.1, E.1, the PDF renderings)
 * find the same letter. Anything ambiguous or unmatched is refused before anything is stored.
 */
import { statSync } from 'node:fs';
import type { ReceiptSummary } from '../../common/contract';
import { AppError, type ErrorCode } from '../../common/errors';
import type { Db } from '../db/database';
import type { EvidenceStore } from '../edoreczenia/evidence';
import type { FilingRow, FilingsRepo } from '../filings/filings-repo';
import type { ReceiptsService } from '../receipts/receipts-service';
import type { BlobStore } from '../storage/blob-store';
import { sha256Hex } from '../storage/blob-store';
import type { EvidenceFile } from './evidence-file';

export interface EvidenceImportDeps {
  db: Db;
  repo: FilingsRepo;
  blobs: BlobStore;
  receipts: ReceiptsService;
  evidences: EvidenceStore;
  changed: (id: string) => void;
}

export interface ImportedEvidence { receipt: ReceiptSummary; messageId: string; filing: FilingRow }

type Known = Exclude<EvidenceFile, { format: 'upo' }>;

/** Letters that left as a manual package: the manual channel, or any letter the user exported. */
const EXPORTED = `SELECT * FROM filings f WHERE f.signed_sha256 IS NOT NULL AND f.state <> 'cancelled'
  AND (f.channel = 'manual' OR EXISTS (SELECT 1 FROM filing_events e WHERE e.filing_id = f.id AND e.kind = 'manual-export'))`;

export async function importEvidence(file: Known, bytes: Uint8Array, deps: EvidenceImportDeps): Promise<ImportedEvidence> {
  const { filing, messageId, type } = match(file, deps);
  const size = statSync(deps.blobs.pathOf(filing.signed_sha256!)).size;
  const box = senderBox(file, messageId, deps.db);
  const evidenceId = file.format === 'proof' ? file.proof.evidenceId ?? `${type}-${sha256Hex(bytes).slice(0, 16)}`
    : file.format === 'etsi' ? file.evidenceId : `${type}-${sha256Hex(bytes).slice(0, 16)}`;
  const eventDate = iso(file.format === 'proof' ? (file.type === 'BP.OX' ? file.proof.handedOverAt : file.sentAt) : file.format === 'etsi' ? file.eventTime : null);
  const stored = await deps.evidences.store({
    box, filingId: filing.id, messageId, evidenceId, type, eventDate, bytes,
    ...(file.format === 'proof' ? { attachments: [{ name: filing.file_name, size }] } : {}),
  });
  if (!stored.receiptId) throw new AppError('INTERNAL', `evidence ${evidenceId} stored without a receipt entry`);
  const { id, filingId, kind, channel, issuer, receivedAt, verified, problems } = deps.receipts.get(stored.receiptId);
  const receipt: ReceiptSummary = { id, filingId, kind, channel, issuer, receivedAt, verified, problems };
  settle(filing, { type, messageId, eventDate, verified, problems, evidenceId }, deps);
  return { receipt, messageId, filing: deps.repo.get(filing.id) };
}

function match(file: Known, deps: EvidenceImportDeps): { filing: FilingRow; messageId: string; type: string } {
  const exported = (condition: string, ...params: string[]) => deps.db.prepare<string[], FilingRow>(`${EXPORTED} AND ${condition} ORDER BY f.created_at`).all(...params);
  // Refused before anything is stored; the code says why, the details name the letters and files.
  const refuse = (code: ErrorCode, type: string, messageId: string, details: Record<string, string> = {}): never => {
    throw new AppError(code, `${type} ${messageId}: ${code} ${JSON.stringify(details)}`, { type, messageId, ...details });
  };
  if (file.format === 'pdf') {
    const type = file.type;
    // A PDF names the message in its text; only messages already tied to a letter can be found.
    const named = exported('f.remote_id IS NOT NULL').filter((f) => file.text.includes(f.remote_id!));
    if (named.length === 0) return refuse('RECEIPT_MESSAGE_UNKNOWN', type, '?');
    if (named.length > 1) return refuse('RECEIPT_AMBIGUOUS', type, named.map((f) => f.remote_id).join(', '), { letters: titles(named) });
    return { filing: named[0]!, messageId: named[0]!.remote_id!, type };
  }
  const messageId = file.format === 'proof' ? file.proof.messageId! : file.messageId;
  const known = exported('f.remote_id = ?', messageId);
  if (known.length === 1) return { filing: known[0]!, messageId, type: file.type };
  if (known.length > 1) return refuse('RECEIPT_AMBIGUOUS', file.type, messageId, { letters: titles(known) });
  if (file.format === 'etsi') return refuse('RECEIPT_MESSAGE_UNKNOWN', file.type, messageId);
  const proof = file.proof;
  const listed = exported('f.remote_id IS NULL AND f.file_name IN (SELECT value FROM json_each(?))', JSON.stringify(proof.attachments.map((a) => a.name)))
    .filter((f) => proof.attachments.some((a) => a.name === f.file_name && a.size === statSync(deps.blobs.pathOf(f.signed_sha256!)).size));
  if (listed.length === 0) {
    return refuse('RECEIPT_UNMATCHED', file.type, messageId, { files: proof.attachments.map((a) => `${a.name} (${a.size} B)`).join(', ') || '—' });
  }
  const agreeing = listed.filter((f) => addresseeAgrees(f, proof.addresseeAddress, file.addresseeName));
  if (agreeing.length === 0) return refuse('RECEIPT_ADDRESSEE_MISMATCH', file.type, messageId, { addressee: proof.addresseeAddress ?? file.addresseeName ?? '?', letters: titles(listed) });
  if (agreeing.length > 1) return refuse('RECEIPT_AMBIGUOUS', file.type, messageId, { letters: titles(agreeing) });
  return { filing: agreeing[0]!, messageId, type: file.type };
}

/** The AE address must be the letter's; a letter kept without one (portal, pendrive) is compared by name. */
function addresseeAgrees(f: FilingRow, address: string | null, name: string | null): boolean {
  if (/^AE:/i.test(f.to_address)) return f.to_address.toUpperCase() === (address ?? '').toUpperCase();
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('pl');
  return name !== null && norm(name) === norm(f.addressee_name);
}

/** The sender's box: named by a potwierdzenie, else the one the message's earlier evidences came from. */
function senderBox(file: Known, messageId: string, db: Db): string {
  if (file.format === 'proof' && file.proof.senderAddress) return file.proof.senderAddress;
  return db.prepare<[string], { box: string }>('SELECT box FROM edoreczenia_evidences WHERE message_id = ? ORDER BY received_at LIMIT 1').get(messageId)?.box ?? 'manual';
}

/** BP.OX/BP.OP/E.1: delivered; BP.WX/BP.WP/A.1: sent (the message id kept); A.2: rejected; others: noted. */
function settle(filing: FilingRow, e: { type: string; messageId: string; eventDate: string | null; verified: boolean; problems: string[]; evidenceId: string }, deps: EvidenceImportDeps): void {
  const current = deps.repo.get(filing.id);
  const verdict = `${e.type} ${e.evidenceId} of message ${e.messageId} ${e.verified ? 'verified' : `NOT verified: ${e.problems.join('; ')}`}`;
  const event = { actor: 'user', kind: 'evidence-import', detail: verdict };
  const base = { remote_id: current.remote_id ?? e.messageId };
  const delivered = ['BP.OX', 'BP.OP', 'E.1'].includes(e.type);
  if (delivered && current.state !== 'delivered') {
    deps.repo.transition(current.id, [current.state], 'delivered', { ...base, delivered_at: e.eventDate, sent_at: current.sent_at ?? e.eventDate, next_attempt_at: null, last_error: null }, event);
  } else if (e.type === 'A.2' && current.state !== 'delivered' && current.state !== 'rejected') {
    deps.repo.transition(current.id, [current.state], 'rejected', { ...base, last_error: 'A.2' }, event);
  } else if (delivered && !current.delivered_at && e.eventDate) {
    deps.repo.transition(current.id, ['delivered'], 'delivered', { ...base, delivered_at: e.eventDate }, event);
  } else {
    const sent = ['BP.WX', 'BP.WP', 'A.1'].includes(e.type) && !current.sent_at ? { sent_at: e.eventDate } : {};
    deps.repo.transition(current.id, [current.state], current.state, { ...base, ...sent }, event);
  }
  deps.changed(current.id);
}

function titles(fs: FilingRow[]): string {
  return fs.map((f) => `„${f.title}”`).join(', ');
}

function iso(d: string | null | undefined): string | null {
  if (!d) return null;
  const t = Date.parse(d);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
