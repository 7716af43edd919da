/** Reading ePUAP UPO documents (UPP / UPD) — DOMAIN-inboxes §6.1. */
import { firstElementNS, textOf } from '../xml/dom';

export const NS_UPO = 'http://crd.gov.pl/xml/schematy/UPO/2008/05/09/';

export interface UpoFields {
  kind: 'UPP' | 'UPD';
  certificateId: string | null;
  documentId: string | null;
  /** The numeric id `nadaj` returned, as the UPP repeats it in "Identyfikator ePUAP dokumentu". */
  epuapDocumentId: string | null;
  /** DataDoreczenia (UPP) or DataOdbioru (UPD), as written (local time without zone in practice). */
  deliveredAt: string | null;
  addresseeName: string | null;
}

/** Returns null when the document is not a UPO. */
export function readUpo(doc: Document): UpoFields | null {
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS_UPO || root.localName !== 'Dokument') return null;
  const body = firstElementNS(root, NS_UPO, 'UPP') ?? firstElementNS(root, NS_UPO, 'UPD');
  if (!body) return null;
  const kind = body.localName === 'UPP' ? 'UPP' : 'UPD';
  const adresat = firstElementNS(body, NS_UPO, 'Adresat');
  const info = Array.from(body.getElementsByTagNameNS(NS_UPO, 'InformacjaUzupelniajaca'))
    .find((e) => e.getAttribute('TypInformacjiUzupelniajacej') === 'Identyfikator ePUAP dokumentu');
  return {
    kind,
    certificateId: textOf(body, NS_UPO, 'IdentyfikatorPoswiadczenia'),
    documentId: textOf(body, NS_UPO, 'IdentyfikatorDokumentu'),
    epuapDocumentId: info?.textContent?.trim() ?? null,
    deliveredAt: textOf(body, NS_UPO, kind === 'UPP' ? 'DataDoreczenia' : 'DataOdbioru'),
    addresseeName: adresat ? textOf(adresat, NS_UPO, 'Nazwa') : null,
  };
}
