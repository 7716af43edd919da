/**
 * The built-in ePUAP simulator: WS-Skrytka `nadaj` over SOAP 1.1 on 127.0.0.1, with an injected
 * clock, deterministic ids and scripted faults (DOMAIN-inboxes §8.1).
 *
 * Plain HTTP on loopback for now; TLS (a per-run certificate from the test CA) comes with
 * sending profiles. Only 127.0.0.1 is ever bound.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { buildFault, buildNadajResponse, serializeEnvelope } from '../../node/epuap/soap';
import { signWsSecurity } from '../../node/epuap/wssecurity';
import { silentLogger, type Logger } from '../../node/logger';
import { DEFAULT_BOXES, type BoxConfig } from './boxes';
import { STATUS, WYJATEK } from './codes';
import { CONTRACT_FILES, defaultContractsDir, readContract, servedWsdl, type ContractFile } from './contracts';
import { createDoreczyciel, DEFAULT_ADDRESSEES, type DoreczOrder } from './dorecz';
import { pemKeySigner } from './key-signer';
import { processPull } from './pull';
import { processNadaj, type DeliveredDocument, type RegisteredSystem, type SkrytkaResult } from './skrytka';

export type { BoxConfig, DeliveredDocument, RegisteredSystem };

const SERVICES = '/pk_external_ws/services/';
const SKRYTKA = `${SERVICES}skrytka`;
const PULL = `${SERVICES}pull`;
const DORECZYCIEL = `${SERVICES}doreczyciel`;
/** Large enough for a 150 MB document in base64 plus the envelope. */
const MAX_REQUEST_BYTES = 256 * 1024 * 1024;

export type FaultKind = 'refuse' | 'timeout' | 'slow' | 'http500' | 'soapFault' | 'rejected' | 'malformed' | 'badUppSignature' | 'dropAfterReceive';

/**
 * - refuse: stop listening (connection refused) until the fault is cleared — `times` does not
 *   apply, a refused connection never reaches the simulator to be counted;
 * - timeout: read the request, never answer (not filed);
 * - slow: wait `delayMs` before processing the request, then answer normally;
 * - http500: HTTP 500 with an HTML body, no SOAP fault (not filed);
 * - soapFault: SOAP Fault with ob:Wyjatek (not filed);
 * - rejected: status/kod ≠ 1 (not filed);
 * - malformed: file the document, answer with a truncated envelope;
 * - badUppSignature: file the document, alter the UPP after sealing it;
 * - dropAfterReceive: file the document, then destroy the connection without answering.
 * The last three apply only to requests that would otherwise succeed. Faults affect `nadaj`
 * only (except refuse, which closes the whole port): Pull is how a client recovers from them.
 */
export interface FaultInjection {
  kind: FaultKind;
  /** How many requests it affects (default 1). */
  times?: number;
  /** slow: how long to wait before answering (default 5 s). */
  delayMs?: number;
}

export interface CapturedRequest {
  method: string;
  path: string;
  soapAction: string | null;
  body: string;
  receivedAt: Date;
}

export interface EpuapSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  clock?: () => Date;
  /** The simulator's WS-Sign / UPP seal identity (ensureTestIdentities().simulator). */
  identities: { simulator: { certPem: string; keyPem: string } };
  /** Systems allowed to call, each for one subject. */
  systems: RegisteredSystem[];
  boxes?: BoxConfig[];
  /** Citizens' boxes `dorecz` may serve letters to (default DEFAULT_ADDRESSEES). */
  addressees?: BoxConfig[];
  /** First number of the id counter (identyfikatorDokumentu, identyfikatorUpp); default 1000. */
  seed?: number;
  /** Default: resources/runtime/contracts/epuap of this source tree. */
  contractsDir?: string;
  logger?: Logger;
}

export interface EpuapSimulator {
  /** Base URL, e.g. http://127.0.0.1:41234 — pass as the client's baseUrl. */
  url: string;
  stop(): Promise<void>;
  injectFault(fault: FaultInjection | null): Promise<void>;
  /** Documents filed in a box, oldest first (FIFO). */
  deliveredTo(box: string): DeliveredDocument[];
  /** Every SOAP request received, as sent. */
  requests(): CapturedRequest[];
  /** WS-Doręczyciel administration: the orders, and the addressee collecting one at an instant. */
  dorecz: {
    orders(): DoreczOrder[];
    collect(orderId: string, at: Date): void;
    /** Files every notice and UPD due by the clock (requests do this too). */
    advance(): Promise<void>;
  };
  /** Empties boxes and the request log, restarts the id counter, clears faults. */
  reset(): Promise<void>;
}

