/**
 * WS-Skrytka `nadaj` on the wire (DOMAIN-inboxes §3.2, §3.3, §3.7): the request with its SOAP
 * headers, the ob:OdpowiedzSkrytki answer and SOAP 1.1 faults carrying ob:Wyjatek. obiektypk.xsd
 * has no elementFormDefault, so global elements are qualified (ob:Dokument) while their children
 * are not (<nazwaPliku>). Writing is strict; reading also accepts qualified children, because the
 * prefix and form a server emits are its own business (OMB §3.3) — the simulator's schema check
 * is what enforces the form.
 */
import { AppError } from '../../common/errors';
import { parseXml, serializeXml } from '../xml/dom';

export const NS_SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_OB = 'http://wsdl.epuap.gov.pl/obiekty/';
export const NS_OB_EXT = 'http://wsdl.epuap.gov.pl/obiekty/ext/';
export const SOAP_ACTION_NADAJ = 'http://ws.epuap.gov.pl/skrytka/nadaj';

export interface DokumentTyp {
  fileName: string;
  contentType: string | null;
  content: Uint8Array;
}

export interface NadajRequest {
  /** ob:IdentyfikatorPodmiotu — the sender subject. */
  subject: string;
  /** ob:AdresSkrytki — the recipient box. */
  to: string;
  /** ob:AdresOdpowiedzi — the sender's box for answers; '' when the sender names none. */
  replyTo: string;
  /** ob:CzyProbne — validate only, deliver nothing. */
  trial: boolean;
  /** ob:DaneDodatkowe, decoded; empty when absent. */
  extraData: Uint8Array;
  /** ob:Dokument. */
  document: DokumentTyp;
}

export interface StatusTyp {
  kod: number;
  komunikat: string | null;
}

export interface OdpowiedzSkrytki {
  status: StatusTyp;
  documentId: string;
  uppId: string | null;
  recipientStatus: StatusTyp | null;
  /** The UPP when the box issues one at once. */
  attachment: DokumentTyp | null;
}

export interface SoapFault {
  faultCode: string;
  faultString: string;
  /** detail/ob:Wyjatek, when the server sent one. */
  wyjatek: { kod: number; komunikat: string } | null;
}

export type NadajReply = { kind: 'answer'; answer: OdpowiedzSkrytki } | { kind: 'fault'; fault: SoapFault };

// ---------------------------------------------------------------------------------------------
// Small DOM helpers shared by the ePUAP modules.

export function childElements(parent: Element): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1);
}

/** Direct children with this namespace (null = unqualified) and local name. */
export function childrenNS(parent: Element, ns: string | null, local: string): Element[] {
  return childElements(parent).filter((e) => (e.namespaceURI ?? null) === ns && e.localName === local);
}

export function isElementNS(node: Node | null | undefined, ns: string, local: string): node is Element {
  return !!node && node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local;
}

/** The Envelope's own Header and Body (not look-alikes elsewhere), or an error naming what is wrong. */
export function envelopeParts(doc: Document): { envelope: Element; header: Element | null; body: Element } {
  const envelope = doc.documentElement;
  if (!isElementNS(envelope, NS_SOAP11, 'Envelope')) throw new Error('not a SOAP 1.1 envelope');
  const headers = childrenNS(envelope, NS_SOAP11, 'Header');
  const bodies = childrenNS(envelope, NS_SOAP11, 'Body');
  if (headers.length > 1) throw new Error('more than one soapenv:Header');
  if (bodies.length !== 1) throw new Error('the envelope must have exactly one soapenv:Body');
  return { envelope, header: headers[0] ?? null, body: bodies[0]! };
}

/** Strict base64 (whitespace allowed between groups); Buffer.from would silently skip garbage. */
export function decodeBase64(text: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new Error(`${what} is not valid base64`);
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The envelope as sent: UTF-8 with an XML declaration. */
export function serializeEnvelope(doc: Document): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + serializeXml(doc.documentElement!);
}

function newEnvelope(withHeader: boolean): { doc: Document; header: Element | null; body: Element } {
  const header = withHeader ? `<soapenv:Header xmlns:obi="${NS_OB}"/>` : '';
  const doc = parseXml(`<soapenv:Envelope xmlns:soapenv="${NS_SOAP11}">${header}<soapenv:Body/></soapenv:Envelope>`, 'SOAP envelope');
  const parts = envelopeParts(doc);
  return { doc, header: parts.header, body: parts.body };
}

