/**
 * WS-Doręczyciel `dorecz` as the simulator processes it: a registered system of a public entity
 * orders the service of a signed letter; the simulator files it in the addressee's box and runs the
 * old KPA art. 46 scheme on its injected clock (DOMAIN-deadlines §2.1, §4.3):
 * - first notice at once (§4), second notice 7 days later if not collected (§5);
 * - collected when the addressee signs the UPD (§3) — an admin hook says on which instant;
 * - otherwise deemed delivered "po upływie 14 dni, licząc od dnia przesłania pierwszego
 *   zawiadomienia" (§6): the day of the first notice is not counted, so the fiction takes effect at
 *   00:00 Warsaw time of notice day + 15 (the default `dayAfter` reading, P3). A fiction period is not
 *   a term for an act, so it is not rolled over holidays (the doc's default; `rollDayAfter` is only
 *   an interpretation the app shows).
 * The sender learns each step in its reply box (AdresOdpowiedzi): the UPD (contract) and, the
 * simulator's own addition, a notice record for each notice (see electron/node/epuap/dorecz.ts).
 * Events are issued lazily: whenever a request arrives or `advance` is called, everything due by the
 * clock is filed, each with its own instant as the time it reached the box. The letter reaches the
 * addressee's box only with the UPD (collection or deemed delivery).
 */
import { addDays, warsawDate, warsawInstant } from '../../common/legal-calendar-dates';
import { buildDoreczResponse, buildNoticeXml, readDoreczRequest, UPD_DEEMED, UPD_INFO, type DoreczRequest } from '../../node/epuap/dorecz';
import { NS_OB, buildFault, childElements, childrenNS, envelopeParts } from '../../node/epuap/soap';
import { verifyWsSecurity } from '../../node/epuap/wssecurity';
import { parseXml, serializeXml } from '../../node/xml/dom';
import { signEnveloped } from '../../node/xml/xades';
import type { BoxConfig } from './boxes';
import { STATUS, WYJATEK } from './codes';
import { schemaErrors } from './schema-check';
import type { SkrytkaContext } from './skrytka';
import { NS_UPO, warsawLocalTime } from './upp';

const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const BOX_ADDRESS = /^\/[^/]+\/[^/]+$/;
const DAY_MS = 86_400_000;
export const UPD_FILE_NAME = 'UPD.xml';

/** Citizens' boxes the simulator can serve letters to (ePUAP knows every user's box; tests need one). */
export const DEFAULT_ADDRESSEES: readonly BoxConfig[] = [{ address: '/jan_kowalski/skrytka', name: 'Jan Kowalski' }];

export interface DoreczOrder {
  orderId: string;
  documentId: string;
  request: Pick<DoreczRequest, 'to' | 'replyTo' | 'documentRef' | 'caseRef'> & { fileName: string };
  sender: { subject: string; name: string };
  addresseeName: string;
  notice1At: Date;
  notice2At: Date | null;
  /** When the addressee signs the UPD (admin hook); applied once the clock reaches it. */
  collectAt: Date | null;
  outcome: { at: Date; deemed: boolean } | null;
}

export interface DoreczResult {
  httpStatus: number;
  reply: Document;
}

function fault(kod: number, komunikat: string): DoreczResult {
  return { httpStatus: 500, reply: buildFault({ faultCode: 'soapenv:Client', faultString: komunikat, wyjatek: { kod, komunikat } }) };
}

function status(kod: number, komunikat: string, orderId: string | null = null, documentId: string | null = null): DoreczResult {
  return { httpStatus: 200, reply: buildDoreczResponse({ status: { kod, komunikat }, documentId, orderId }) };
}

/** The instant the art. 46 §6 fiction takes effect: 00:00 Warsaw of notice day + 15. */
export function deemedInstant(notice1At: Date): Date {
  return warsawInstant(addDays(warsawDate(notice1At), 15));
}

/** What the simulator keeps of an order beyond its public view: the letter itself. */
type Order = DoreczOrder & { filed: Document; letter: DoreczRequest };