export async function startEpuapSimulator(opts: EpuapSimulatorOptions): Promise<EpuapSimulator> {
  const clock = opts.clock ?? (() => new Date());
  const logger = opts.logger ?? silentLogger;
  const contractsDir = opts.contractsDir ?? defaultContractsDir();
  const seal = pemKeySigner(opts.identities.simulator.certPem, opts.identities.simulator.keyPem);
  const xsd = readContract(contractsDir, 'obiektypk.xsd').toString('utf8');
  const boxes = new Map((opts.boxes ?? DEFAULT_BOXES).map((b) => [b.address, b]));
  const systems = opts.systems.map((s) => ({ subject: s.subject, name: s.name ?? s.subject, certificateDer: Buffer.from(new X509Certificate(s.certificatePem).raw) }));
  const seed = opts.seed ?? 1000;

  let counter = seed;
  let queues = new Map<string, DeliveredDocument[]>();
  let captured: CapturedRequest[] = [];
  let fault: { kind: FaultKind; remaining: number; delayMs: number } | null = null;
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const ctx = {
    clock, seal, systems, boxes, xsd,
    nextId: () => String(++counter),
    deliver: (d: DeliveredDocument) => {
      const q = queues.get(d.box) ?? [];
      q.push(d);
      queues.set(d.box, q);
    },
  };

  const doreczyciel = createDoreczyciel(ctx, opts.addressees ?? DEFAULT_ADDRESSEES);

  /** Consumes one use of the injected fault when it is of one of `kinds`. */
  const take = (kinds: FaultKind[]): FaultKind | null => {
    if (!fault || !kinds.includes(fault.kind)) return null;
    const kind = fault.kind;
    if (--fault.remaining <= 0) fault = null;
    return kind;
  };

  const sendSigned = async (res: ServerResponse, status: number, doc: Document, truncate = false) => {
    await signWsSecurity(doc, seal);
    let text = serializeEnvelope(doc);
    if (truncate) text = text.slice(0, Math.floor(text.length / 2));
    res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8' });
    res.end(text);
  };

  async function handleSkrytka(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const soapAction = typeof req.headers.soapaction === 'string' ? req.headers.soapaction : null;
    captured.push({ method: 'POST', path: req.url ?? '', soapAction, body, receivedAt: clock() });

    const delayMs = fault?.delayMs ?? 0;
    switch (take(['timeout', 'slow', 'http500', 'soapFault', 'rejected'])) {
      case 'slow':
        await new Promise((r) => setTimeout(r, delayMs));
        if (res.destroyed) return; // the client gave up; a real server would still have filed it
        break;
      case 'timeout':
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      case 'http500':
        res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
        return;
      case 'soapFault':
        return sendSigned(res, 500, buildFault({ faultCode: 'soapenv:Server', faultString: 'Błąd wewnętrzny platformy (symulowany)', wyjatek: { kod: WYJATEK.INTERNAL, komunikat: 'Błąd wewnętrzny platformy (symulowany)' } }));
      case 'rejected':
        return sendSigned(res, 200, buildNadajResponse({ status: { kod: STATUS.REJECTED, komunikat: 'Dokument odrzucony przez platformę (symulowany)' }, documentId: '', uppId: null, recipientStatus: null, attachment: null }));
      default:
        break;
    }

    const tamperUpp = fault?.kind === 'badUppSignature';
    let result: SkrytkaResult;
    try {
      result = await processNadaj(ctx, body, { tamperUpp });
    } catch (e) {
      logger.error('ePUAP simulator: nadaj failed', { error: String(e) });
      return sendSigned(res, 500, buildFault({ faultCode: 'soapenv:Server', faultString: String(e), wyjatek: { kod: WYJATEK.INTERNAL, komunikat: String(e) } }));
    }
    if (result.delivered) logger.info('ePUAP simulator: filed', { box: result.delivered.box, documentId: result.delivered.documentId });
    const succeeded = result.httpStatus === 200 && result.delivered !== null;
    const after = succeeded ? take(['malformed', 'badUppSignature', 'dropAfterReceive']) : null;
    if (after === 'dropAfterReceive') {
      req.socket.destroy();
      return;
    }
    return sendSigned(res, result.httpStatus, result.reply, after === 'malformed');
  }

  async function handlePull(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const soapAction = typeof req.headers.soapaction === 'string' ? req.headers.soapaction : null;
    captured.push({ method: 'POST', path: req.url ?? '', soapAction, body, receivedAt: clock() });
    await doreczyciel.advance();
    const result = await processPull({ clock, systems, xsd, queue: (box) => queues.get(box) ?? (queues.set(box, []), queues.get(box)!) }, body);
    return sendSigned(res, result.httpStatus, result.reply);
  }

  async function handleDorecz(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const soapAction = typeof req.headers.soapaction === 'string' ? req.headers.soapaction : null;
    captured.push({ method: 'POST', path: req.url ?? '', soapAction, body, receivedAt: clock() });
    const result = await doreczyciel.process(body);
    return sendSigned(res, result.httpStatus, result.reply);
  }

  function handleGet(res: ServerResponse, url: URL): void {
    const name = url.pathname.slice(SERVICES.length);
    const service = name.split('/')[0] ?? '';
    // <endpoint>?wsdl and <endpoint>/wsdl/<name>.wsdl (§3.1); the XSDs next to the endpoints, where the WSDLs' relative imports point.
    const wsdl = url.searchParams.has('wsdl') ? `${service}.wsdl` : /^[a-z]+\/wsdl\/([a-z]+\.wsdl)$/i.exec(name)?.[1];
    if (wsdl && (CONTRACT_FILES as readonly string[]).includes(wsdl)) {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(servedWsdl(contractsDir, wsdl as ContractFile, `${baseUrl}${SERVICES}${wsdl.replace(/\.wsdl$/, '')}`));
      return;
    }
    const xsdName = /(?:^|\/)(obiekty(?:pk|Ext)\.xsd)$/.exec(name)?.[1];
    if (xsdName) {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(readContract(contractsDir, xsdName as ContractFile));
      return;
    }
    res.writeHead(404).end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    if (req.method === 'GET' && url.pathname.startsWith(SERVICES)) return handleGet(res, url);
    if (req.method !== 'POST' || ![SKRYTKA, PULL, DORECZYCIEL].includes(url.pathname)) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > MAX_REQUEST_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_REQUEST_BYTES) return;
      const body = Buffer.concat(chunks).toString('utf8');
      (url.pathname === PULL ? handlePull(req, res, body) : url.pathname === DORECZYCIEL ? handleDorecz(req, res, body) : handleSkrytka(req, res, body)).catch((e: unknown) => {
        logger.error('ePUAP simulator: request failed', { error: String(e) });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
  const unlisten = () => new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const r of held) r.destroy();
    held.clear();
    for (const s of sockets) s.destroy();
  });

  const port = await listen(opts.port ?? 0);
  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped = false;

  const clearFault = async () => {
    fault = null;
    if (!server.listening && !stopped) await listen(port);
  };

  return {
    url: baseUrl,
    async stop() {
      stopped = true;
      await unlisten();
    },
    async injectFault(f) {
      await clearFault();
      if (!f) return;
      fault = { kind: f.kind, remaining: f.times ?? 1, delayMs: f.delayMs ?? 5000 };
      // A refused connection never reaches an open listener, so refusing means not listening.
      if (f.kind === 'refuse') await unlisten();
    },
    deliveredTo(box) {
      return [...(queues.get(box) ?? [])];
    },
    requests() {
      return [...captured];
    },
    dorecz: {
      orders: () => doreczyciel.orders(),
      collect: (orderId, at) => doreczyciel.collect(orderId, at),
      advance: () => doreczyciel.advance(),
    },
    async reset() {
      await clearFault();
      for (const r of held) r.destroy();
      held.clear();
      queues = new Map();
      captured = [];
      doreczyciel.reset();
      counter = seed;
    },
  };
}