function append(parent: Element, ns: string | null, qname: string, text?: string): Element {
  const doc = parent.ownerDocument!;
  const el = doc.createElementNS(ns, qname);
  if (text !== undefined) el.appendChild(doc.createTextNode(text));
  parent.appendChild(el);
  return el;
}

function appendDokument(parent: Element, ns: string | null, qname: string, d: DokumentTyp): Element {
  const el = append(parent, ns, qname);
  if (ns !== null) el.setAttributeNS('http://www.w3.org/2000/xmlns/', `xmlns:${qname.split(':')[0]}`, NS_OB);
  append(el, null, 'nazwaPliku', d.fileName);
  if (d.contentType !== null) append(el, null, 'typPliku', d.contentType);
  append(el, null, 'zawartosc', encodeBase64(d.content));
  return el;
}

function appendStatus(parent: Element, local: string, s: StatusTyp): void {
  const el = append(parent, null, local);
  append(el, null, 'kod', String(s.kod));
  append(el, null, 'komunikat', s.komunikat ?? '');
}

// ---------------------------------------------------------------------------------------------
// Request

/** An unsigned `nadaj` envelope; headers in the order OMB sends (§3.3) — wssecurity.ts adds wsse:Security first. */
export function buildNadajRequest(req: NadajRequest): Document {
  const { doc, header, body } = newEnvelope(true);
  append(header!, NS_OB, 'obi:DaneDodatkowe', req.extraData.byteLength > 0 ? encodeBase64(req.extraData) : undefined);
  append(header!, NS_OB, 'obi:CzyProbne', req.trial ? '1' : '0');
  append(header!, NS_OB, 'obi:AdresOdpowiedzi', req.replyTo);
  append(header!, NS_OB, 'obi:AdresSkrytki', req.to);
  append(header!, NS_OB, 'obi:IdentyfikatorPodmiotu', req.subject);
  appendDokument(body, NS_OB, 'obi:Dokument', req.document);
  return doc;
}

function invalid(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { fields: [field] });
}

function oneHeader(header: Element | null, local: string, required: boolean): string | null {
  const found = header ? childrenNS(header, NS_OB, local) : [];
  if (found.length > 1) throw invalid(`header ob:${local} appears more than once`, local);
  if (found.length === 0) {
    if (required) throw invalid(`header ob:${local} is missing`, local);
    return null;
  }
  return found[0]!.textContent ?? '';
}

/** Reads a `nadaj` request (the simulator's side). Throws INVALID_INPUT naming the broken part. */
export function readNadajRequest(doc: Document): NadajRequest {
  let parts: ReturnType<typeof envelopeParts>;
  try {
    parts = envelopeParts(doc);
  } catch (e) {
    throw invalid((e as Error).message, 'Envelope');
  }
  const { header, body } = parts;
  const subject = oneHeader(header, 'IdentyfikatorPodmiotu', true)!.trim();
  const to = oneHeader(header, 'AdresSkrytki', true)!.trim();
  const replyTo = (oneHeader(header, 'AdresOdpowiedzi', false) ?? '').trim();
  const trialText = (oneHeader(header, 'CzyProbne', false) ?? 'false').trim();
  if (!['true', 'false', '1', '0'].includes(trialText)) throw invalid(`ob:CzyProbne must be a boolean, got "${trialText}"`, 'CzyProbne');
  let extraData: Uint8Array;
  try {
    extraData = decodeBase64(oneHeader(header, 'DaneDodatkowe', false) ?? '', 'ob:DaneDodatkowe');
  } catch (e) {
    throw invalid((e as Error).message, 'DaneDodatkowe');
  }
  const payload = childElements(body);
  if (payload.length !== 1 || !isElementNS(payload[0], NS_OB, 'Dokument')) throw invalid('the body must hold exactly one ob:Dokument', 'Dokument');
  let document: DokumentTyp;
  try {
    document = readDokument(payload[0]!, 'ob:Dokument');
  } catch (e) {
    throw invalid((e as Error).message, 'Dokument');
  }
  return { subject, to, replyTo, trial: trialText === 'true' || trialText === '1', extraData, document };
}

// ---------------------------------------------------------------------------------------------
// Answer and fault

