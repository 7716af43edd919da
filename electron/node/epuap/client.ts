/**
 * WS-Skrytka client: `nadaj` a signed pismo to an ePUAP box (DOMAIN-inboxes §3.3) and hand back
 * the document id and the UPP exactly as received.
 *
 * What went wrong is reported so the outbox can act on it: `sent: false` means the request
 * certainly did not reach the service (resend freely); `sent: true` means the whole request left
 * this machine and the answer was lost, broken or unusable — the document may have been filed, so
 * the outbox must reconcile before sending again.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { AppError } from '../../common/errors';
import { EPUAP_ADDRESS } from '../../common/addresses';
import { silentLogger, type Logger } from '../logger';
import { parseXml } from '../xml/dom';
import type { XmlSigner } from '../xml/engine';
import { buildDoreczRequest, DORECZYCIEL_PATH, readDoreczReply, SOAP_ACTION_DORECZ } from './dorecz';
import { buildPullRequest, pullDigest, readPullAnswer, SOAP_ACTION_PULL, type PulledDocument, type PullOperation } from './pull-soap';
import { buildNadajRequest, readNadajReply, serializeEnvelope, SOAP_ACTION_NADAJ, type NadajReply } from './soap';
import { signWsSecurity, verifyWsSecurity } from './wssecurity';

const SERVICE = 'ePUAP';
const SKRYTKA_PATH = '/pk_external_ws/services/skrytka';
const PULL_PATH = '/pk_external_ws/services/pull';
/** A UPP is a few kB; anything near this is not an answer to `nadaj`. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export interface EpuapClientOptions {
  /** e.g. https://ws.epuap.gov.pl or the simulator's URL; the WSDL's soap:address is never used. */
  baseUrl: string;
  /** ePUAP subject id of the sender (ob:IdentyfikatorPodmiotu). */
  subject: string;
  /** The sender's box for answers (ob:AdresOdpowiedzi); sent empty when not set. */
  replyBox?: string;
  /** The system certificate registered for `subject`, signing WS-Security (key file or token). */
  system: XmlSigner;
  /** Whole exchange, from connecting to the last byte of the answer. Default 120 s. */
  timeoutMs?: number;
  logger?: Logger;
  /**
   * DER certificates the service signs its answers with (pinned per environment, §3.8). When set,
   * an answer not signed by one of them is treated as lost (`sent: true`). SOAP faults are not
   * checked: whether ePUAP signs them is not known.
   */
  responseCertificates?: Uint8Array[];
}

export interface NadajInput {
  /** Recipient box, /subject/box. */
  to: string;
  fileName: string;
  contentType: string;
  /** The signed pismo, byte for byte. */
  content: Uint8Array;
  /** CzyProbne: the service validates only, delivers nothing, issues no UPP. */
  trial?: boolean;
  /** Upload progress of the request body, in bytes. */
  onProgress?: (sent: number, total: number) => void;
}

export interface NadajResult {
  documentId: string;
  uppId: string | null;
  /** The UPP as received (base64-decoded, never re-serialised), when the box issued one at once. */
  upp: { fileName: string; bytes: Uint8Array } | null;
  responseXml: string;
}

export interface DoreczInput {
  /** The addressee's box, /subject/box. */
  to: string;
  fileName: string;
  contentType: string;
  /** The signed letter, byte for byte. */
  content: Uint8Array;
  /** IdentyfikatorDokumentu: the sender's own id, copied into the UPD (the filing id). */
  documentRef: string;
  /** IdentyfikatorSprawy: the case reference, copied into the UPD. */
  caseRef?: string;
  /** TerminDoreczenia; default now (as OMB sends it — its meaning is not documented). */
  deliveryTerm?: Date;
  trial?: boolean;
}

export interface DoreczResult {
  documentId: string | null;
  /** identyfikatorZlecenia: the order the notices and the UPD refer to. */
  orderId: string | null;
  responseXml: string;
}

