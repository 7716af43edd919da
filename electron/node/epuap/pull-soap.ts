/**
 * WS-Pull on the wire (pull.wsdl, obiektypk.xsd ZapytaniePull*, OdpowiedzPull*): the three calls
 * a system makes to empty its box — how many are waiting, take the head, confirm the head by the
 * Base64 SHA-1 `skrot` of its content. Unqualified local children, as in soap.ts.
 */
import { createHash } from 'node:crypto';
import { parseXml } from '../xml/dom';
import { NS_OB, NS_SOAP11, childElements, decodeBase64, encodeBase64, envelopeParts, type DokumentTyp, type StatusTyp } from './soap';

export const SOAP_ACTION_PULL = {
  oczekujace: 'http://ws.epuap.gov.pl/pull/oczekujaceDokumenty',
  pobierz: 'http://ws.epuap.gov.pl/pull/pobierzNastepny',
  potwierdz: 'http://ws.epuap.gov.pl/pull/potwierdzOdebranie',
} as const;

export type PullOperation = keyof typeof SOAP_ACTION_PULL;

const REQUEST_ELEMENT: Record<PullOperation, string> = {
  oczekujace: 'ZapytaniePullOczekujace',
  pobierz: 'ZapytaniePullPobierz',
  potwierdz: 'ZapytaniePullPotwierdz',
};
const ANSWER_ELEMENT: Record<PullOperation, string> = {
  oczekujace: 'OdpowiedzPullOczekujace',
  pobierz: 'OdpowiedzPullPobierz',
  potwierdz: 'OdpowiedzPullPotwierdz',
};

export interface PullRequest {
  operation: PullOperation;
  /** ePUAP subject id owning the box. */
  subject: string;
  /** The box's name (last path segment) and its address /subject/name. */
  boxName: string;
  boxAddress: string;
  /** potwierdz only: Base64(SHA-1(zawartosc)) of the head document. */
  skrot?: string;
}

/** One document taken from a box with `pobierzNastepny`. */
export interface PulledDocument {
  sender: { subject: string; user: string | null; system: string | null; name: string | null };
  sentAt: string;
  boxName: string;
  boxAddress: string;
  replyTo: string | null;
  test: boolean;
  extraData: Uint8Array;
  document: DokumentTyp;
}

export type PullAnswer =
  | { operation: 'oczekujace'; status: StatusTyp; waiting: number }
  | { operation: 'pobierz'; status: StatusTyp; pulled: PulledDocument | null }
  | { operation: 'potwierdz'; status: StatusTyp };

/** What potwierdzOdebranie expects as `skrot`: Base64 of the SHA-1 of the document content. */
export function pullDigest(content: Uint8Array): string {
  return createHash('sha1').update(content).digest('base64');
}

function el(parent: Element, ns: string | null, qname: string, text?: string): Element {
  const doc = parent.ownerDocument!;
  const e = doc.createElementNS(ns, qname);
  if (text !== undefined) e.appendChild(doc.createTextNode(text));
  parent.appendChild(e);
  return e;
}

function envelope(): { doc: Document; body: Element } {
  const doc = parseXml(`<soapenv:Envelope xmlns:soapenv="${NS_SOAP11}"><soapenv:Header/><soapenv:Body/></soapenv:Envelope>`, 'SOAP envelope');
  return { doc, body: envelopeParts(doc).body };
}

function qualified(body: Element, local: string): Element {
  const e = el(body, NS_OB, `ob:${local}`);
  e.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:ob', NS_OB);
  return e;
}

function text(parent: Element, local: string): string | null {
  const e = childElements(parent).find((c) => c.localName === local && (c.namespaceURI === null || c.namespaceURI === NS_OB));
  return e ? (e.textContent ?? '').trim() : null;
}

function child(parent: Element, local: string): Element | null {
  return childElements(parent).find((c) => c.localName === local && (c.namespaceURI === null || c.namespaceURI === NS_OB)) ?? null;
}

export function buildPullRequest(r: PullRequest): Document {
  const { doc, body } = envelope();
  const q = qualified(body, REQUEST_ELEMENT[r.operation]);
  el(q, null, 'podmiot', r.subject);
  el(q, null, 'nazwaSkrytki', r.boxName);
  el(q, null, 'adresSkrytki', r.boxAddress);
  if (r.operation === 'potwierdz') el(q, null, 'skrot', r.skrot ?? '');
  return doc;
}