/** Children of a schema type: unqualified as the XSD says, or qualified in ob: as some servers write them. */
function field(parent: Element, local: string): Element | null {
  return childElements(parent).find((e) => e.localName === local && (e.namespaceURI === null || e.namespaceURI === NS_OB)) ?? null;
}

function fieldText(parent: Element, local: string): string | null {
  const el = field(parent, local);
  return el ? (el.textContent ?? '').trim() : null;
}

function readDokument(el: Element, what: string): DokumentTyp {
  const fileName = fieldText(el, 'nazwaPliku');
  const content = field(el, 'zawartosc');
  if (fileName === null || content === null) throw new Error(`${what} needs nazwaPliku and zawartosc`);
  return { fileName, contentType: fieldText(el, 'typPliku'), content: decodeBase64(content.textContent ?? '', `${what}/zawartosc`) };
}

function readStatus(el: Element, what: string): StatusTyp {
  const kod = Number(fieldText(el, 'kod'));
  if (!Number.isInteger(kod)) throw new Error(`${what}/kod is not an integer`);
  return { kod, komunikat: fieldText(el, 'komunikat') };
}

export function buildNadajResponse(r: OdpowiedzSkrytki): Document {
  const { doc, body } = newEnvelope(false);
  const answer = append(body, NS_OB, 'ob:OdpowiedzSkrytki');
  answer.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:ob', NS_OB);
  appendStatus(answer, 'status', r.status);
  append(answer, null, 'identyfikatorDokumentu', r.documentId);
  if (r.uppId !== null) append(answer, null, 'identyfikatorUpp', r.uppId);
  if (r.recipientStatus) appendStatus(answer, 'statusOdbiorcy', r.recipientStatus);
  if (r.attachment) appendDokument(answer, null, 'zalacznik', r.attachment);
  return doc;
}

export function buildFault(f: SoapFault): Document {
  const { doc, body } = newEnvelope(false);
  const fault = append(body, NS_SOAP11, 'soapenv:Fault');
  append(fault, null, 'faultcode', f.faultCode);
  append(fault, null, 'faultstring', f.faultString);
  if (f.wyjatek) {
    const detail = append(fault, null, 'detail');
    const w = append(detail, NS_OB, 'ob:Wyjatek');
    w.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:ob', NS_OB);
    append(w, null, 'kod', String(f.wyjatek.kod));
    append(w, null, 'komunikat', f.wyjatek.komunikat);
  }
  return doc;
}

/** Reads a `nadaj` answer or fault, by namespace whatever the prefixes. Throws when it is neither. */
export function readNadajReply(doc: Document): NadajReply {
  const { body } = envelopeParts(doc);
  const payload = childElements(body);
  const first = payload[0];
  if (payload.length !== 1 || !first) throw new Error('the SOAP body must hold exactly one element');
  if (first.namespaceURI === NS_SOAP11 && first.localName === 'Fault') {
    const w = childElements(field(first, 'detail') ?? first).find((e) => isElementNS(e, NS_OB, 'Wyjatek'));
    let wyjatek: SoapFault['wyjatek'] = null;
    if (w) {
      const kod = Number(fieldText(w, 'kod'));
      wyjatek = { kod: Number.isInteger(kod) ? kod : 0, komunikat: fieldText(w, 'komunikat') ?? '' };
    }
    return { kind: 'fault', fault: { faultCode: fieldText(first, 'faultcode') ?? '', faultString: fieldText(first, 'faultstring') ?? '', wyjatek } };
  }
  if (first.namespaceURI !== NS_OB || first.localName !== 'OdpowiedzSkrytki') throw new Error(`unexpected answer element {${first.namespaceURI ?? ''}}${first.localName}`);
  const statusEl = field(first, 'status');
  if (!statusEl) throw new Error('ob:OdpowiedzSkrytki has no status');
  const recipient = field(first, 'statusOdbiorcy');
  const attachment = field(first, 'zalacznik');
  return {
    kind: 'answer',
    answer: {
      status: readStatus(statusEl, 'status'),
      documentId: fieldText(first, 'identyfikatorDokumentu') ?? '',
      uppId: fieldText(first, 'identyfikatorUpp') || null,
      recipientStatus: recipient ? readStatus(recipient, 'statusOdbiorcy') : null,
      attachment: attachment ? readDokument(attachment, 'zalacznik') : null,
    },
  };
}
