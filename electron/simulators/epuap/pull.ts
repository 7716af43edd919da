/**
 * WS-Pull as the simulator processes it (DOMAIN-inboxes §8.1 point 5): the caller is a system
 * registered for the subject that owns the box; the query validates against obiektypk.xsd;
 * `pobierzNastepny` returns the head (kod 0 when empty) and `potwierdzOdebranie` removes it only
 * when `skrot` is Base64(SHA-1(zawartosc)). A SHA-256 `skrot` is told apart in the message, the
 * mistake clients make most.
 */
import { createHash } from 'node:crypto';
import { buildPullAnswer, pullDigest, readPullRequest, type PullAnswer, type PullRequest } from '../../node/epuap/pull-soap';
import { NS_OB, buildFault, childElements, envelopeParts } from '../../node/epuap/soap';
import { verifyWsSecurity } from '../../node/epuap/wssecurity';
import { parseXml, serializeXml } from '../../node/xml/dom';
import { STATUS, WYJATEK } from './codes';
import { schemaErrors } from './schema-check';
import type { SkrytkaContext, SkrytkaResult } from './skrytka';

export interface PullContext extends Pick<SkrytkaContext, 'clock' | 'systems' | 'xsd'> {
  /** The box's FIFO queue, mutable. */
  queue(box: string): { box: string; fileName: string; contentType: string | null; content: Uint8Array; sender: { subject: string; name: string }; replyTo: string; extraData: Uint8Array; receivedAt: Date }[];
}

function fault(kod: number, komunikat: string): SkrytkaResult {
  return { httpStatus: 500, reply: buildFault({ faultCode: 'soapenv:Client', faultString: komunikat, wyjatek: { kod, komunikat } }), delivered: null };
}

const answer = (a: PullAnswer): SkrytkaResult => ({ httpStatus: 200, reply: buildPullAnswer(a), delivered: null });

export async function processPull(ctx: PullContext, bodyText: string): Promise<SkrytkaResult> {
  let doc: Document;
  let parts: ReturnType<typeof envelopeParts>;
  try {
    doc = parseXml(bodyText, 'SOAP request');
    parts = envelopeParts(doc);
  } catch (e) {
    return fault(WYJATEK.BAD_REQUEST, `Niepoprawne żądanie SOAP: ${(e as Error).message}`);
  }
  const ws = await verifyWsSecurity(doc, { now: ctx.clock() });
  if (!ws.ok || !ws.certificateDer) return fault(WYJATEK.AUTHENTICATION, `Błąd weryfikacji WS-Security: ${ws.reason ?? 'brak certyfikatu'}`);
  const errors = await schemaErrors(ctx.xsd, childElements(parts.body).filter((e) => e.namespaceURI === NS_OB).map((e) => ({ name: `ob:${e.localName}`, xml: serializeXml(e) })));
  if (errors.length > 0) return fault(WYJATEK.SCHEMA, `Żądanie niezgodne ze schematem obiektypk.xsd: ${errors.slice(0, 3).join('; ')}`);
  let req: PullRequest;
  try {
    req = readPullRequest(doc);
  } catch (e) {
    return fault(WYJATEK.BAD_REQUEST, `Niepoprawne żądanie Pull: ${(e as Error).message}`);
  }
  const certificate = Buffer.from(ws.certificateDer);
  if (!ctx.systems.some((s) => s.subject === req.subject && s.certificateDer.equals(certificate))) {
    return fault(WYJATEK.AUTHENTICATION, `Certyfikat nie należy do systemu zarejestrowanego dla podmiotu "${req.subject}"`);
  }
  if (req.boxAddress !== `/${req.subject}/${req.boxName}`) {
    return fault(WYJATEK.BAD_ADDRESS, `Skrytka ${req.boxAddress} nie należy do podmiotu ${req.subject} lub nie nazywa się ${req.boxName}`);
  }
  const queue = ctx.queue(req.boxAddress);
  const ok = { kod: STATUS.OK, komunikat: 'OK' };
  switch (req.operation) {
    case 'oczekujace':
      return answer({ operation: 'oczekujace', status: ok, waiting: queue.length });
    case 'pobierz': {
      const head = queue[0];
      if (!head) return answer({ operation: 'pobierz', status: { kod: 0, komunikat: 'Brak dokumentów do pobrania' }, pulled: null });
      return answer({
        operation: 'pobierz', status: ok,
        pulled: {
          sender: { subject: head.sender.subject, name: head.sender.name, user: null, system: head.sender.subject },
          sentAt: head.receivedAt.toISOString(), boxName: req.boxName, boxAddress: req.boxAddress, replyTo: head.replyTo || null,
          test: true, extraData: head.extraData, document: { fileName: head.fileName, contentType: head.contentType, content: head.content },
        },
      });
    }
    case 'potwierdz': {
      const head = queue[0];
      if (!head) return answer({ operation: 'potwierdz', status: { kod: STATUS.REJECTED, komunikat: 'Brak dokumentu do potwierdzenia' } });
      if (req.skrot !== pullDigest(head.content)) {
        const sha256 = createHash('sha256').update(head.content).digest('base64');
        const why = req.skrot === sha256 ? 'skrót SHA-256 zamiast SHA-1' : 'skrót nie odpowiada pierwszemu dokumentowi w skrytce';
        return answer({ operation: 'potwierdz', status: { kod: STATUS.REJECTED, komunikat: `Niepoprawny skrót: ${why}` } });
      }
      queue.shift();
      return answer({ operation: 'potwierdz', status: ok });
    }
  }
}