export interface EpuapClient {
  nadaj(input: NadajInput): Promise<NadajResult>;
  /** WS-Doręczyciel `dorecz`: a public entity serves a letter; notices and the UPD arrive in the reply box. */
  dorecz(input: DoreczInput): Promise<DoreczResult>;
  /** WS-Pull on a box of this subject (default: the reply box): how many documents wait. */
  pending(box?: string): Promise<number>;
  /** The head of the box, or null when it is empty. It stays there until `confirm`. */
  next(box?: string): Promise<PulledDocument | null>;
  /** Removes the head of the box; `content` is the head's document content (for `skrot`). */
  confirm(content: Uint8Array, box?: string): Promise<void>;
}

export function createEpuapClient(opts: EpuapClientOptions): EpuapClient {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}${SKRYTKA_PATH}`;
  const pullUrl = `${opts.baseUrl.replace(/\/+$/, '')}${PULL_PATH}`;
  const doreczUrl = `${opts.baseUrl.replace(/\/+$/, '')}${DORECZYCIEL_PATH}`;
  if (!/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : '')) {
    throw new AppError('INVALID_INPUT', `not an http(s) URL: ${opts.baseUrl}`, { fields: ['baseUrl'] });
  }
  const logger = opts.logger ?? silentLogger;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const unreachable = (sent: boolean, reason: string) =>
    new AppError('SERVICE_UNREACHABLE', `ePUAP ${url}: ${reason}`, { service: SERVICE, url, sent, reason });

  return {
    async nadaj(input) {
      if (!EPUAP_ADDRESS.test(input.to)) {
        throw new AppError('INVALID_INPUT', `not an ePUAP box address: ${input.to}`, { fields: ['to'] });
      }
      const envelope = buildNadajRequest({
        subject: opts.subject,
        to: input.to,
        replyTo: opts.replyBox ?? '',
        trial: input.trial ?? false,
        extraData: new Uint8Array(),
        document: { fileName: input.fileName, contentType: input.contentType, content: input.content },
      });
      await signWsSecurity(envelope, opts.system);
      const body = Buffer.from(serializeEnvelope(envelope), 'utf8');
      logger.info('ePUAP nadaj', { url, to: input.to, fileName: input.fileName, bytes: input.content.byteLength, trial: input.trial ?? false });

      let answer: HttpAnswer;
      try {
        answer = await post(url, body, timeoutMs, SOAP_ACTION_NADAJ, input.onProgress);
      } catch (e) {
        const failure = e as TransportFailure;
        logger.warn('ePUAP nadaj: transport failure', { url, sent: failure.sent, reason: failure.message });
        throw unreachable(failure.sent, failure.message);
      }

      const responseXml = answer.body.toString('utf8');
      let doc: Document | null = null;
      let reply: NadajReply | null = null;
      try {
        doc = parseXml(responseXml, 'ePUAP answer');
        reply = readNadajReply(doc);
      } catch {
        // Judged below together with the HTTP status.
      }
      if (reply?.kind === 'fault') {
        const { fault } = reply;
        const faultCode = fault.wyjatek ? String(fault.wyjatek.kod) : fault.faultCode;
        const faultMessage = fault.wyjatek?.komunikat ?? fault.faultString;
        logger.warn('ePUAP nadaj: fault', { url, faultCode, faultMessage });
        throw new AppError('SERVICE_FAULT', `ePUAP fault ${faultCode}: ${faultMessage}`, { service: SERVICE, faultCode, faultMessage });
      }
      // A server error without a fault says nothing about whether the document was filed.
      if (answer.status >= 500) throw unreachable(true, `HTTP ${answer.status} without a SOAP fault`);
      if (answer.status < 200 || answer.status >= 300) {
        throw new AppError('SERVICE_FAULT', `ePUAP answered HTTP ${answer.status}`, { service: SERVICE, faultCode: `HTTP ${answer.status}`, faultMessage: responseXml.slice(0, 200) });
      }
      if (!reply || !doc) throw unreachable(true, 'the answer is not a WS-Skrytka response');
      await requireTrustedAnswer(doc);
      const { answer: odp } = reply;
      if (odp.status.kod !== 1) {
        const reason = odp.status.komunikat || `status ${odp.status.kod}`;
        logger.warn('ePUAP nadaj: rejected', { url, kod: odp.status.kod, reason });
        throw new AppError('SERVICE_REJECTED', `ePUAP rejected the document: ${reason}`, { service: SERVICE, reason, kod: odp.status.kod });
      }
      const upp = odp.attachment ? { fileName: odp.attachment.fileName, bytes: odp.attachment.content } : null;
      logger.info('ePUAP nadaj: accepted', { url, documentId: odp.documentId, uppId: odp.uppId, upp: upp !== null });
      return { documentId: odp.documentId, uppId: odp.uppId, upp, responseXml };
    },
    async dorecz(input) {
      if (!EPUAP_ADDRESS.test(input.to)) throw new AppError('INVALID_INPUT', `not an ePUAP box address: ${input.to}`, { fields: ['to'] });
      const envelope = buildDoreczRequest({
        subject: opts.subject, to: input.to, replyTo: opts.replyBox ?? '', deliveryTerm: input.deliveryTerm ?? new Date(),
        trial: input.trial ?? false, documentRef: input.documentRef, caseRef: input.caseRef ?? '', extraData: new Uint8Array(), upd: null,
        document: { fileName: input.fileName, contentType: input.contentType, content: input.content },
      });
      await signWsSecurity(envelope, opts.system);
      logger.info('ePUAP dorecz', { url: doreczUrl, to: input.to, fileName: input.fileName, trial: input.trial ?? false });
      let answer: HttpAnswer;
      try {
        answer = await post(doreczUrl, Buffer.from(serializeEnvelope(envelope), 'utf8'), timeoutMs, SOAP_ACTION_DORECZ);
      } catch (e) {
        throw unreachable((e as TransportFailure).sent, (e as Error).message);
      }
      const responseXml = answer.body.toString('utf8');
      const doc = (() => { try { return parseXml(responseXml, 'ePUAP answer'); } catch { return null; } })();
      const reply = (() => { try { return doc && readDoreczReply(doc); } catch { return null; } })();
      if (reply?.kind === 'fault') {
        const f = reply.fault;
        throw new AppError('SERVICE_FAULT', `ePUAP fault ${f.wyjatek?.kod ?? f.faultCode}: ${f.wyjatek?.komunikat ?? f.faultString}`, {
          service: SERVICE, faultCode: f.wyjatek ? String(f.wyjatek.kod) : f.faultCode, faultMessage: f.wyjatek?.komunikat ?? f.faultString,
        });
      }
      if (!reply || !doc || answer.status < 200 || answer.status >= 300) throw unreachable(true, `HTTP ${answer.status}: the answer is not a WS-Doręczyciel response`);
      await requireTrustedAnswer(doc);
      const odp = reply.answer;
      if (odp.status.kod !== 1) {
        const reason = odp.status.komunikat || `status ${odp.status.kod}`;
        throw new AppError('SERVICE_REJECTED', `ePUAP refused to serve the letter: ${reason}`, { service: SERVICE, reason, kod: odp.status.kod });
      }
      logger.info('ePUAP dorecz: accepted', { orderId: odp.orderId, documentId: odp.documentId });
      return { documentId: odp.documentId, orderId: odp.orderId, responseXml };
    },
    async pending(box) {
      const a = await pull('oczekujace', box);
      return a.operation === 'oczekujace' ? a.waiting : 0;
    },
    async next(box) {
      const a = await pull('pobierz', box);
      return a.operation === 'pobierz' ? a.pulled : null;
    },
    async confirm(content, box) {
      await pull('potwierdz', box, pullDigest(content));
    },
  };

  /** An answer not signed by a pinned service certificate counts as lost (`sent: true`). */
  async function requireTrustedAnswer(doc: Document): Promise<void> {
    if (!opts.responseCertificates) return;
    const check = await verifyWsSecurity(doc);
    const pinned = check.certificateDer !== null && opts.responseCertificates.some((c) => Buffer.from(c).equals(Buffer.from(check.certificateDer!)));
    if (!check.ok || !pinned) throw unreachable(true, `the answer's WS-Security signature is not trusted: ${check.reason ?? 'unknown signing certificate'}`);
  }

  /**
   * One WS-Pull call. Pull is safe to repeat (the head stays until confirmed), so every failure
   * is reported with `sent: false`-like meaning for the caller: try again later.
   */
  async function pull(operation: PullOperation, box: string | undefined, skrot?: string) {
    const address = box ?? opts.replyBox ?? '';
    const m = EPUAP_ADDRESS.exec(address) ? address.split('/') : null;
    if (!m) throw new AppError('INVALID_INPUT', `not an ePUAP box address: ${address}`, { fields: ['replyBox'] });
    const envelope = buildPullRequest({ operation, subject: opts.subject, boxName: m[2]!, boxAddress: address, ...(skrot ? { skrot } : {}) });
    await signWsSecurity(envelope, opts.system);
    let answer: HttpAnswer;
    try {
      answer = await post(pullUrl, Buffer.from(serializeEnvelope(envelope), 'utf8'), timeoutMs, SOAP_ACTION_PULL[operation]);
    } catch (e) {
      throw unreachable((e as TransportFailure).sent, (e as Error).message);
    }
    const doc = parseXml(answer.body.toString('utf8'), 'ePUAP pull answer');
    const fault = (() => { try { return readNadajReply(doc); } catch { return null; } })();
    if (fault?.kind === 'fault') {
      const f = fault.fault;
      throw new AppError('SERVICE_FAULT', `ePUAP fault ${f.wyjatek?.kod ?? f.faultCode}: ${f.wyjatek?.komunikat ?? f.faultString}`, {
        service: SERVICE, faultCode: f.wyjatek ? String(f.wyjatek.kod) : f.faultCode, faultMessage: f.wyjatek?.komunikat ?? f.faultString,
      });
    }
    if (answer.status < 200 || answer.status >= 300) throw unreachable(true, `HTTP ${answer.status}`);
    const a = readPullAnswer(doc, operation);
    // kod 0 means "nothing waiting" for pobierzNastepny (§3.2); anything else not 1 is a refusal.
    if (a.status.kod !== 1 && !(a.status.kod === 0 && operation !== 'potwierdz')) {
      throw new AppError('SERVICE_REJECTED', `ePUAP refused ${operation}: ${a.status.komunikat ?? a.status.kod}`, { service: SERVICE, reason: a.status.komunikat ?? String(a.status.kod), kod: a.status.kod });
    }
    return a;
  }
}

