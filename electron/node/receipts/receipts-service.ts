/**
 * Receipts: stored byte for byte as received, verified (signature, binding to the filed
 * document, trust, ids), tied to their filing, and never overwritten or deleted.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import type { Channel } from '../../common/addresses';
import type { ReceiptDetail, ReceiptSummary } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import type { FilingRow } from '../filings/filings-repo';
import type { BlobStore } from '../storage/blob-store';
import { sha256Hex } from '../storage/blob-store';
import { commonName, verifyChain } from '../trust/chain';
import { parseXml } from '../xml/dom';
import { verifyEnvelopedSignatures } from '../xml/xades';
import { readUpo } from './upo';

interface Check { name: string; ok: boolean; detail: string | null }

interface ReceiptRow {
  id: string; filing_id: string | null; kind: string; channel: Channel; issuer: string; file_name: string; sha256: string;
  document_id: string | null; delivered_at: string | null; received_at: string; verified: number; checks_json: string;
}

export interface ReceiptsDeps {
  db: Db;
  blobs: BlobStore;
  clock: () => Date;
  trustAnchors: () => X509Certificate[];
}

export function createReceiptsService({ db, blobs, clock, trustAnchors }: ReceiptsDeps) {
  const byId = db.prepare<[string], ReceiptRow>('SELECT * FROM receipts WHERE id = ?');
  const bySha = db.prepare<[string], ReceiptRow>('SELECT * FROM receipts WHERE sha256 = ?');

  /** Verifies an ePUAP UPO against the filing it should belong to. */
  async function verifyUpo(bytes: Uint8Array, filing: FilingRow): Promise<{ checks: Check[]; issuer: string; kind: string; documentId: string | null; deliveredAt: string | null }> {
    const doc = parseXml(Buffer.from(bytes).toString('utf8'), 'receipt');
    const fields = readUpo(doc);
    if (!fields) throw new AppError('RECEIPT_INVALID', 'not a UPP/UPD document', { reason: 'not a UPP/UPD document' });
    const filed = filing.signed_sha256 ? parseXml(Buffer.from(blobs.get(filing.signed_sha256)).toString('utf8'), 'filing') : null;
    const results = await verifyEnvelopedSignatures(doc, filed ? [{ uri: filing.file_name, document: filed }] : []);
    const sig = results[0];
    const checks: Check[] = [];
    checks.push({ name: 'signature', ok: results.length === 1 && !!sig?.valid, detail: results.length === 1 ? sig!.error : `expected one signature, found ${results.length}` });
    const bindsFiling = !!sig?.references.some((u) => safeDecode(u) === filing.file_name);
    checks.push({ name: 'filed-document', ok: bindsFiling && !!sig?.valid, detail: bindsFiling ? null : `the receipt does not reference ${filing.file_name}` });
    const chain = sig?.signerCertificate ? verifyChain(sig.signerCertificate, trustAnchors(), [], clock()) : { trusted: false, reason: 'no signer certificate' };
    checks.push({ name: 'signer-trusted', ok: chain.trusted, detail: chain.reason });
    // Real UPPs write the document as "DOK<id>" and repeat the bare id in an InformacjaUzupelniajaca (see the sample).
    const idMatches = !filing.remote_id || [fields.documentId, fields.epuapDocumentId, fields.documentId?.replace(/^DOK/, '')].includes(filing.remote_id);
    checks.push({ name: 'document-id', ok: idMatches, detail: idMatches ? null : `receipt names document ${fields.documentId}, the service returned ${filing.remote_id}` });
    const issuer = sig?.signerCertificate ? commonName(sig.signerCertificate) : fields.addresseeName ?? 'unknown';
    return { checks, issuer, kind: fields.kind, documentId: fields.documentId, deliveredAt: fields.deliveredAt };
  }

  function toSummary(r: ReceiptRow): ReceiptSummary {
    const checks = JSON.parse(r.checks_json) as Check[];
    return {
      id: r.id, filingId: r.filing_id, kind: r.kind, channel: r.channel, issuer: r.issuer, receivedAt: r.received_at,
      verified: r.verified === 1, problems: checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail ?? 'failed'}`),
    };
  }

  function insert(row: ReceiptRow): ReceiptSummary {
    db.prepare(`INSERT INTO receipts (id, filing_id, kind, channel, issuer, file_name, sha256, document_id, delivered_at, received_at, verified, checks_json)
                VALUES (@id, @filing_id, @kind, @channel, @issuer, @file_name, @sha256, @document_id, @delivered_at, @received_at, @verified, @checks_json)`).run(row);
    return toSummary(row);
  }

  return {
    /**
     * An e-Doręczenia evidence (XML or PDF) the evidence store has verified, entered in the register:
     * one receipt per distinct file (the same bytes stored again give the existing receipt back).
     */
    recordEvidence(e: { filingId: string | null; kind: string; issuer: string; fileName: string; sha256: string; messageId: string; deliveredAt: string | null; receivedAt: string; verified: boolean; checks: Check[] }): ReceiptSummary {
      const existing = bySha.get(e.sha256);
      if (existing) return toSummary(existing);
      return insert({
        id: randomUUID(), filing_id: e.filingId, kind: e.kind, channel: 'edoreczenia', issuer: e.issuer, file_name: e.fileName, sha256: e.sha256,
        document_id: e.messageId, delivered_at: e.deliveredAt, received_at: e.receivedAt, verified: e.verified ? 1 : 0, checks_json: JSON.stringify(e.checks),
      });
    },

    /** Whether this UPO's seal binds `filing`'s document (its reference digest equals the filed document's). */
    async binds(filing: FilingRow, bytes: Uint8Array): Promise<boolean> {
      try {
        return (await verifyUpo(bytes, filing)).checks.some((c) => c.name === 'filed-document' && c.ok);
      } catch {
        return false;
      }
    },

    /** The receipt already stored with exactly these bytes, if any. */
    findByContent(bytes: Uint8Array): ReceiptSummary | null {
      const r = bySha.get(sha256Hex(bytes));
      return r ? toSummary(r) : null;
    },

    /** A receipt that matches no filing: kept byte for byte and flagged, never dropped. */
    storeUnmatched(bytes: Uint8Array, fileName: string, channel: Channel): ReceiptSummary {
      const existing = bySha.get(sha256Hex(bytes));
      if (existing) return toSummary(existing);
      let fields: ReturnType<typeof readUpo> = null;
      try { fields = readUpo(parseXml(Buffer.from(bytes).toString('utf8'), 'receipt')); } catch { /* kept as unreadable */ }
      const sha = blobs.put(bytes, 'text/xml');
      return insert({
        id: randomUUID(), filing_id: null, kind: fields?.kind ?? 'UNKNOWN', channel, issuer: fields?.addresseeName ?? 'unknown', file_name: fileName, sha256: sha,
        document_id: fields?.documentId ?? null, delivered_at: fields?.deliveredAt ?? null, received_at: clock().toISOString(),
        verified: 0, checks_json: JSON.stringify([{ name: 'filing', ok: false, detail: 'the receipt matches no filing of this app' }]),
      });
    },

    /**
     * Stores a UPO received for `filing`. The bytes are kept whatever the verification says (a bad
     * receipt is evidence too); the same bytes stored twice give the existing receipt back.
     */
    async storeUpo(filing: FilingRow, bytes: Uint8Array, fileName: string, channel: Channel): Promise<ReceiptSummary> {
      const existing = bySha.get(sha256Hex(bytes));
      if (existing) return toSummary(existing);
      const v = await verifyUpo(bytes, filing);
      const sha = blobs.put(bytes, 'text/xml');
      const row: ReceiptRow = {
        id: randomUUID(), filing_id: filing.id, kind: v.kind, channel, issuer: v.issuer, file_name: fileName, sha256: sha,
        document_id: v.documentId, delivered_at: v.deliveredAt, received_at: clock().toISOString(),
        verified: v.checks.every((c) => c.ok) ? 1 : 0, checks_json: JSON.stringify(v.checks),
      };
      return insert(row);
    },

    list(): ReceiptSummary[] {
      return db.prepare<[], ReceiptRow>('SELECT * FROM receipts ORDER BY received_at DESC, id').all().map(toSummary);
    },

    get(id: string): ReceiptDetail & { bytes: Uint8Array } {
      const r = byId.get(id);
      if (!r) throw new AppError('NOT_FOUND', `receipt ${id}`, { what: id });
      const bytes = blobs.get(r.sha256);
      // PDF evidences (BP.WP/BP.OP) have no XML text to show; their bytes are saved as they are.
      const pdf = isPdfReceipt(bytes);
      return {
        ...toSummary(r), fileName: r.file_name, sha256: r.sha256, documentId: r.document_id, deliveredAt: r.delivered_at,
        checks: JSON.parse(r.checks_json) as Check[], xml: pdf ? '' : Buffer.from(bytes).toString('utf8'), bytes,
      };
    },
  };
}

/** A PDF receipt (e-Doręczenia BP.WP/BP.OP) rather than an XML one. */
export function isPdfReceipt(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

function safeDecode(uri: string): string {
  try { return decodeURIComponent(uri); } catch { return uri; }
}

export type ReceiptsService = ReturnType<typeof createReceiptsService>;
