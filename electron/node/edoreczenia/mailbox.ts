/**
 * The box as the user sees it: incoming and sent messages in one shape (sender, subject, dates,
 * days left until deemed delivery), and the deliberate opening of an incoming letter. Listing
 * uses `format=metadata` only — never `full`, which for a Stub is collection. Opening reads in
 * full, stores every attachment (streamed into the content store) and verifies the XML
 * signatures found in them (XAdES via xml/xades.ts; other formats are stored unverified and say so).
 */
import { statSync } from 'node:fs';
import type { BoxMessage } from '../../common/contract-edoreczenia';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import type { BlobStore } from '../storage/blob-store';
import { commonName } from '../trust/chain';
import { parseXml } from '../xml/dom';
import { verifyEnvelopedSignatures } from '../xml/xades';
import type { EdoreczeniaClient, Message } from './client';
import { CLIENT_ID_KEY } from './sender';

/** Signed XML larger than this is stored but not parsed for verification here (kept whole in memory by the XML library). */
const VERIFY_XML_LIMIT = 32 * 1024 * 1024;

export function toBoxMessage(m: Message, filingOf: (clientId: string) => string | null): BoxMessage {
  const md = m.messageMetadata;
  const cd = m.messageControlData;
  const clientId = md?.additionalData?.[CLIENT_ID_KEY];
  return {
    messageId: md?.messageId ?? '',
    subject: md?.subject ?? '',
    from: md?.from?.eDeliveryAddress ?? '',
    fromName: md?.from?.contributor?.companyName ?? ([md?.from?.contributor?.firstName, md?.from?.contributor?.lastName].filter(Boolean).join(' ') || null),
    to: md?.to?.map((t) => t.eDeliveryAddress).filter(Boolean).join(', ') ?? '',
    status: cd?.status ?? null,
    stub: cd?.messageType === 'Stub',
    opened: cd?.opened ?? false,
    submissionDate: md?.submissionDate ?? null,
    eventDate: md?.eventDate ?? null,
    receiptDate: md?.receiptDate ?? null,
    daysToReceive: typeof cd?.daysToReceive === 'number' ? cd.daysToReceive : null,
    filingId: clientId ? filingOf(clientId) : null,
  };
}

export function createMailbox(deps: { client: () => EdoreczeniaClient; db: Db; blobs: BlobStore; clock: () => Date }) {
  const { db, blobs, clock } = deps;
  const filingOf = (clientId: string) => db.prepare<[string], { id: string }>('SELECT id FROM filings WHERE client_id = ?').get(clientId)?.id ?? null;

  return {
    async list(folder: 'INBOX' | 'SENT'): Promise<BoxMessage[]> {
      const { messages } = await deps.client().listMessages({ label: folder, format: 'metadata', limit: 500 });
      return messages.map((m) => toBoxMessage(m, filingOf));
    },

    /** Reads one incoming letter in full. The caller has asked the user: for a Stub this is collection. */
    async open(messageId: string) {
      const client = deps.client();
      const [meta] = await client.getMessages([messageId], 'metadata');
      if (!meta || !meta.messageControlData?.labels?.some((l) => l.label === 'INBOX')) throw new AppError('NOT_FOUND', `incoming message ${messageId}`, { what: messageId });
      const [full] = await client.getMessages([messageId], 'full');
      const openedAt = clock().toISOString();
      const files = [];
      for (const a of full!.attachments ?? []) {
        const fm = a.file?.fileMetadata;
        const name = fm?.filename ?? a.attachmentId ?? 'zalacznik';
        const stream = await client.attachmentStream(messageId, a.attachmentId!);
        const sha256 = await blobs.putStream(async (sink) => { for await (const chunk of stream) await sink.write(chunk); }, fm?.contentType ?? 'application/octet-stream');
        const size = statSync(blobs.pathOf(sha256)).size;
        files.push({ name, size, sha256, signature: await signatureOf(name, size, sha256) });
      }
      db.prepare(`INSERT INTO edoreczenia_incoming (box, message_id, subject, sender, case_ref, opened_at, files_json) VALUES (?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT(box, message_id) DO NOTHING`).run(client.address, messageId, full!.messageMetadata?.subject ?? '', full!.messageMetadata?.from?.eDeliveryAddress ?? '', full!.messageMetadata?.caseId ?? '', openedAt, JSON.stringify(files));
      const first = db.prepare<[string, string], { opened_at: string }>('SELECT opened_at FROM edoreczenia_incoming WHERE box = ? AND message_id = ?').get(client.address, messageId)!;
      return { message: toBoxMessage(full!, filingOf), text: full!.textBody ?? '', files, openedAt: first.opened_at };
    },
  };

  async function signatureOf(name: string, size: number, sha256: string) {
    if (!/\.(xml|xades)$/i.test(name) || size > VERIFY_XML_LIMIT) return null;
    try {
      const doc = parseXml(Buffer.from(blobs.get(sha256)).toString('utf8'), name);
      const checks = await verifyEnvelopedSignatures(doc);
      if (checks.length === 0) return null;
      return {
        count: checks.length, valid: checks.every((c) => c.valid),
        signers: checks.map((c) => (c.signerCertificate ? commonName(c.signerCertificate) : '?')),
        problems: checks.filter((c) => !c.valid).map((c) => c.error ?? 'invalid'),
      };
    } catch (e) {
      return { count: 0, valid: false, signers: [], problems: [(e as Error).message] };
    }
  }
}

export type Mailbox = ReturnType<typeof createMailbox>;
