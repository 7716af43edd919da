/**
 * The outbox: sends queued filings one at a time. Every transition is committed (SQLite,
 * synchronous=FULL) before the network call that follows it, so a crash leaves each filing in a
 * state that says what to do next: 'sending' without a service id after a restart means "may have
 * arrived" → uncertain.
 *
 * Every filing carries a client id and is sent under a file name unique to it; its document's
 * digest is what the service's receipt binds (the UPP's extra ds:Reference).
 *
 * Reconciliation — an uncertain filing is never resent blindly. Each run first asks its channel:
 *  - `find(filing, document)`, where the service can be asked about one message;
 *  - `collect(take)`, where the service leaves evidence in a box. ePUAP files the UPP, byte for
 *    byte, in the sender's reply box too (inferred; the simulator does); WS-Pull empties it. A
 *    collected UPP is matched to the filing whose file name its seal references and whose
 *    document digest that reference carries, and stored before the service is told it was
 *    collected (a crash in between only means it is collected again and recognised by content).
 * A matched filing becomes delivered ('reconciled'). One still unmatched `reconcileGraceMs` after
 * it became uncertain — with the box read completely — goes back to the queue under the same
 * client id and file name ('not-found'). Should the service have filed the first copy after all,
 * the second, different UPP for the filing is recorded as a 'duplicate-delivery' event: reported,
 * never silent. A channel with neither `find` nor `collect` leaves the filing uncertain for the
 * user to decide.
 */
import { AppError, isAppError } from '../../common/errors';
import { errorMessage, type Lang } from '../../common/messages';
import type { Channel } from '../../common/addresses';
import type { FilingRow, FilingsRepo } from '../filings/filings-repo';
import type { Logger } from '../logger';
import type { ReceiptsService } from '../receipts/receipts-service';
import type { BlobStore } from '../storage/blob-store';
import { parseXml } from '../xml/dom';
import { readUpo } from '../receipts/upo';
import type { IncomingStore } from './incoming-store';

export interface SendOutcome {
  remoteId: string;
  receipt: { fileName: string; bytes: Uint8Array } | null;
}

/** Something the service held for us: a receipt, or a letter (kept as incoming). */
export interface CollectedItem {
  fileName: string;
  bytes: Uint8Array;
  /** Sender's identifier at the service. */
  from: string;
  /** The box or address it was collected from. */
  box: string;
  sentAt: string | null;
}

/**
 * One channel's way to the service. `send` is required; the two reconciliation hooks are optional
 * and a channel implements the one its service offers (interface change of issue 6: `onProgress`,
 * `find`, `collect` added; a sender with only `send` still works, its uncertain filings wait for
 * the user).
 */
export interface ChannelSender {
  /** Throws AppError: SERVICE_UNREACHABLE {sent} / SERVICE_REJECTED {reason} / SERVICE_FAULT. */
  send(filing: FilingRow, document: Uint8Array, onProgress?: (sent: number, total: number) => void): Promise<SendOutcome>;
  /** Did the service get this filing? null when it certainly did not. Throws when it cannot tell now. */
  find?(filing: FilingRow, document: Uint8Array): Promise<SendOutcome | null>;
  /** Hands every item waiting at the service to `take`, acknowledging each only after `take` resolved. */
  collect?(take: (item: CollectedItem) => Promise<void>): Promise<number>;
}

export interface OutboxDeps {
  repo: FilingsRepo;
  blobs: BlobStore;
  receipts: ReceiptsService;
  incoming: IncomingStore;
  senders: Partial<Record<Channel, ChannelSender>>;
  clock: () => Date;
  lang: () => Lang;
  logger: Logger;
  changed: (id: string) => void;
  progress?: (id: string, sent: number, total: number) => void;
  /** How long an uncertain filing waits for its receipt before it is sent again. Default 15 min. */
  reconcileGraceMs?: number;
  /** How often the reply boxes are emptied when nothing is uncertain. Default 5 min. */
  collectIntervalMs?: number;
  random?: () => number;
}

export const MAX_ATTEMPTS = 10;
const SYSTEM = 'outbox';
const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';

