/**
 * The outbox's channel for e-Doręczenia (DOMAIN-inboxes §4.4): draft → signed pismo as an
 * attachment (streamed from the content store; multipart above 15 MB) → drafts/send (202 + task)
 * → task polled to FINISHED → the sent message id. Every step is recorded in edoreczenia_sends,
 * and each draft carries the filing's client id in `additionalData`, so an uncertain send is
 * reconciled by looking for that id among the box's sent messages before anything is resent.
 * Evidences are fetched afterwards by `refresh` (they arrive over minutes to days).
 */
import { statSync } from 'node:fs';
import { AppError } from '../../common/errors';
import type { ChannelSender, SendOutcome } from '../outbox/outbox';
import type { FilingRow, FilingsRepo } from '../filings/filings-repo';
import type { Db } from '../db/database';
import type { BlobStore } from '../storage/blob-store';
import type { Logger } from '../logger';
import { evidenceType, type EvidenceStore } from './evidence';
import type { EdoreczeniaClient, Message } from './client';

export const CLIENT_ID_KEY = 'nadawcaClientId';

export interface EdoreczeniaSenderDeps {
  /** The client of the box in use (the active profile, or the built-in environment's box). */
  client: () => EdoreczeniaClient;
  db: Db;
  blobs: BlobStore;
  repo: FilingsRepo;
  evidences: EvidenceStore;
  clock: () => Date;
  logger: Logger;
  changed: (id: string) => void;
  taskPoll?: { intervalMs?: number; timeoutMs?: number };
}

