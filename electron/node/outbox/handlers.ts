/** IPC handlers of contract-outbox.ts: outbox actions, the register, receipt rendering. */
import type { ChannelInput, ChannelOutput } from '../../common/contract';
import type { Lang } from '../../common/messages';
import type { FilingRow } from '../filings/filings-repo';
import { NS_10856, renderProofHtml } from '../edoreczenia/evidence';
import { renderWithStylesheet } from '../filings/preview';
import { isPdfReceipt, type ReceiptsService } from '../receipts/receipts-service';
import { JOURNAL_FLOWS, JOURNAL_HEADERS } from '../register/journal-headers';
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

/** Shown in the rendering frame for receipts without an official stylesheet. */
const NO_RENDERING: Record<Lang, { pdf: string; other: string }> = {
  pl: { pdf: 'Ten dowód jest plikiem PDF z pieczęcią — zapisz go przyciskiem „Zapisz PDF” i otwórz w przeglądarce PDF.', other: 'Dla tego dowodu nie ma urzędowego arkusza stylów — jego treść jest w sekcji XML poniżej.' },
  en: { pdf: 'This evidence is a sealed PDF file — save it with "Save PDF" and open it in a PDF viewer.', other: 'There is no official stylesheet for this evidence — its content is in the XML section below.' },
  uk: { pdf: 'Цей доказ — PDF-файл із печаткою: збережіть його кнопкою «Зберегти PDF» і відкрийте в переглядачі PDF.', other: 'Для цього доказу немає офіційної таблиці стилів — його вміст у розділі XML нижче.' },
};
const notice = (text: string) => `<html><body><p>${text}</p></body></html>`;

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
    'register.exportCsv': async (q: ChannelInput<'register.exportCsv'>) => register.exportCsv(q, JOURNAL_HEADERS[lang()], JOURNAL_FLOWS[lang()]),
    'receipts.preview': async ({ id }: ChannelInput<'receipts.preview'>) => {
      const r = receipts.get(id);
      if (isPdfReceipt(r.bytes)) return { html: notice(NO_RENDERING[lang()].pdf) };
      const doc = parseXml(r.xml, 'receipt');
      // UPP/UPD through the UPO stylesheet; e-Doręczenia potwierdzenia through wzór 10856's; ETSI evidences have none.
      if (doc.documentElement?.namespaceURI === NS_10856) return { html: await renderProofHtml(r.bytes) };
      if (r.channel === 'edoreczenia') return { html: notice(NO_RENDERING[lang()].other) };
      return { html: await renderWithStylesheet(doc, UPO_STYLESHEET) };
    },
  };
}