/** Exponential back-off with ±20 % jitter: 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The file names a UPO's seal references (its bound documents); null when it is not a UPO. */
function referencedFileNames(bytes: Uint8Array): string[] | null {
  try {
    const doc = parseXml(Buffer.from(bytes).toString('utf8'), 'receipt');
    if (!readUpo(doc)) return null;
    return Array.from(doc.getElementsByTagNameNS(NS_DS, 'Reference'))
      .map((r) => r.getAttribute('URI') ?? '')
      .filter((u) => u !== '' && !u.startsWith('#'))
      .map((u) => { try { return decodeURIComponent(u); } catch { return u; } });
  } catch {
    return null;
  }
}

export function createOutbox(deps: OutboxDeps) {
  const { repo, blobs, receipts, incoming, senders, clock, logger, changed } = deps;
  const graceMs = deps.reconcileGraceMs ?? 15 * 60_000;
  const collectIntervalMs = deps.collectIntervalMs ?? 5 * 60_000;
  const random = deps.random ?? Math.random;
  let running: Promise<number> | null = null;
  /** One more run, asked for while a run was in progress (that run may already have looked for due filings). */
  let again: Promise<number> | null = null;
  let lastCollect = -Infinity;
  const now = () => clock().toISOString();

  /** After a restart, a send that was in flight may or may not have arrived. */
  function recoverInterrupted(): void {
    for (const f of repo.inStates(['sending'])) {
      if (f.remote_id) continue; // accepted by the service; the receipt is awaited
      repo.transition(f.id, ['sending'], 'uncertain', { uncertain_since: now() }, { actor: SYSTEM, kind: 'interrupted', detail: 'the app stopped while sending; check with the service before resending' });
      changed(f.id);
    }
  }

  /** Ties a receipt to its filing and settles the filing's state. */
  async function settle(filing: FilingRow, receipt: { fileName: string; bytes: Uint8Array }, kind: 'receipt' | 'reconciled'): Promise<void> {
    const current = repo.get(filing.id);
    const known = receipts.findByContent(receipt.bytes);
    const stored = known ?? await receipts.storeUpo(current, receipt.bytes, receipt.fileName, current.channel);
    if (known) return; // the same receipt again (answer and reply-box copy)
    const verdict = stored.verified ? `${stored.kind} ${stored.id} verified` : `${stored.kind} ${stored.id} NOT verified: ${stored.problems.join('; ')}`;
    const remoteId = receipts.get(stored.id).documentId?.replace(/^DOK/, '') ?? null;
    if (current.state === 'delivered') {
      const duplicate = remoteId !== null && current.remote_id !== null && remoteId !== current.remote_id;
      repo.note(current.id, duplicate
        ? { actor: SYSTEM, kind: 'duplicate-delivery', detail: `the service filed this letter twice: documents ${current.remote_id} and ${remoteId} (${verdict})` }
        : { actor: SYSTEM, kind: 'receipt', detail: verdict });
    } else if (current.state === 'rejected') {
      repo.note(current.id, { actor: SYSTEM, kind: 'late-receipt', detail: `a receipt arrived for a rejected filing: ${verdict}` });
    } else {
      repo.transition(current.id, [current.state], 'delivered', {
        remote_id: current.remote_id ?? remoteId, delivered_at: now(), sent_at: current.sent_at ?? now(),
        last_error: null, next_attempt_at: null, uncertain_since: null,
      }, { actor: SYSTEM, kind, detail: verdict });
    }
    changed(current.id);
  }

  async function sendOne(filing: FilingRow): Promise<void> {
    const sender = senders[filing.channel];
    if (!sender || !filing.signed_sha256) return;
    const started = repo.transition(filing.id, ['queued', 'failed'], 'sending', { attempts: filing.attempts + 1, next_attempt_at: null, uncertain_since: null }, { actor: SYSTEM, kind: 'sending', detail: `attempt ${filing.attempts + 1}` });
    changed(filing.id);
    let outcome: SendOutcome;
    try {
      outcome = await sender.send(started, blobs.get(filing.signed_sha256), deps.progress ? (s, t) => deps.progress!(filing.id, s, t) : undefined);
      repo.transition(filing.id, ['sending'], 'sending', { remote_id: outcome.remoteId, sent_at: now(), last_error: null }, { actor: SYSTEM, kind: 'accepted', detail: `document id ${outcome.remoteId}` });
    } catch (e) {
      recordFailure(filing.id, started.attempts, e);
      changed(filing.id);
      return;
    }
    // Accepted: whatever happens to the receipt now, the filing is never sent again.
    try {
      if (outcome.receipt) await settle(repo.get(filing.id), outcome.receipt, 'receipt');
      // Without a receipt in the answer it arrives later in the reply box (collect).
    } catch (e) {
      logger.error('receipt could not be stored', { id: filing.id, error: String(e) });
      repo.note(filing.id, { actor: SYSTEM, kind: 'receipt-problem', detail: isAppError(e) ? e.message : String(e) });
    }
    changed(filing.id);
  }

  function recordFailure(id: string, attempts: number, e: unknown): void {
    const message = isAppError(e) ? errorMessage(deps.lang(), e.code, e.details) : errorMessage(deps.lang(), 'INTERNAL');
    if (!isAppError(e)) logger.error('outbox send failed', { id, error: String((e as Error)?.stack ?? e) });
    const code = isAppError(e) ? e.code : 'INTERNAL';
    if (repo.get(id).state !== 'sending') return; // settled meanwhile (a receipt stored before the failure)
    if (code === 'SERVICE_REJECTED' || code === 'SERVICE_FAULT') {
      repo.transition(id, ['sending'], 'rejected', { last_error: message }, { actor: SYSTEM, kind: 'rejected', detail: message });
    } else if (code === 'SERVICE_UNREACHABLE' && isAppError(e) && e.details.sent === true) {
      repo.transition(id, ['sending'], 'uncertain', { last_error: message, uncertain_since: now() }, { actor: SYSTEM, kind: 'uncertain', detail: message });
    } else {
      const next = attempts < MAX_ATTEMPTS ? new Date(clock().getTime() + retryDelayMs(attempts, random)).toISOString() : null;
      repo.transition(id, ['sending'], 'failed', { last_error: message, next_attempt_at: next }, {
        actor: SYSTEM, kind: next ? 'failed' : 'gave-up', detail: next ? message : `${message} (${MAX_ATTEMPTS} attempts; retry by hand)`,
      });
    }
  }

  /** What the service held for us: a receipt of one of our filings, an unmatched receipt, or a letter. */
  async function take(channel: Channel, item: CollectedItem): Promise<void> {
    if (receipts.findByContent(item.bytes)) return;
    const names = referencedFileNames(item.bytes);
    if (!names) {
      incoming.store(channel, item);
      return;
    }
    for (const name of names) {
      for (const f of repo.byFileName(name)) {
        if (f.signed_sha256 && await receipts.binds(f, item.bytes)) return settle(f, item, 'reconciled');
      }
    }
    const r = receipts.storeUnmatched(item.bytes, item.fileName, channel);
    logger.warn('a receipt matches no filing', { receipt: r.id, fileName: item.fileName });
  }

  /** Asks every channel about uncertain filings and awaited receipts; re-queues what provably did not arrive. */
  async function reconcile(force: boolean): Promise<void> {
    const open = repo.inStates(['uncertain', 'sending']).filter((f) => f.state === 'uncertain' || f.remote_id);
    const collectDue = force || open.length > 0 || clock().getTime() - lastCollect >= collectIntervalMs;
    const readAll = new Set<Channel>();
    for (const [channel, sender] of Object.entries(senders) as [Channel, ChannelSender][]) {
      try {
        for (const f of open.filter((o) => o.channel === channel && o.state === 'uncertain' && o.signed_sha256)) {
          if (!sender.find) break;
          const found = await sender.find(f, blobs.get(f.signed_sha256!));
          if (!found) continue;
          repo.transition(f.id, ['uncertain'], 'uncertain', { remote_id: found.remoteId }, { actor: SYSTEM, kind: 'found', detail: `the service has it as ${found.remoteId}` });
          if (found.receipt) await settle(repo.get(f.id), found.receipt, 'reconciled');
        }
        if (sender.collect && collectDue) {
          await sender.collect((item) => take(channel, item));
          readAll.add(channel);
        } else if (sender.find) {
          readAll.add(channel);
        }
      } catch (e) {
        logger.warn('reconciliation failed; trying again later', { channel, error: isAppError(e) ? e.message : String(e) });
      }
    }
    if (collectDue) lastCollect = clock().getTime();
    for (const f of repo.inStates(['uncertain'])) {
      if (f.paused || f.remote_id || !readAll.has(f.channel)) continue;
      const since = Date.parse(f.uncertain_since ?? f.updated_at);
      if (clock().getTime() - since < graceMs) continue;
      repo.transition(f.id, ['uncertain'], 'queued', { uncertain_since: null }, {
        actor: SYSTEM, kind: 'not-found', detail: `no receipt at the service ${Math.round(graceMs / 1000)} s after the send broke off; sending again under the same client id ${f.client_id}`,
      });
      changed(f.id);
    }
  }

  function due(): FilingRow[] {
    const t = now();
    // A channel without a sender here (manual; one not wired yet) is never due: it would loop.
    return repo.inStates(['queued', 'failed']).filter((f) => !f.paused && senders[f.channel] && f.signed_sha256
      && (f.state === 'queued' || (f.next_attempt_at !== null && f.next_attempt_at <= t)));
  }

  /** Keeps going while something is due, so filings queued during a run are sent by it. */
  async function runUntilIdle(force: boolean): Promise<number> {
    await reconcile(force);
    let sent = 0;
    for (let batch = due(); batch.length > 0; batch = due()) {
      for (const f of batch) {
        if (repo.get(f.id).paused) continue;
        await sendOne(f);
        sent++;
      }
    }
    // Receipts not in the answer, and the reply-box copies of those that were: collect them now,
    // so the box stays short and a later reconciliation quick.
    if (sent > 0) await reconcile(true);
    return sent;
  }

  const act = (id: string, from: FilingRow['state'][], kind: string, f: (row: FilingRow) => void): FilingRow => {
    const row = repo.get(id);
    if (!from.includes(row.state)) throw new AppError('INVALID_STATE', `cannot ${kind} a filing that is ${row.state}`, { state: row.state });
    f(row);
    changed(id);
    return repo.get(id);
  };

  function run(): Promise<number> {
    if (!running) {
      running = runUntilIdle(false).finally(() => { running = null; });
      return running;
    }
    again ??= running.catch(() => 0).then(() => { again = null; return run(); });
    return again;
  }

  return {
    recoverInterrupted,
    /**
     * Sends everything due (single sender). A call during a run gets the run after it, shared by
     * every such call: the run in progress may have passed the filing just queued.
     */
    run,
    /** Reconciles now (the user asked to check an uncertain filing) and sends what is due. */
    async check(): Promise<number> {
      await running;
      running = runUntilIdle(true).finally(() => { running = null; });
      return running;
    },
    /** The user holds a filing back: it is not sent (or retried, or resent) until resumed. */
    pause: (id: string) => act(id, ['signed', 'queued', 'failed', 'uncertain', 'sending'], 'paused', () => repo.setPaused(id, true, { actor: 'user', kind: 'paused' })),
    resume: (id: string) => act(id, ['signed', 'queued', 'failed', 'uncertain', 'sending', 'delivered', 'rejected', 'cancelled'], 'resumed', () => repo.setPaused(id, false, { actor: 'user', kind: 'resumed' })),
    /** Only what certainly has not reached the service can be cancelled. */
    cancel: (id: string) => act(id, ['draft', 'signed', 'queued', 'failed'], 'cancelled', (row) => {
      repo.transition(id, [row.state], 'cancelled', { next_attempt_at: null }, { actor: 'user', kind: 'cancelled' });
    }),
    /** Failed: try now. Rejected: queue again (the user fixed the cause). Uncertain: reconcile first, as always. */
    retry: (id: string) => act(id, ['failed', 'rejected', 'uncertain'], 'retry-requested', (row) => {
      if (row.state === 'failed') repo.transition(id, ['failed'], 'failed', { next_attempt_at: now() }, { actor: 'user', kind: 'retry-requested' });
      else if (row.state === 'rejected') repo.transition(id, ['rejected'], 'queued', { last_error: null }, { actor: 'user', kind: 'retry-requested' });
      else { repo.note(id, { actor: 'user', kind: 'retry-requested', detail: 'checking with the service before any resend' }); lastCollect = -Infinity; }
    }),
    /** The network is back: whatever waits for a retry goes now. */
    networkBack(): void {
      for (const f of repo.inStates(['failed'])) {
        if (f.paused || f.next_attempt_at === null) continue;
        repo.transition(f.id, ['failed'], 'failed', { next_attempt_at: now() }, { actor: SYSTEM, kind: 'network-back' });
        changed(f.id);
      }
    },
    /** Ties a receipt the user brought (manual channel, a download) to its filing, as a collected one is. */
    importReceipt: (channel: Channel, item: CollectedItem): Promise<void> => take(channel, item),
    /** A failed filing is tried again now (the user asked). */
    retryNow(id: string): void {
      repo.transition(id, ['failed'], 'failed', { next_attempt_at: now() }, { actor: 'user', kind: 'retry-requested' });
      changed(id);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