export function createEdoreczeniaSender(deps: EdoreczeniaSenderDeps): ChannelSender & { find(filing: FilingRow): Promise<SendOutcome | null>; refresh(): Promise<number> } {
  const { db, blobs, repo, evidences, clock, logger } = deps;
  const record = (filingId: string, fields: { draft_id?: string; task_id?: string; message_id?: string }) => {
    db.prepare(`INSERT INTO edoreczenia_sends (filing_id, box, draft_id, task_id, message_id, updated_at) VALUES (@filing_id, @box, @draft_id, @task_id, @message_id, @now)
                ON CONFLICT(filing_id) DO UPDATE SET draft_id = coalesce(@draft_id, draft_id), task_id = coalesce(@task_id, task_id), message_id = coalesce(@message_id, message_id), updated_at = @now`)
      .run({ filing_id: filingId, box: deps.client().address, draft_id: fields.draft_id ?? null, task_id: fields.task_id ?? null, message_id: fields.message_id ?? null, now: clock().toISOString() });
  };

  const draftOf = (filing: FilingRow, attachments: Message['attachments'] = []): Message => ({
    messageMetadata: {
      from: { eDeliveryAddress: deps.client().address }, to: [{ eDeliveryAddress: filing.to_address }], subject: filing.title.slice(0, 250),
      shippingService: 'electronic', additionalData: { [CLIENT_ID_KEY]: filing.client_id },
    },
    textBody: `Pismo „${filing.title}” w załączniku (${filing.file_name}), podpisane elektronicznie.`,
    ...(attachments.length ? { attachments } : {}),
  });

  async function find(filing: FilingRow): Promise<SendOutcome | null> {
    const { messages } = await deps.client().listMessages({ label: 'SENT', format: 'metadata', limit: 2000 });
    const hit = messages.find((m) => m.messageMetadata?.additionalData?.[CLIENT_ID_KEY] === filing.client_id && m.messageMetadata?.to?.[0]?.eDeliveryAddress === filing.to_address);
    if (!hit?.messageMetadata?.messageId) return null;
    record(filing.id, { message_id: hit.messageMetadata.messageId });
    return { remoteId: hit.messageMetadata.messageId, receipt: null };
  }

  let refreshing: Promise<number> | null = null;
  return {
    async send(filing) {
      if (!filing.signed_sha256) throw new AppError('INVALID_STATE', 'the filing is not signed', { state: filing.state });
      // A previous attempt may have gone through (uncertain, or interrupted): ask before sending again.
      const earlier = db.prepare<[string], { task_id: string | null }>('SELECT task_id FROM edoreczenia_sends WHERE filing_id = ?').get(filing.id);
      if (earlier?.task_id) {
        const found = await find(filing);
        if (found) return found;
      }
      const draftId = await deps.client().createDraft(draftOf(filing));
      record(filing.id, { draft_id: draftId });
      const att = await deps.client().addAttachment(draftId, { path: blobs.pathOf(filing.signed_sha256), filename: filing.file_name, contentType: 'application/xml', description: filing.title.slice(0, 200) });
      await deps.client().updateDraft(draftId, draftOf(filing, [{ order: 1, attachmentId: att.attachmentId }]));
      const taskId = await deps.client().sendDraft(draftId);
      record(filing.id, { task_id: taskId });
      let results;
      try {
        results = await deps.client().waitForTask(taskId, deps.taskPoll);
      } catch (e) {
        // The task was accepted (202): whatever happens now, the message may exist.
        throw new AppError('SERVICE_UNREACHABLE', `task ${taskId} not confirmed: ${(e as Error).message}`, { service: 'e-Doręczenia', url: 'tasks', sent: true });
      }
      const r = results[0];
      if (!r?.messageId) throw new AppError('SERVICE_REJECTED', 'no message in the task result', { service: 'e-Doręczenia', reason: r?.error_description ?? 'no message id' });
      record(filing.id, { message_id: r.messageId });
      if (r.error) throw new AppError('SERVICE_REJECTED', `rejected: ${r.error_description ?? r.error}`, { service: 'e-Doręczenia', reason: r.error_description ?? r.error });
      logger.info('e-Doręczenia: sent', { filing: filing.id, messageId: r.messageId });
      return { remoteId: r.messageId, receipt: null };
    },

    find,

    /**
     * Fetches new evidences of every e-Doręczenia filing awaiting them, stores each (byte for byte,
     * verified, in the register) and moves the filing on: BP.OX → delivered, A.2 → rejected.
     * Returns how many evidences were stored.
     */
    refresh() {
      refreshing ??= refreshAll().finally(() => { refreshing = null; });
      return refreshing;
    },
  };

  async function refreshAll(): Promise<number> {
    let stored = 0;
    // Delivered filings stay in the round only until their BP.OX is stored (it may come after E.1).
    const waiting = repo.inStates(['sending', 'uncertain', 'delivered'])
      .filter((f) => f.channel === 'edoreczenia' && f.remote_id && !(f.state === 'delivered' && evidences.forFiling(f.id).some((x) => x.type === 'BP.OX')));
    for (const f of waiting) {
      const list = await deps.client().listEvidences(f.remote_id!);
      for (const e of list) {
        if (evidences.has(deps.client().address, e.evidenceId)) continue;
        const bytes = await deps.client().downloadEvidence(e.evidenceId);
        const type = evidenceType(e.type);
        const size = statSync(blobs.pathOf(f.signed_sha256!)).size;
        await evidences.store({ box: deps.client().address, filingId: f.id, messageId: f.remote_id!, evidenceId: e.evidenceId, type, eventDate: e.eventDate ?? null, bytes, ...(type === 'BP.OX' || type === 'BP.WX' ? { attachments: [{ name: f.file_name, size }] } : {}) });
        stored++;
      }
      const current = repo.get(f.id);
      if (current.state !== 'sending' && current.state !== 'uncertain') continue;
      const have = evidences.forFiling(f.id);
      const receipt = have.find((x) => x.type === 'BP.OX');
      const rejection = have.find((x) => x.type === 'A.2');
      if (receipt) {
        repo.transition(f.id, ['sending', 'uncertain'], 'delivered', {}, { actor: 'outbox', kind: 'receipt', detail: `BP.OX ${receipt.evidenceId} ${receipt.verified ? 'verified' : 'NOT verified: ' + receipt.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ')}` });
        deps.changed(f.id);
      } else if (rejection) {
        repo.transition(f.id, ['sending', 'uncertain'], 'rejected', { last_error: 'A.2' }, { actor: 'outbox', kind: 'rejected', detail: `A.2 ${rejection.evidenceId}` });
        deps.changed(f.id);
      }
    }
    return stored;
  }
}
