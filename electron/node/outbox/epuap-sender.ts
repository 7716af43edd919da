import type { EpuapClient } from '../epuap/client';
import type { ChannelSender } from './outbox';

/**
 * Sends a signed pismo through WS-Skrytka `nadaj`; the UPP comes back in the answer when the box
 * issues one. Reconciliation empties the reply box with WS-Pull (see outbox.ts): each document is
 * confirmed (potwierdzOdebranie) only after the outbox stored it.
 */
export function createEpuapSender(client: Pick<EpuapClient, 'nadaj' | 'next' | 'confirm'>): ChannelSender {
  return {
    async send(filing, document, onProgress) {
      const r = await client.nadaj({ to: filing.to_address, fileName: filing.file_name, contentType: 'text/xml', content: document, ...(onProgress ? { onProgress } : {}) });
      return { remoteId: r.documentId, receipt: r.upp };
    },
    async collect(take) {
      let n = 0;
      for (let head = await client.next(); head; head = await client.next()) {
        await take({ fileName: head.document.fileName, bytes: head.document.content, from: head.sender.subject, box: head.boxAddress, sentAt: head.sentAt || null });
        await client.confirm(head.document.content);
        n++;
      }
      return n;
    },
  };
}
