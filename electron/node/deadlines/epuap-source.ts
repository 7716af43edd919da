/**
 * ePUAP WS-Doręczyciel and the deadline register: what the reply box says about a letter the
 * user's office served with `dorecz` (first notice, second notice, UPD — signed by the addressee or
 * generated after 14 days) becomes an event in the filing's history and a delivery event of the
 * deadline item, so the register shows the countdown and then the actual or deemed delivery date.
 */
import type { DoreczEvent } from '../epuap/dorecz';
import type { FilingsRepo } from '../filings/filings-repo';
import type { Logger } from '../logger';
import type { DeadlinesService } from './deadlines-service';

export interface DoreczTrackerDeps {
  repo: Pick<FilingsRepo, 'get' | 'note' | 'events'>;
  deadlines: Pick<DeadlinesService, 'recordDeliveryEvent'>;
  logger: Logger;
}

const LABEL: Record<DoreczEvent['kind'], string> = {
  notice1: 'first notice sent to the addressee (KPA art. 46 §4)',
  notice2: 'second notice sent to the addressee (KPA art. 46 §5)',
  upd: 'UPD',
};

/**
 * Records one reply-box event of a served letter. Idempotent: Pull hands a document again when the
 * app stopped before confirming it, so an event already in the filing's history is skipped.
 * Returns false when the event is about no filing of ours (another system of the same subject).
 */
export function recordDoreczEvent(deps: DoreczTrackerDeps, event: DoreczEvent): boolean {
  const kind = `dorecz.${event.kind}`;
  let filing;
  try {
    filing = deps.repo.get(event.documentRef);
  } catch {
    deps.logger.warn('a dorecz event names no filing', { kind, orderId: event.orderId });
    return false;
  }
  if (deps.repo.events(filing.id).some((e) => e.kind === kind)) return true;
  const what = event.kind === 'upd' ? `${LABEL.upd} (${event.deemed ? 'generated after 14 days: deemed delivery, KPA art. 46 §6' : 'signed by the addressee: delivered, KPA art. 46 §3'})` : LABEL[event.kind];
  deps.repo.note(filing.id, { actor: 'epuap', kind, detail: `${what} at ${event.at}; order ${event.orderId}` });
  deps.deadlines.recordDeliveryEvent({
    filingId: filing.id, channel: 'epuap', kind, at: event.at, deemed: event.kind === 'upd' ? event.deemed : null,
    role: 'served', title: filing.title, counterparty: filing.addressee_name || filing.to_address,
  });
  return true;
}
