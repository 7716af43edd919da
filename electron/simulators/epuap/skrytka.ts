/**
 * WS-Skrytka `nadaj` as the simulator processes it (DOMAIN-inboxes §8.1 points 2–4): who is
 * calling (WS-Security + registered system), is the request valid (obiektypk.xsd), where does it
 * go (box address and registry), may the box take it (well-formed XML, size, signature), then
 * filing and the UPP. Pure request → answer; the HTTP server and fault injection live in
 * simulator.ts.
 */
import { NS_OB, NS_OB_EXT, buildFault, buildNadajResponse, childElements, childrenNS, envelopeParts, isElementNS, readNadajRequest, type NadajRequest } from '../../node/epuap/soap';
import { verifyWsSecurity } from '../../node/epuap/wssecurity';
import { parseXml, serializeXml } from '../../node/xml/dom';
import type { XmlSigner } from '../../node/xml/engine';
import type { BoxConfig } from './boxes';
import { STATUS, WYJATEK } from './codes';
import { schemaErrors } from './schema-check';
import { issueUpp, UPP_FILE_NAME } from './upp';

const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const BOX_ADDRESS = /^\/[^/]+\/[^/]+$/;

export interface RegisteredSystem {
  /** ePUAP subject id the system acts for (must equal ob:IdentyfikatorPodmiotu). */
  subject: string;
  certificatePem: string;
  /** Name shown as the UPP's Nadawca; defaults to the subject id. */
  name?: string;
}

export interface DeliveredDocument {
  documentId: string;
  uppId: string | null;
  box: string;
  fileName: string;
  contentType: string | null;
  content: Uint8Array;
  sender: { subject: string; name: string };
  replyTo: string;
  extraData: Uint8Array;
  receivedAt: Date;
  /** The UPP issued for it (also for UPPs pushed to a reply box, where this document is the UPP). */
  upp: Uint8Array | null;
}

export interface SkrytkaContext {
  clock: () => Date;
  seal: XmlSigner;
  systems: Array<{ subject: string; name: string; certificateDer: Buffer }>;
  boxes: Map<string, BoxConfig>;
  xsd: string;
  nextId(): string;
  deliver(doc: DeliveredDocument): void;
}

export interface SkrytkaResult {
  httpStatus: number;
  reply: Document;
  delivered: DeliveredDocument | null;
}

function fault(kod: number, komunikat: string, faultCode = 'soapenv:Client'): SkrytkaResult {
  return { httpStatus: 500, reply: buildFault({ faultCode, faultString: komunikat, wyjatek: { kod, komunikat } }), delivered: null };
}

function status(kod: number, komunikat: string, documentId = ''): SkrytkaResult {
  return { httpStatus: 200, reply: buildNadajResponse({ status: { kod, komunikat }, documentId, uppId: null, recipientStatus: null, attachment: null }), delivered: null };
}