export function createDoreczyciel(ctx: SkrytkaContext, addressees: readonly BoxConfig[]) {
  const known = new Map(addressees.map((b) => [b.address, b]));
  let orders = new Map<string, Order>();

  async function process(bodyText: string): Promise<DoreczResult> {
    let doc: Document;
    try {
      doc = parseXml(bodyText, 'SOAP request');
      envelopeParts(doc);
    } catch (e) {
      return fault(WYJATEK.BAD_REQUEST, `Niepoprawne żądanie SOAP: ${(e as Error).message}`);
    }
    const ws = await verifyWsSecurity(doc, { now: ctx.clock() });
    if (!ws.ok || !ws.certificateDer) return fault(WYJATEK.AUTHENTICATION, `Błąd weryfikacji WS-Security: ${ws.reason ?? 'brak certyfikatu'}`);
    const { header, body } = envelopeParts(doc);
    const subject = (header ? childrenNS(header, NS_OB, 'IdentyfikatorPodmiotu')[0]?.textContent ?? '' : '').trim();
    const certificate = Buffer.from(ws.certificateDer);
    const system = ctx.systems.find((s) => s.subject === subject && s.certificateDer.equals(certificate));
    if (!system) return fault(WYJATEK.AUTHENTICATION, `Certyfikat nie należy do systemu zarejestrowanego dla podmiotu "${subject}"`);
    const parts = [...childElements(body), ...(header ? childElements(header) : [])].filter((e) => e.namespaceURI === NS_OB);
    const errors = await schemaErrors(ctx.xsd, parts.map((e) => ({ name: `ob:${e.localName}`, xml: serializeXml(e) })));
    if (errors.length > 0) return fault(WYJATEK.SCHEMA, `Żądanie niezgodne ze schematem obiektypk.xsd: ${errors.slice(0, 3).join('; ')}`);
    let req: DoreczRequest;
    try {
      req = readDoreczRequest(doc);
    } catch (e) {
      return fault(WYJATEK.BAD_REQUEST, `Niepoprawne żądanie dorecz: ${(e as Error).message}`);
    }
    if (!BOX_ADDRESS.test(req.to)) return fault(WYJATEK.BAD_ADDRESS, `Niepoprawny adres skrytki "${req.to}" (oczekiwano /podmiot/skrytka)`);
    if (!BOX_ADDRESS.test(req.replyTo) || !req.replyTo.startsWith(`/${system.subject}/`)) {
      return fault(WYJATEK.BAD_ADDRESS, `AdresOdpowiedzi "${req.replyTo}" musi być skrytką podmiotu ${system.subject} (tam trafia UPD)`);
    }
    const addressee = known.get(req.to) ?? ctx.boxes.get(req.to);
    if (!addressee) return status(STATUS.UNKNOWN_BOX, `Skrytka o adresie ${req.to} nie istnieje`);
    let filed: Document;
    try {
      filed = parseXml(new TextDecoder('utf-8', { fatal: true }).decode(req.document.content), req.document.fileName);
    } catch (e) {
      return fault(WYJATEK.NOT_XML, `Dokument ${req.document.fileName} nie jest poprawnym dokumentem XML: ${(e as Error).message}`);
    }
    // Unsigned documents are refused (DOMAIN-inboxes §3.5, OMB 0.62).
    if (childrenNS(filed.documentElement!, NS_DS, 'Signature').length === 0) {
      return status(STATUS.SIGNATURE_REQUIRED, 'Doręczyciel przyjmuje wyłącznie dokumenty podpisane elektronicznie');
    }
    if (req.trial) return status(STATUS.OK, 'Zlecenie próbne: dokument poprawny, nie został doręczony');

    await advance();
    const at = ctx.clock();
    const documentId = ctx.nextId();
    const orderId = ctx.nextId();
    const sender = { subject: system.subject, name: system.name };
    const order = {
      orderId, documentId, sender, addresseeName: addressee.name, notice1At: at, notice2At: null, collectAt: null, outcome: null, filed, letter: req,
      request: { to: req.to, replyTo: req.replyTo, documentRef: req.documentRef, caseRef: req.caseRef, fileName: req.document.fileName },
    };
    orders.set(orderId, order);
    notify(order, 1, at);
    return status(STATUS.OK, 'Zlecenie doręczenia przyjęte; wysłano pierwsze zawiadomienie', orderId, documentId);
  }

  function notify(order: DoreczOrder, number: 1 | 2, at: Date): void {
    const xml = buildNoticeXml({ number, orderId: order.orderId, documentRef: order.request.documentRef, sentAt: at, to: order.request.to });
    toSender(order, `Zawiadomienie-${number}-${order.orderId}.xml`, new Uint8Array(Buffer.from(xml, 'utf8')), at);
  }

  function toSender(order: DoreczOrder, fileName: string, content: Uint8Array, at: Date): void {
    ctx.deliver({
      documentId: ctx.nextId(), uppId: null, box: order.request.replyTo, fileName, contentType: 'text/xml', content,
      sender: { subject: order.request.to.split('/')[1]!, name: order.addresseeName }, replyTo: '', extraData: new Uint8Array(), receivedAt: at, upp: null,
    });
  }

  /** Files, in time order, every notice and UPD due by the clock. */
  async function advance(): Promise<void> {
    const now = ctx.clock().getTime();
    for (const order of orders.values()) {
      if (order.outcome) continue;
      const second = order.notice1At.getTime() + 7 * DAY_MS;
      const deemed = deemedInstant(order.notice1At).getTime();
      const collect = order.collectAt && order.collectAt.getTime() < deemed ? order.collectAt.getTime() : null;
      if (!order.notice2At && second <= now && (collect === null || second < collect)) {
        order.notice2At = new Date(second);
        notify(order, 2, order.notice2At);
      }
      if (collect !== null && collect <= now) await settle(order, new Date(collect), false);
      else if (deemed <= now) await settle(order, new Date(deemed), true);
    }
  }

  /**
   * The addressee gets the letter only with the UPD (art. 46 §3): it enters the addressee's box when
   * collected, or when deemed delivered (it stays available to the addressee afterwards, §2.1).
   */
  async function settle(order: Order, at: Date, deemed: boolean): Promise<void> {
    order.outcome = { at, deemed };
    const { letter } = order;
    ctx.deliver({
      documentId: order.documentId, uppId: null, box: letter.to, fileName: letter.document.fileName, contentType: letter.document.contentType,
      content: letter.document.content, sender: order.sender, replyTo: letter.replyTo, extraData: letter.extraData, receivedAt: at, upp: null,
    });
    toSender(order, UPD_FILE_NAME, await issueUpd(order, at, deemed), at);
  }

  /**
   * The UPD (pos:UPD, DataOdbioru) shaped like the simulator's UPP and sealed by the simulator. On
   * real ePUAP the addressee signs it when collecting; the simulator has no key of the addressee, so
   * its seal stands for that signature and `Sposób doręczenia` says which case it is.
   */
  async function issueUpd(order: Order, at: Date, deemed: boolean): Promise<Uint8Array> {
    const doc = parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n<pos:Dokument xmlns:pos="${NS_UPO}"/>`, 'UPD');
    const add = (parent: Element, local: string, text?: string, attrs: Record<string, string> = {}) => {
      const e = doc.createElementNS(NS_UPO, `pos:${local}`);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text !== undefined) e.appendChild(doc.createTextNode(text));
      parent.appendChild(e);
      return e;
    };
    const upd = add(doc.documentElement!, 'UPD');
    add(upd, 'IdentyfikatorPoswiadczenia', `ePUAP-UPD${order.orderId}`);
    for (const [qname, p] of [['Adresat', { name: order.addresseeName, subject: order.request.to.split('/')[1]! }], ['Nadawca', order.sender]] as const) {
      const party = add(upd, qname);
      add(party, 'Nazwa', p.name);
      add(party, 'IdentyfikatorPodmiotu', p.subject, { TypIdentyfikatora: 'ePUAP-ID' });
    }
    add(upd, 'DataOdbioru', warsawLocalTime(at));
    add(upd, 'DataWytworzeniaPoswiadczenia', warsawLocalTime(at));
    add(upd, 'IdentyfikatorDokumentu', order.request.documentRef);
    const info = (type: string, text: string) => add(upd, 'InformacjaUzupelniajaca', text, { TypInformacjiUzupelniajacej: type });
    info('Źródło', 'Poświadczenie wystawione przez platformę ePUAP (SYMULATOR TESTOWY — bez mocy prawnej)');
    info(UPD_INFO.order, order.orderId);
    info('Identyfikator ePUAP dokumentu', order.documentId);
    if (order.request.caseRef) info(UPD_INFO.case, order.request.caseRef);
    info(UPD_INFO.mode, deemed ? UPD_DEEMED : 'Odebrane przez adresata (UPD podpisane przez adresata)');
    await signEnveloped(doc, ctx.seal, {
      signingTime: at, id: `id-upd-${order.orderId}`, documentTransform: 'xpath-not-signature',
      externalReferences: [{ uri: encodeURIComponent(order.request.fileName), document: order.filed }],
    });
    return new Uint8Array(Buffer.from(serializeXml(doc), 'utf8'));
  }

  return {
    process,
    advance,
    /** Admin hook: the addressee collects (signs the UPD) at `at`; too late once the fiction took effect. */
    collect(orderId: string, at: Date): void {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no dorecz order ${orderId}`);
      order.collectAt = at;
    },
    orders(): DoreczOrder[] {
      return [...orders.values()].map(({ filed: _filed, letter: _letter, ...o }) => ({ ...o }));
    },
    reset(): void {
      orders = new Map();
    },
  };
}
export type Doreczyciel = ReturnType<typeof createDoreczyciel>;