/** The simulator's side; throws naming what is wrong. */
export function readPullRequest(doc: Document): PullRequest {
  const payload = childElements(envelopeParts(doc).body);
  const first = payload[0];
  const operation = (Object.keys(REQUEST_ELEMENT) as PullOperation[]).find((op) => first?.namespaceURI === NS_OB && first.localName === REQUEST_ELEMENT[op]);
  if (payload.length !== 1 || !first || !operation) throw new Error('the body must hold exactly one ob:ZapytaniePull* element');
  const need = (local: string) => {
    const v = text(first, local);
    if (v === null) throw new Error(`ob:${first.localName} needs ${local}`);
    return v;
  };
  return {
    operation, subject: need('podmiot'), boxName: need('nazwaSkrytki'), boxAddress: need('adresSkrytki'),
    ...(operation === 'potwierdz' ? { skrot: need('skrot') } : {}),
  };
}

export function buildPullAnswer(a: PullAnswer): Document {
  const { doc, body } = envelope();
  const o = qualified(body, ANSWER_ELEMENT[a.operation]);
  const status = el(o, null, 'status');
  el(status, null, 'kod', String(a.status.kod));
  el(status, null, 'komunikat', a.status.komunikat ?? '');
  if (a.operation === 'oczekujace') el(o, null, 'oczekujace', String(a.waiting));
  if (a.operation === 'pobierz' && a.pulled) {
    const p = a.pulled;
    const podmiot = el(o, null, 'danePodmiotu');
    el(podmiot, null, 'identyfikator', p.sender.subject);
    el(podmiot, null, 'typOsoby', 'P');
    if (p.sender.name) el(podmiot, null, 'nazwiskoNazwa', p.sender.name);
    el(podmiot, null, 'zgoda', 'true');
    const nadawca = el(o, null, 'daneNadawcy');
    if (p.sender.user) el(nadawca, null, 'uzytkownik', p.sender.user);
    if (p.sender.system) el(nadawca, null, 'system', p.sender.system);
    el(o, null, 'dataNadania', p.sentAt);
    el(o, null, 'nazwaSkrytki', p.boxName);
    el(o, null, 'adresSkrytki', p.boxAddress);
    el(o, null, 'adresOdpowiedzi', p.replyTo ?? '');
    el(o, null, 'czyTestowe', p.test ? 'true' : 'false');
    el(o, null, 'daneDodatkowe', encodeBase64(p.extraData));
    const d = el(o, null, 'dokument');
    el(d, null, 'nazwaPliku', p.document.fileName);
    if (p.document.contentType !== null) el(d, null, 'typPliku', p.document.contentType);
    el(d, null, 'zawartosc', encodeBase64(p.document.content));
  }
  return doc;
}

/** Reads an answer to `operation`; throws when it is something else (faults are read by soap.ts). */
export function readPullAnswer(doc: Document, operation: PullOperation): PullAnswer {
  const payload = childElements(envelopeParts(doc).body);
  const o = payload[0];
  if (payload.length !== 1 || !o || o.namespaceURI !== NS_OB || o.localName !== ANSWER_ELEMENT[operation]) {
    throw new Error(`expected ob:${ANSWER_ELEMENT[operation]}`);
  }
  const statusEl = child(o, 'status');
  const kod = Number(statusEl ? text(statusEl, 'kod') : NaN);
  if (!statusEl || !Number.isInteger(kod)) throw new Error(`ob:${o.localName} has no valid status`);
  const status = { kod, komunikat: text(statusEl, 'komunikat') };
  if (operation === 'oczekujace') {
    const waiting = Number(text(o, 'oczekujace') ?? (kod === 1 ? NaN : 0));
    if (!Number.isInteger(waiting)) throw new Error('oczekujace is not an integer');
    return { operation, status, waiting };
  }
  if (operation === 'potwierdz') return { operation, status };
  const d = child(o, 'dokument');
  if (kod !== 1 || !d) return { operation, status, pulled: null };
  const podmiot = child(o, 'danePodmiotu');
  const nadawca = child(o, 'daneNadawcy');
  const content = child(d, 'zawartosc');
  const fileName = text(d, 'nazwaPliku');
  if (!content || fileName === null) throw new Error('dokument needs nazwaPliku and zawartosc');
  return {
    operation, status,
    pulled: {
      sender: {
        subject: podmiot ? text(podmiot, 'identyfikator') ?? '' : '',
        name: podmiot ? text(podmiot, 'nazwiskoNazwa') : null,
        user: nadawca ? text(nadawca, 'uzytkownik') : null,
        system: nadawca ? text(nadawca, 'system') : null,
      },
      sentAt: text(o, 'dataNadania') ?? '',
      boxName: text(o, 'nazwaSkrytki') ?? '',
      boxAddress: text(o, 'adresSkrytki') ?? '',
      replyTo: text(o, 'adresOdpowiedzi') || null,
      test: text(o, 'czyTestowe') === 'true',
      extraData: decodeBase64(text(o, 'daneDodatkowe') ?? '', 'daneDodatkowe'),
      document: { fileName, contentType: text(d, 'typPliku'), content: decodeBase64(content.textContent ?? '', 'dokument/zawartosc') },
    },
  };
}
