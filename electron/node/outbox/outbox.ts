/**
 * The outbox: sends queued filings one at a time. Every transition is committed before the
 * network call that follows it, so a crash leaves each filing in a state that says what to do
 * next: 'sending' without a service id after a restart means "may have arrived" → uncertain.
 */
import { isAppError } from '../../common/errors';
import { errorMessage, type Lang } from '../../common/messages';
import type { FilingRow, FilingsRepo } from '../filings/filings-repo';
import type { Logger } from '../logger';
import type { ReceiptsService } from '../receipts/receipts-service';
import type { BlobStore } from '../storage/blob-store';
import type { Channel } from '../../common/addresses';

export interface SendOutcome {
  remoteId: string;
  receipt: { fileName: string; bytes: Uint8Array } | null;
}

export interface ChannelSender {
  send(filing: FilingRow, document: Uint8Array): Promise<SendOutcome>;
}

export interface OutboxDeps {
  repo: FilingsRepo;
  blobs: BlobStore;
  receipts: ReceiptsService;
  senders: Partial<Record<Channel, ChannelSender>>;
  clock: () => Date;
  lang: () => Lang;
  logger: Logger;
  changed: (id: string) => void;
}

const MAX_ATTEMPTS = 10;
const SYSTEM = 'outbox';

/** Exponential back-off with ±20 % jitter: 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function createOutbox(deps: OutboxDeps) {
  const { repo, blobs, receipts, senders, clock, logger, changed } = deps;
  let running: Promise<number> | null = null;

  /** After a restart, a send that was in flight may or may not have arrived. */
  function recoverInterrupted(): void {
    for (const f of repo.inStates(['sending'])) {
      if (f.remote_id) continue; // accepted by the service; the receipt is awaited
      repo.transition(f.id, ['sending'], 'uncertain', {}, { actor: SYSTEM, kind: 'interrupted', detail: 'the app stopped while sending; check with the service before resending' });
      changed(f.id);
    }
  }

  async function sendOne(filing: FilingRow): Promise<void> {
    const sender = senders[filing.channel];
    if (!sender || !filing.signed_sha256) return;
    const started = repo.transition(filing.id, ['queued', 'failed'], 'sending', { attempts: filing.attempts + 1, next_attempt_at: null }, { actor: SYSTEM, kind: 'sending', detail: `attempt ${filing.attempts + 1}` });
    changed(filing.id);
    try {
      const outcome = await sender.send(started, blobs.get(filing.signed_sha256));
      const accepted = repo.transition(filing.id, ['sending'], 'sending', { remote_id: outcome.remoteId, last_error: null }, { actor: SYSTEM, kind: 'accepted', detail: `document id ${outcome.remoteId}` });
      if (!outcome.receipt) {
        changed(filing.id);
        return; // the receipt arrives later in the reply box
      }
      const receipt = await receipts.storeUpo(accepted, outcome.receipt.bytes, outcome.receipt.fileName, filing.channel);
      repo.transition(filing.id, ['sending'], 'delivered', {}, {
        actor: SYSTEM, kind: 'receipt', detail: `${receipt.kind} ${receipt.id} ${receipt.verified ? 'verified' : 'NOT verified: ' + receipt.problems.join('; ')}`,
      });
    } catch (e) {
      recordFailure(filing.id, started.attempts, e);
    }
    changed(filing.id);
  }

  function recordFailure(id: string, attempts: number, e: unknown): void {
    const message = isAppError(e) ? errorMessage(deps.lang(), e.code, e.details) : errorMessage(deps.lang(), 'INTERNAL');
    if (!isAppError(e)) logger.error('outbox send failed', { id, error: String((e as Error)?.stack ?? e) });
    const code = isAppError(e) ? e.code : 'INTERNAL';
    if (code === 'SERVICE_REJECTED' || code === 'SERVICE_FAULT') {
      repo.transition(id, ['sending'], 'rejected', { last_error: message }, { actor: SYSTEM, kind: 'rejected', detail: message });
    } else if (code === 'SERVICE_UNREACHABLE' && isAppError(e) && e.details.sent === true) {
      repo.transition(id, ['sending'], 'uncertain', { last_error: message }, { actor: SYSTEM, kind: 'uncertain', detail: message });
    } else {
      const next = attempts < MAX_ATTEMPTS ? new Date(clock().getTime() + retryDelayMs(attempts)).toISOString() : null;
      repo.transition(id, ['sending'], 'failed', { last_error: message, next_attempt_at: next }, { actor: SYSTEM, kind: 'failed', detail: message });
    }
  }

  function due(): FilingRow[] {
    const now = clock().toISOString();
    return repo.inStates(['queued', 'failed']).filter((f) => f.state === 'queued' || (f.next_attempt_at !== null && f.next_attempt_at <= now));
  }

  /** Keeps going while something is due, so filings queued during a run are sent by it. */
  async function runUntilIdle(): Promise<number> {
    let sent = 0;
    for (let batch = due(); batch.length > 0; batch = due()) {
      for (const f of batch) await sendOne(f);
      sent += batch.length;
    }
    return sent;
  }

  return {
    recoverInterrupted,
    /** Sends everything due; concurrent callers share the one run in progress (single sender). */
    run(): Promise<number> {
      running ??= runUntilIdle().finally(() => { running = null; });
      return running;
    },
    /** A failed filing is tried again now (the user asked). */
    retryNow(id: string): void {
      repo.transition(id, ['failed'], 'failed', { next_attempt_at: clock().toISOString() }, { actor: 'user', kind: 'retry-requested' });
      changed(id);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
