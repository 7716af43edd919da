/** IPC handlers of contract-outbox.ts: outbox actions, the register, receipt rendering. */
import type { ChannelInput, ChannelOutput } from '../../common/contract';
import type { Lang } from '../../common/messages';
import type { FilingRow } from '../filings/filings-repo';
import { renderWithStylesheet } from '../filings/preview';
import type { ReceiptsService } from '../receipts/receipts-service';
import { JOURNAL_HEADERS } from '../register/journal-headers';
import type { Register } from '../register/register';
import { parseXml } from '../xml/dom';
import type { Outbox } from './outbox';

/** The official UPO stylesheet (CRD), shipped under resources/runtime/crd. */
export const UPO_STYLESHEET = 'UPO-2008-05-09/UPO.xsl';

export interface OutboxHandlerDeps {
  outbox: Outbox;
  register: Register;
  receipts: ReceiptsService;
  lang: () => Lang;
  kick: () => void;
}

const result = (r: FilingRow) => ({ id: r.id, state: r.state, paused: r.paused === 1 });

export function createOutboxHandlers({ outbox, register, receipts, lang, kick }: OutboxHandlerDeps) {
  const thenKick = (r: FilingRow) => {
    kick();
    return result(r);
  };
  return {
    'outbox.pause': async ({ id }: ChannelInput<'outbox.pause'>) => result(outbox.pause(id)),
    'outbox.resume': async ({ id }: ChannelInput<'outbox.resume'>) => thenKick(outbox.resume(id)),
    'outbox.cancel': async ({ id }: ChannelInput<'outbox.cancel'>) => result(outbox.cancel(id)),
    'outbox.retry': async ({ id }: ChannelInput<'outbox.retry'>) => thenKick(outbox.retry(id)),
    'register.query': async (q: ChannelInput<'register.query'>): Promise<ChannelOutput<'register.query'>> => register.query(q),
    'register.exportCsv': async (q: ChannelInput<'register.exportCsv'>) => register.exportCsv(q, JOURNAL_HEADERS[lang()]),
    'receipts.preview': async ({ id }: ChannelInput<'receipts.preview'>) => {
      const r = receipts.get(id);
      return { html: await renderWithStylesheet(parseXml(r.xml, 'receipt'), UPO_STYLESHEET) };
    },
  };
}
