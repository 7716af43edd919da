import type { ChannelSender } from './outbox';

/** The part of the ePUAP client the outbox needs (electron/node/epuap/client.ts). */
export interface EpuapNadaj {
  nadaj(req: { to: string; fileName: string; contentType: string; content: Uint8Array; trial?: boolean }): Promise<{
    documentId: string;
    upp: { fileName: string; bytes: Uint8Array } | null;
  }>;
}

/** Sends a signed pismo through WS-Skrytka `nadaj`; the UPP comes back in the answer when the box issues one. */
export function createEpuapSender(client: EpuapNadaj): ChannelSender {
  return {
    async send(filing, document) {
      const r = await client.nadaj({ to: filing.to_address, fileName: filing.file_name, contentType: 'text/xml', content: document });
      return { remoteId: r.documentId, receipt: r.upp };
    },
  };
}
