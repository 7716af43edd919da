/**
 * WS-Doręczyciel `dorecz` on the wire (doreczyciel.wsdl "Wersja 1.1", obiektypk.xsd; DOMAIN-inboxes
 * §3.5): a public entity orders the service of a signed letter to an addressee's box. Nine
 * document/literal headers (in the WSDL's part order), ob:Dokument as the body, and the
 * ob:OdpowiedzDoreczyciela answer. Unqualified local children, as in soap.ts.
 *
 * Also the documents the sender later finds in its reply box (AdresOdpowiedzi) about such an order:
 * the UPD (contract: "box that receives the UPD") and the simulator's notice records. ePUAP's notices
 * go to the addressee by e-mail and the contract gives the sender no notice document; the
 * `Zawiadomienie` record is the built-in simulator's own (inferred), so a sender can show the 7/14-day
 * countdown from the server's instants instead of its own clock.
 */
import { parseEpuapTime } from '../../common/legal-calendar-dates';
import { NS_UPO, readUpo } from '../receipts/upo';
import { firstElementNS, parseXml, textOf } from '../xml/dom';
import { NS_OB, NS_SOAP11, childElements, childrenNS, decodeBase64, encodeBase64, envelopeParts, isElementNS, type DokumentTyp, type SoapFault, type StatusTyp } from './soap';

export const SOAP_ACTION_DORECZ = 'http://ws.epuap.gov.pl/doreczyciel/dorecz';
export const DORECZYCIEL_PATH = '/pk_external_ws/services/doreczyciel';
/** Namespace of the simulator's notice records (not an ePUAP contract). */
export const NS_DORECZ_NOTICE = 'urn:nadawca:symulator:epuap:doreczyciel';

export interface DoreczRequest {
  /** ob:IdentyfikatorPodmiotu — the serving public entity. */
  subject: string;
  /** ob:AdresSkrytki — the addressee's box. */
  to: string;
  /** ob:AdresOdpowiedzi — the sender's box that receives the UPD. */
  replyTo: string;
  /** ob:TerminDoreczenia (semantics unknown; OMB passes "now"). */
  deliveryTerm: Date;
  /** ob:CzyProbne. */
  trial: boolean;
  /** ob:IdentyfikatorDokumentu — the sender system's id, copied into the UPD (Nadawca: the filing id). */
  documentRef: string;
  /** ob:IdentyfikatorSprawy — the case reference, copied into the UPD. */
  caseRef: string;
  /** ob:DaneDodatkowe, decoded; empty when absent. */
  extraData: Uint8Array;
  /** ob:UPD — a UPD prepared by the sender; null lets ePUAP generate it. */
  upd: DokumentTyp | null;
  /** ob:Dokument — the signed letter. */
  document: DokumentTyp;
}

export interface OdpowiedzDoreczyciela {
  status: StatusTyp;
  /** Both nillable in the XSD. */
  documentId: string | null;
  orderId: string | null;
}

export type DoreczReply = { kind: 'answer'; answer: OdpowiedzDoreczyciela } | { kind: 'fault'; fault: SoapFault };

function el(parent: Element, ns: string | null, qname: string, text?: string): Element {
  const doc = parent.ownerDocument!;
  const e = doc.createElementNS(ns, qname);
  if (text !== undefined) e.appendChild(doc.createTextNode(text));
  parent.appendChild(e);
  return e;
}

function dokument(parent: Element, qname: string, d: DokumentTyp): void {
  const e = el(parent, NS_OB, qname);
  el(e, null, 'nazwaPliku', d.fileName);
  if (d.contentType !== null) el(e, null, 'typPliku', d.contentType);
  el(e, null, 'zawartosc', encodeBase64(d.content));
}

const NIL = 'http://www.w3.org/2001/XMLSchema-instance';

/** An unsigned `dorecz` envelope; wssecurity.ts adds wsse:Security. */
export function buildDoreczRequest(req: DoreczRequest): Document {
  const doc = parseXml(`<soapenv:Envelope xmlns:soapenv="${NS_SOAP11}"><soapenv:Header xmlns:obi="${NS_OB}"/><soapenv:Body xmlns:obi="${NS_OB}"/></soapenv:Envelope>`, 'SOAP envelope');
  const { header, body } = envelopeParts(doc);
  const h = header!;
  el(h, NS_OB, 'obi:IdentyfikatorPodmiotu', req.subject);
  el(h, NS_OB, 'obi:AdresSkrytki', req.to);
  el(h, NS_OB, 'obi:AdresOdpowiedzi', req.replyTo);
  el(h, NS_OB, 'obi:TerminDoreczenia', req.deliveryTerm.toISOString());
  el(h, NS_OB, 'obi:CzyProbne', req.trial ? '1' : '0');
  el(h, NS_OB, 'obi:IdentyfikatorDokumentu', req.documentRef);
  el(h, NS_OB, 'obi:IdentyfikatorSprawy', req.caseRef);
  el(h, NS_OB, 'obi:DaneDodatkowe', req.extraData.byteLength > 0 ? encodeBase64(req.extraData) : undefined);
  if (req.upd) dokument(h, 'obi:UPD', req.upd);
  dokument(body, 'obi:Dokument', req.document);
  return doc;
}