export async function processNadaj(ctx: SkrytkaContext, bodyText: string, opts: { tamperUpp?: boolean } = {}): Promise<SkrytkaResult> {
  let doc: Document;
  let parts: ReturnType<typeof envelopeParts>;
  try {
    doc = parseXml(bodyText, 'SOAP request');
    parts = envelopeParts(doc);
  } catch (e) {
    return fault(WYJATEK.BAD_REQUEST, `Niepoprawne żądanie SOAP: ${(e as Error).message}`);
  }
  const payload = childElements(parts.body);
  if (payload.some((e) => isElementNS(e, NS_OB_EXT, 'Dokument'))) return fault(WYJATEK.UNSUPPORTED, 'Operacja nadajAny nie jest obsługiwana przez symulator');
  if (!payload.some((e) => isElementNS(e, NS_OB, 'Dokument'))) return fault(WYJATEK.UNSUPPORTED, 'Nieznana operacja: treść żądania nie zawiera ob:Dokument');

  // 1. Who is calling: a valid WS-Security signature by a system registered for the subject.
  const ws = await verifyWsSecurity(doc, { now: ctx.clock() });
  if (!ws.ok || !ws.certificateDer) return fault(WYJATEK.AUTHENTICATION, `Błąd weryfikacji WS-Security: ${ws.reason ?? 'brak certyfikatu'}`);
  const subject = (parts.header ? childrenNS(parts.header, NS_OB, 'IdentyfikatorPodmiotu')[0]?.textContent ?? '' : '').trim();
  const certificate = Buffer.from(ws.certificateDer);
  const system = ctx.systems.find((s) => s.subject === subject && s.certificateDer.equals(certificate));
  if (!system) return fault(WYJATEK.AUTHENTICATION, `Certyfikat nie należy do systemu zarejestrowanego dla podmiotu "${subject}"`);

  // 2. The contract: ob:Dokument and every ob:* header against obiektypk.xsd.
  const schemaParts = [...payload, ...(parts.header ? childElements(parts.header) : [])]
    .filter((e) => e.namespaceURI === NS_OB)
    .map((e) => ({ name: `ob:${e.localName}`, xml: serializeXml(e) }));
  const errors = await schemaErrors(ctx.xsd, schemaParts);
  if (errors.length > 0) return fault(WYJATEK.SCHEMA, `Żądanie niezgodne ze schematem obiektypk.xsd: ${errors.slice(0, 3).join('; ')}`);
  let req: NadajRequest;
  try {
    req = readNadajRequest(doc);
  } catch (e) {
    return fault(WYJATEK.BAD_REQUEST, `Niepoprawne żądanie nadaj: ${(e as Error).message}`);
  }

  // 3. Where it goes.
  if (!BOX_ADDRESS.test(req.to)) return fault(WYJATEK.BAD_ADDRESS, `Niepoprawny adres skrytki "${req.to}" (oczekiwano /podmiot/skrytka)`);
  const box = ctx.boxes.get(req.to);
  if (!box) return status(STATUS.UNKNOWN_BOX, `Skrytka o adresie ${req.to} nie istnieje`);

  // 4. What the box accepts.
  let filed: Document;
  try {
    filed = parseXml(new TextDecoder('utf-8', { fatal: true }).decode(req.document.content), req.document.fileName);
  } catch (e) {
    return fault(WYJATEK.NOT_XML, `Dokument ${req.document.fileName} nie jest poprawnym dokumentem XML: ${(e as Error).message}`);
  }
  if (box.sizeLimit !== undefined && req.document.content.byteLength > box.sizeLimit) {
    return status(STATUS.TOO_LARGE, `Dokument ma ${req.document.content.byteLength} B, skrytka ${box.address} przyjmuje najwyżej ${box.sizeLimit} B`);
  }
  if (box.requireSignature && childrenNS(filed.documentElement!, NS_DS, 'Signature').length === 0) {
    return status(STATUS.SIGNATURE_REQUIRED, `Skrytka ${box.address} przyjmuje wyłącznie dokumenty podpisane elektronicznie`);
  }
  if (req.trial) return status(STATUS.OK, 'Nadanie próbne: dokument poprawny, nie został przekazany adresatowi');

  // 5. Filing and the UPP.
  const receivedAt = ctx.clock();
  const documentId = ctx.nextId();
  const uppId = ctx.nextId();
  const sender = { subject: system.subject, name: system.name };
  const upp = await issueUpp({
    uppId,
    documentId,
    recipient: { name: box.name, subject: req.to.split('/')[1]! },
    sender,
    deliveredAt: receivedAt,
    filed: { fileName: req.document.fileName, document: filed },
  }, ctx.seal, { tamper: opts.tamperUpp });
  const delivered: DeliveredDocument = {
    documentId, uppId, box: box.address, fileName: req.document.fileName, contentType: req.document.contentType,
    content: req.document.content, sender, replyTo: req.replyTo, extraData: req.extraData, receivedAt, upp,
  };
  ctx.deliver(delivered);
  const inAnswer = box.upp !== false;
  // The UPP also goes to the sender's reply box, byte for byte the same (inferred: ePUAP files the
  // UPP in the sender's box too). That copy is what a client pulls to learn, after a lost answer,
  // whether its document arrived — reconciliation without resending (electron/node/outbox/outbox.ts).
  const ownReplyBox = req.replyTo.startsWith(`/${system.subject}/`) && BOX_ADDRESS.test(req.replyTo);
  if (ctx.boxes.has(req.replyTo) || ownReplyBox) {
    ctx.deliver({
      documentId: ctx.nextId(), uppId: null, box: req.replyTo, fileName: UPP_FILE_NAME, contentType: 'text/xml', content: upp,
      sender: { subject: req.to.split('/')[1]!, name: box.name }, replyTo: '', extraData: new Uint8Array(), receivedAt, upp: null,
    });
  }
  const reply = buildNadajResponse({
    status: { kod: STATUS.OK, komunikat: 'Dokument został przyjęty' },
    documentId,
    uppId,
    recipientStatus: null,
    attachment: inAnswer ? { fileName: UPP_FILE_NAME, contentType: 'text/xml', content: upp } : null,
  });
  return { httpStatus: 200, reply, delivered };
}
