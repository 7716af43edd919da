import type { EpuapClient } from '../epuap/client';
import { readDoreczEvent, type DoreczEvent } from '../epuap/dorecz';
import type { FilingRow } from '../filings/filings-repo';
import type { ChannelSender } from './outbox';

/** Serving letters with WS-Doręczyciel `dorecz` (an office that is a public entity). */
export interface DoreczServing {
  /** Whether this filing is served with `dorecz` rather than filed with `nadaj`. */
  serves(filing: FilingRow): boolean;
  /** A notice or UPD about a served letter arrived in the reply box (before it is confirmed). */
  onEvent(event: DoreczEvent): void | Promise<void>;
}

/**
 * Sends a signed pismo through WS-Skrytka `nadaj`; the UPP comes back in the answer when the box
 * issues one. Reconciliation empties the reply box with WS-Pull (see outbox.ts): each document is
 * confirmed (potwierdzOdebranie) only after the outbox stored it.
 * A served letter goes out with `dorecz` instead; its notices and UPD come through the same reply box.
 */
export function createEpuapSender(client: Pick<EpuapClient, 'nadaj' | 'next' | 'confirm'> & Partial<Pick<EpuapClient, 'dorecz'>>, dorecz?: DoreczServing): ChannelSender {
  return {
    async send(filing, document, onProgress) {
      if (dorecz?.serves(filing) && client.dorecz) {
        // The filing id travels as IdentyfikatorDokumentu and comes back in every notice and the UPD.
        const r = await client.dorecz({ to: filing.to_address, fileName: filing.file_name, contentType: 'text/xml', content: document, documentRef: filing.id, caseRef: filing.case_ref });
        return { remoteId: r.orderId ?? r.documentId ?? '', receipt: null };
      }
      const r = await client.nadaj({ to: filing.to_address, fileName: filing.file_name, contentType: 'text/xml', content: document, ...(onProgress ? { onProgress } : {}) });
      return { remoteId: r.documentId, receipt: r.upp };
    },
    async collect(take) {
      let n = 0;
      for (let head = await client.next(); head; head = await client.next()) {
        const event = dorecz ? readDoreczEvent(head.document.content) : null;
        if (event && dorecz) await dorecz.onEvent(event);
        // A notice is only an event; a UPD is also the served filing's receipt.
        if (!event || event.kind === 'upd') await take({ fileName: head.document.fileName, bytes: head.document.content, from: head.sender.subject, box: head.boxAddress, sentAt: head.sentAt || null });
        await client.confirm(head.document.content);
        n++;
      }
      return n;
    },
  };
}