function field(parent: Element, local: string): Element | null {
  return childElements(parent).find((e) => e.localName === local && (e.namespaceURI === null || e.namespaceURI === NS_OB)) ?? null;
}

function fieldText(parent: Element, local: string): string | null {
  const e = field(parent, local);
  return e ? (e.textContent ?? '').trim() : null;
}

function readDokument(e: Element, what: string): DokumentTyp {
  const fileName = fieldText(e, 'nazwaPliku');
  const content = field(e, 'zawartosc');
  if (fileName === null || content === null) throw new Error(`${what} needs nazwaPliku and zawartosc`);
  return { fileName, contentType: fieldText(e, 'typPliku'), content: decodeBase64(content.textContent ?? '', `${what}/zawartosc`) };
}

function header(h: Element | null, local: string, required: boolean): string | null {
  const found = h ? childrenNS(h, NS_OB, local) : [];
  if (found.length > 1) throw new Error(`header ob:${local} appears more than once`);
  if (found.length === 0) {
    if (required) throw new Error(`header ob:${local} is missing`);
    return null;
  }
  return (found[0]!.textContent ?? '').trim();
}

/** Reads a `dorecz` request (the simulator's side); throws naming the broken part. */
export function readDoreczRequest(doc: Document): DoreczRequest {
  const { header: h, body } = envelopeParts(doc);
  const trialText = header(h, 'CzyProbne', false) ?? 'false';
  if (!['true', 'false', '1', '0'].includes(trialText)) throw new Error(`ob:CzyProbne must be a boolean, got "${trialText}"`);
  const termText = header(h, 'TerminDoreczenia', false);
  const deliveryTerm = termText ? new Date(termText) : new Date(NaN);
  if (termText && Number.isNaN(deliveryTerm.getTime())) throw new Error(`ob:TerminDoreczenia is not a dateTime: "${termText}"`);
  const updEl = h ? childrenNS(h, NS_OB, 'UPD')[0] : undefined;
  const payload = childElements(body);
  if (payload.length !== 1 || !isElementNS(payload[0], NS_OB, 'Dokument')) throw new Error('the body must hold exactly one ob:Dokument');
  return {
    subject: header(h, 'IdentyfikatorPodmiotu', true)!,
    to: header(h, 'AdresSkrytki', true)!,
    replyTo: header(h, 'AdresOdpowiedzi', false) ?? '',
    deliveryTerm,
    trial: trialText === 'true' || trialText === '1',
    documentRef: header(h, 'IdentyfikatorDokumentu', false) ?? '',
    caseRef: header(h, 'IdentyfikatorSprawy', false) ?? '',
    extraData: decodeBase64(header(h, 'DaneDodatkowe', false) ?? '', 'ob:DaneDodatkowe'),
    upd: updEl ? readDokument(updEl, 'ob:UPD') : null,
    document: readDokument(payload[0]!, 'ob:Dokument'),
  };
}

export function buildDoreczResponse(r: OdpowiedzDoreczyciela): Document {
  const doc = parseXml(`<soapenv:Envelope xmlns:soapenv="${NS_SOAP11}"><soapenv:Body/></soapenv:Envelope>`, 'SOAP envelope');
  const answer = el(envelopeParts(doc).body, NS_OB, 'ob:OdpowiedzDoreczyciela');
  answer.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:ob', NS_OB);
  const status = el(answer, null, 'status');
  el(status, null, 'kod', String(r.status.kod));
  el(status, null, 'komunikat', r.status.komunikat ?? '');
  for (const [local, value] of [['identyfikatorDokumentu', r.documentId], ['identyfikatorZlecenia', r.orderId]] as const) {
    const e = el(answer, null, local, value ?? undefined);
    if (value === null) e.setAttributeNS(NIL, 'xsi:nil', 'true');
  }
  return doc;
}