interface HttpAnswer {
  status: number;
  body: Buffer;
}

interface TransportFailure extends Error {
  /** The whole request had been handed to a connected socket when it failed. */
  sent: boolean;
}

function transportFailure(message: string, sent: boolean): TransportFailure {
  return Object.assign(new Error(message), { sent });
}

/**
 * One POST on a fresh connection (no keep-alive: a reused socket would blur whether this request
 * left). `sent` becomes true only when the socket was connected (TLS: handshake done) and the
 * request was completely written — before that the server cannot have a whole request to act on.
 */
function post(url: string, body: Buffer, timeoutMs: number, soapAction: string, onProgress?: (sent: number, total: number) => void): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    let connected = false;
    let written = false;
    let settled = false;
    const sent = () => connected && written;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const req = (secure ? https : http).request(target, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: `"${soapAction}"`,
        'Content-Length': body.byteLength,
        Connection: 'close',
      },
    });
    const timer = setTimeout(() => {
      const wasSent = sent();
      done(() => reject(transportFailure(`no answer within ${timeoutMs} ms`, wasSent)));
      req.destroy();
    }, timeoutMs);
    req.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => { connected = true; });
    });
    req.on('finish', () => { written = true; });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const wasSent = sent();
      done(() => reject(transportFailure(`${e.code ?? 'error'}: ${e.message}`, wasSent)));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.byteLength;
        if (size > MAX_ANSWER_BYTES) {
          done(() => reject(transportFailure('the answer is too large', true)));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => done(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) })));
      res.on('aborted', () => done(() => reject(transportFailure('the connection broke while reading the answer', true))));
      res.on('error', (e) => done(() => reject(transportFailure(`the answer broke off: ${e.message}`, true))));
    });
    if (!onProgress) {
      req.end(body);
      return;
    }
    // Written in chunks so the caller can show upload progress; back-pressure paces the chunks.
    const CHUNK = 256 * 1024;
    let offset = 0;
    const pump = () => {
      while (offset < body.byteLength && !settled) {
        const end = Math.min(offset + CHUNK, body.byteLength);
        const more = req.write(body.subarray(offset, end));
        offset = end;
        onProgress(offset, body.byteLength);
        if (!more) {
          req.once('drain', pump);
          return;
        }
      }
      if (!settled) req.end();
    };
    pump();
  });
}