/** Reads the answer to `dorecz` or a fault, by namespace whatever the prefixes; throws when it is neither. */
export function readDoreczReply(doc: Document): DoreczReply {
  const payload = childElements(envelopeParts(doc).body);
  const first = payload[0];
  if (payload.length !== 1 || !first) throw new Error('the SOAP body must hold exactly one element');
  if (first.namespaceURI === NS_SOAP11 && first.localName === 'Fault') {
    const w = childElements(field(first, 'detail') ?? first).find((e) => isElementNS(e, NS_OB, 'Wyjatek'));
    const kod = w ? Number(fieldText(w, 'kod')) : NaN;
    return {
      kind: 'fault',
      fault: {
        faultCode: fieldText(first, 'faultcode') ?? '', faultString: fieldText(first, 'faultstring') ?? '',
        wyjatek: w ? { kod: Number.isInteger(kod) ? kod : 0, komunikat: fieldText(w, 'komunikat') ?? '' } : null,
      },
    };
  }
  if (first.namespaceURI !== NS_OB || first.localName !== 'OdpowiedzDoreczyciela') throw new Error(`unexpected answer element {${first.namespaceURI ?? ''}}${first.localName}`);
  const status = field(first, 'status');
  const kod = status ? Number(fieldText(status, 'kod')) : NaN;
  if (!status || !Number.isInteger(kod)) throw new Error('ob:OdpowiedzDoreczyciela has no valid status');
  return {
    kind: 'answer',
    answer: { status: { kod, komunikat: fieldText(status, 'komunikat') }, documentId: fieldText(first, 'identyfikatorDokumentu') || null, orderId: fieldText(first, 'identyfikatorZlecenia') || null },
  };
}

// ---------------------------------------------------------------------------------------------
// What the reply box tells the sender about a served letter.

export type DoreczEventKind = 'notice1' | 'notice2' | 'upd';

export interface DoreczEvent {
  kind: DoreczEventKind;
  /** identyfikatorZlecenia of the `dorecz` answer. */
  orderId: string;
  /** The sender's IdentyfikatorDokumentu (Nadawca: the filing id). */
  documentRef: string;
  /** The server's instant (notice sent; UPD DataOdbioru), ISO with offset. */
  at: string;
  /** UPD only: generated after 14 days rather than signed by the addressee. */
  deemed: boolean;
}

/** Values of pos:InformacjaUzupelniajaca the simulator's UPD carries (the UPP's convention). */
export const UPD_INFO = { order: 'Identyfikator zlecenia doręczenia', mode: 'Sposób doręczenia', case: 'Identyfikator sprawy' } as const;
export const UPD_DEEMED = 'Doręczenie zastępcze (art. 46 §6 k.p.a.)';

/** The simulator's notice record for the sender (see the module comment). */
export function buildNoticeXml(n: { number: 1 | 2; orderId: string; documentRef: string; sentAt: Date; to: string }): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<Zawiadomienie xmlns="${NS_DORECZ_NOTICE}"><Numer>${n.number}</Numer><IdentyfikatorZlecenia>${esc(n.orderId)}</IdentyfikatorZlecenia>`
    + `<IdentyfikatorDokumentu>${esc(n.documentRef)}</IdentyfikatorDokumentu><AdresSkrytki>${esc(n.to)}</AdresSkrytki>`
    + `<DataWyslania>${n.sentAt.toISOString()}</DataWyslania></Zawiadomienie>`;
}

/** The event a reply-box document reports, or null when it is about something else (a UPP, a letter). */
export function readDoreczEvent(bytes: Uint8Array): DoreczEvent | null {
  let doc: Document;
  try {
    doc = parseXml(new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'reply-box document');
  } catch {
    return null;
  }
  const root = doc.documentElement!;
  if (root.namespaceURI === NS_DORECZ_NOTICE && root.localName === 'Zawiadomienie') {
    const number = textOf(root, NS_DORECZ_NOTICE, 'Numer');
    const at = parseEpuapTime(textOf(root, NS_DORECZ_NOTICE, 'DataWyslania') ?? '');
    if ((number !== '1' && number !== '2') || !at) return null;
    return {
      kind: number === '1' ? 'notice1' : 'notice2', orderId: textOf(root, NS_DORECZ_NOTICE, 'IdentyfikatorZlecenia') ?? '',
      documentRef: textOf(root, NS_DORECZ_NOTICE, 'IdentyfikatorDokumentu') ?? '', at: at.toISOString(), deemed: false,
    };
  }
  const upo = readUpo(doc);
  if (upo?.kind !== 'UPD') return null;
  const body = firstElementNS(root, NS_UPO, 'UPD')!;
  const info = (type: string) => Array.from(body.getElementsByTagNameNS(NS_UPO, 'InformacjaUzupelniajaca'))
    .find((e) => e.getAttribute('TypInformacjiUzupelniajacej') === type)?.textContent?.trim() ?? null;
  const at = parseEpuapTime(upo.deliveredAt ?? '');
  const orderId = info(UPD_INFO.order);
  if (!at || !orderId) return null;
  return { kind: 'upd', orderId, documentRef: upo.documentId ?? '', at: at.toISOString(), deemed: info(UPD_INFO.mode) === UPD_DEEMED };
}
