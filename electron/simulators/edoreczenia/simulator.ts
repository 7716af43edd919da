/**
 * The built-in e-Doręczenia simulator (DOMAIN-inboxes §8.2): the UA API of
 * contracts/edoreczenia/uaapi_3.0.8.1.yaml under /api/v1 on 127.0.0.1, HTTP or HTTPS with an
 * optional client certificate (mutual TLS) from a per-run test CA. Every request and every answer
 * is checked against the contract (a request that breaks it gets 400 ErrorInfo[]; an answer that
 * breaks it is a simulator bug and is logged and counted in `contractProblems()`).
 *
 * Life cycle of a sent message, driven by an injectable clock: drafts/send → 202 task →
 * A.1 + BP.WX/BP.WP (sender) → D.1 → public addressee: E.1 + BP.OX/BP.OP at once, or when the
 * addressee's box "logs in" (its first API call after D.1; `deliverOn: 'login'`); non-public
 * addressee: a Stub with `daysToReceive`; E.1 + BP.OX/BP.OP when it is first read in full, or for a
 * public sender on deemed delivery (R13: 14 days after D.1, Saturdays/holidays rolled forward).
 * Every proof comes as XML (XAdES-sealed) and as its PDF twin (PAdES-sealed), same facts.
 * Authentication: a local token endpoint (OAuth2 client_credentials with a client secret) issuing
 * opaque bearer tokens bound to one box and its scopes; JWT shaping of the real operator is not
 * reproduced (the client treats tokens as opaque).
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { silentLogger, type Logger } from '../../node/logger';
import { loadContractValidator, type ContractProblem, type MatchedOperation } from '../../node/edoreczenia/contract-validator';
import type { components } from '../../node/edoreczenia/api-types';
import { createFileSigner } from '../../node/signer/file-signer';
import { pemKeySigner } from '../epuap/key-signer';
import { sealedProofPdf } from './evidence-pdf';
import { etsiXml, proofXml, sealEvidence, type Party, type ProofInput } from './evidences';
import { readMultipart } from './multipart';
import { createReplayCache, verifyClientAssertion } from './client-assertion';
import { attachmentViolations, daysToReceive, deemedDelivery, JSON_ATTACHMENT_LIMIT, MAX_RECIPIENTS, type DeemedMode, type RuleViolation } from './rules';

type Message = components['schemas']['Message'];
type Evidence = components['schemas']['Evidence'];
type FileMetadata = components['schemas']['FileMetadata'];
type Status = NonNullable<components['schemas']['MessageControlData']['status']>;

export const API_BASE = '/api/v1';
export const TOKEN_PATH = '/oauth2/token';
/** Test control, loopback only: clock, faults, incoming letters, public/non-public, evidence dump. */
export const ADMIN = '/__admin/';
const SCOPES = ['read_messages', 'write_messages', 'read_settings', 'write_settings'];

/** When a public addressee's E.1 + BP.OX/BP.OP are issued: on arrival (D.1), or when its box next calls the API. */
export type DeliverOn = 'arrival' | 'login';
export interface SimBox { address: string; name: string; public: boolean; person?: { first: string; last: string }; totalCapacityMb?: number; deliverOn?: DeliverOn }
/** A registered system: a client secret, and/or a certificate (mutual TLS, private_key_jwt client assertions). */
export interface SimClient { clientId: string; clientSecret?: string; box: string; scopes?: string[]; certificatePem?: string }

export type FaultKind = 'refuse' | 'timeout' | 'http500' | 'malformed' | 'badEvidenceSeal' | 'dropAfterReceive' | 'rejectSend' | 'expiredToken' | 'tooManyRequests';
/**
 * - refuse: stop listening until cleared; timeout: read the request, never answer;
 * - http500: HTTP 500 with an HTML body; tooManyRequests: 429; expiredToken: 401 on the next call;
 * - malformed: do the work, answer with a truncated JSON body; dropAfterReceive: do the work, then
 *   destroy the connection; rejectSend: the next send task ends with A.2 (rejected);
 * - badEvidenceSeal: evidences issued while it lasts (XML and PDF) are altered after sealing.
 * `path` restricts the fault to requests whose path contains it (e.g. '/drafts/send'); for
 * badEvidenceSeal, to evidence types containing it (e.g. 'BP.OP').
 */
export interface FaultInjection { kind: FaultKind; times?: number; path?: string }

export interface SimulatorOptions {
  port?: number;
  clock?: () => Date;
  /** The seal of evidences (the test identities' simulator certificate). */
  seal: { certPem: string; keyPem: string };
  boxes: SimBox[];
  clients: SimClient[];
  /** HTTPS server identity; with `clientCa`, a client certificate is required (mutual TLS). */
  tls?: { certPem: string; keyPem: string; clientCaPem?: string };
  /** How long a send task stays PENDING (real milliseconds); default 20. */
  taskDelayMs?: number;
  /** Largest attachment accepted on the JSON path; default 15 MB. */
  jsonAttachmentLimit?: number;
  /** Which R13 reading the BP.OX states; default operatorR13. */
  deemedMode?: DeemedMode;
  /** First full read of a Stub answers 202 MessagePending once (COI UC006); default true. */
  pendingOnFirstRead?: boolean;
  /** Default for public boxes without their own `deliverOn`; default 'arrival'. */
  publicDeliverOn?: DeliverOn;
  logger?: Logger;
}

interface StoredFile { meta: FileMetadata; path: string; attachmentId: string }
interface StoredEvidence { meta: Evidence; bytes: Uint8Array; box: string }
interface SimMessage {
  id: string; box: string; folder: 'DRAFTS' | 'OUTBOX' | 'SENT' | 'INBOX'; body: Message; files: StoredFile[];
  stub: boolean; d1?: Date; senderPublic?: boolean; pendingRead?: boolean; peer?: SimMessage; deemedIssued?: boolean;
  /** A public addressee's copy whose E.1 waits for the box to log in. */
  awaitingLogin?: boolean;
}
interface Task { id: string; box: string; status: 'PENDING' | 'FINISHED'; results: components['schemas']['MessageOperationResponseWrapperStatus'][] }

export interface EdoreczeniaSimulator {
  url: string;
  tokenUrl: string;
  /** POST <adminUrl>clock {advanceMs} | fault {kind,times,path} | incoming {from,to,subject,text,d1,files[{name,contentType,base64}]} | box {address,public?,deliverOn?} | login {address} | evidences. */
  adminUrl: string;
  stop(): Promise<void>;
  injectFault(fault: FaultInjection | null): Promise<void>;
  /** Moves the simulator's clock (on top of the injected one) and issues what became due. */
  advance(ms: number): Promise<void>;
  now(): Date;
  /** A letter from `from` put into `to`'s INBOX with D.1 at `d1` (default now): a Stub when `to` is non-public. */
  injectIncoming(input: { from: string; to: string; subject: string; caseId?: string; text?: string; d1?: Date; files?: { name: string; contentType: string; bytes: Uint8Array }[] }): Promise<string>;
  /** The box "logs in": a public addressee's letters awaiting login get E.1 + BP.OX/BP.OP now. */
  login(box: string): Promise<number>;
  /** Messages of a box (any folder), as the simulator holds them. */
  messages(box: string): Message[];
  evidences(messageId: string): { meta: Evidence; bytes: Uint8Array }[];
  /** Requests/answers that broke the contract (should stay empty). */
  contractProblems(): { op: string; problems: ContractProblem[] }[];
  /** Every API request as received (method, path, content type), for tests. */
  requests(): { method: string; path: string; contentType: string | null }[];
}

export async function startEdoreczeniaSimulator(opts: SimulatorOptions): Promise<EdoreczeniaSimulator> {
  const baseClock = opts.clock ?? (() => new Date());
  let offset = 0;
  const now = () => new Date(baseClock().getTime() + offset);
  const logger = opts.logger ?? silentLogger;
  const contract = loadContractValidator();
  const seal = pemKeySigner(opts.seal.certPem, opts.seal.keyPem);
  // The PDF twins are sealed by the app's own PAdES signer over the same key.
  const pdfSigner = createFileSigner({ certPem: opts.seal.certPem, keyPem: opts.seal.keyPem, label: 'e-Doręczenia simulator seal' });
  const pdfSeal = { signer: pdfSigner, certificateId: (await pdfSigner.listCertificates())[0]!.id, certificateDer: new Uint8Array(new X509Certificate(opts.seal.certPem).raw) };
  const sealCert = new X509Certificate(opts.seal.certPem);
  const sealInfo = { issuer: sealCert.issuer.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? sealCert.issuer, validFrom: new Date(sealCert.validFrom).toISOString(), validTo: new Date(sealCert.validTo).toISOString(), serial: sealCert.serialNumber };
  const storage = mkdtempSync(join(tmpdir(), 'nadawca-edor-sim-'));
  const boxes = new Map(opts.boxes.map((b) => [b.address, b]));
  const jsonLimit = opts.jsonAttachmentLimit ?? JSON_ATTACHMENT_LIMIT;
  const messages = new Map<string, SimMessage>();
  const evidences = new Map<string, StoredEvidence>();
  const tasks = new Map<string, Task>();
  const tokens = new Map<string, { client: SimClient; expires: number }>();
  const assertionsSeen = createReplayCache();
  const problems: { op: string; problems: ContractProblem[] }[] = [];
  const log: { method: string; path: string; contentType: string | null }[] = [];
  let fault: { kind: FaultKind; remaining: number; path?: string } | null = null;
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${String(++counter).padStart(6, '0')}-${randomBytes(4).toString('hex').toUpperCase()}`;

  const take = (kinds: FaultKind[], path: string): FaultKind | null => {
    if (!fault || !kinds.includes(fault.kind) || (fault.path && !path.includes(fault.path))) return null;
    const k = fault.kind;
    if (--fault.remaining <= 0) fault = null;
    return k;
  };

  const party = (address: string): Party => {
    const b = boxes.get(address);
    return { address, name: b?.name ?? address, ...(b?.person ? { person: b.person } : {}) };
  };

  const TWINS: Record<string, 'BP.WP' | 'BP.OP'> = { 'BP.WX': 'BP.WP', 'BP.OX': 'BP.OP' };

  /** The facts of a proof (BP.WX/BP.OX and their PDF twins state the same). */
  function proofOf(msg: SimMessage, kind: 'BP.OX' | 'BP.WX', evidenceId: string, at: Date, extra: Partial<Evidence>): ProofInput {
    const from = msg.body.messageMetadata?.from?.eDeliveryAddress ?? msg.box;
    const to = msg.body.messageMetadata?.to?.[0]?.eDeliveryAddress ?? '';
    return {
      kind, evidenceId, messageId: msg.id, sender: party(from), addressee: party(to),
      submittedAt: new Date(msg.body.messageMetadata?.submissionDate ?? at), acceptedAt: new Date(msg.body.messageMetadata?.eventDate ?? at),
      ...(kind === 'BP.OX' ? { madeAvailableAt: msg.d1 ?? at, handedOverAt: at, deemed: extra.reasonId === 'DEEMED' } : {}),
      attachments: msg.files.map((f) => ({ id: f.attachmentId, name: f.meta.filename ?? '', size: f.meta.size ?? 0 })),
      sealCertificate: sealInfo,
    };
  }

  /** Issues one evidence; a BP.WX/BP.OX is followed by its PDF twin (BP.WP/BP.OP), same moment and facts. */
  async function issue(msg: SimMessage, type: Evidence['type'] & string, at: Date, extra: Partial<Evidence> = {}, twinOf?: { kind: 'BP.OX' | 'BP.WX'; evidenceId: string }): Promise<void> {
    const evidenceId = nextId(type.replace('.', ''));
    const from = msg.body.messageMetadata?.from?.eDeliveryAddress ?? msg.box;
    const to = msg.body.messageMetadata?.to?.[0]?.eDeliveryAddress ?? '';
    const tamper = take(['badEvidenceSeal'], type) !== null;
    const bytes = twinOf
      ? await sealedProofPdf({ ...proofOf(msg, twinOf.kind, twinOf.evidenceId, at, extra), pdfEvidenceId: evidenceId }, pdfSeal, at, storage, tamper)
      : await sealEvidence(type === 'BP.OX' || type === 'BP.WX'
        ? proofXml(proofOf(msg, type, evidenceId, at, extra))
        : etsiXml({ type: type as 'A.1', evidenceId, messageId: msg.id, eventTime: at, sender: from, recipient: to, ...(extra.reasonDetails ? { reason: extra.reasonDetails.join(', ') } : {}) }), seal, at, evidenceId, tamper);
    // The sender's copy of the message carries its evidences; the addressee sees D.1/E.1 and the receipt proofs on its own copy too.
    for (const holder of [msg, msg.peer].filter((m): m is SimMessage => !!m)) {
      const meta: Evidence = { evidenceId, messageId: holder.id, type, createDate: at.toISOString(), eventDate: at.toISOString(), downloaded: false, externalData: `${API_BASE}/${encodeURIComponent(holder.box)}/evidences/purde/${evidenceId}`, from: { eDeliveryAddress: from }, to: { eDeliveryAddress: to }, ...extra };
      if (holder !== msg && !['D.1', 'E.1', 'BP.OX', 'BP.OP'].includes(type)) continue;
      evidences.set(`${holder.box}|${evidenceId}`, { meta, bytes, box: holder.box });
      (holder.body.evidences ??= []).push(meta);
    }
    const twin = TWINS[type];
    if (twin) await issue(msg, twin, at, extra, { kind: type as 'BP.OX' | 'BP.WX', evidenceId });
  }

  function setStatus(msg: SimMessage, status: Status, extra: Partial<components['schemas']['MessageMetadata']> = {}): void {
    for (const m of [msg, msg.peer].filter((x): x is SimMessage => !!x)) {
      m.body.messageControlData = { ...m.body.messageControlData, status };
      m.body.messageMetadata = { ...m.body.messageMetadata!, ...extra };
    }
  }

  /** E.1 + BP.OX on collection (or at once for a public addressee). */
  async function deliver(sent: SimMessage, at: Date): Promise<void> {
    await issue(sent, 'E.1', at);
    await issue(sent, 'BP.OX', at);
    setStatus(sent, 'Doręczona', { receiptDate: at.toISOString() });
  }

  const deliverOn = (b: SimBox): DeliverOn => b.deliverOn ?? opts.publicDeliverOn ?? 'arrival';

  /** The box logs in: its letters awaiting that get E.1 + BP.OX/BP.OP now (COI UC006: moved when the addressee authenticates). */
  async function login(box: string): Promise<number> {
    const waiting = [...messages.values()].filter((m) => m.box === box && m.awaitingLogin && m.peer);
    for (const m of waiting) m.awaitingLogin = false; // before awaiting: concurrent requests deliver once
    for (const m of waiting) await deliver(m.peer!, now());
    return waiting.length;
  }

  /** Deemed deliveries whose time came (R13), issued lazily before each request and on advance(). */
  async function issueDue(): Promise<void> {
    const t = now();
    for (const m of messages.values()) {
      if (m.folder !== 'INBOX' || !m.stub || !m.d1 || !m.senderPublic || m.deemedIssued || m.body.messageControlData?.opened) continue;
      const due = deemedDelivery(m.d1, opts.deemedMode);
      m.body.messageControlData!.daysToReceive = daysToReceive(m.d1, t);
      if (t < due.issueAt || !m.peer) continue;
      m.deemedIssued = true;
      await issue(m.peer, 'BP.OX', due.issueAt, { reasonId: 'DEEMED' });
      setStatus(m.peer, 'Uznana za doręczoną', { receiptDate: new Date(`${due.deemedDate}T00:00:00Z`).toISOString() });
    }
  }

  async function runSendTask(task: Task, draft: SimMessage): Promise<void> {
    const rejected = take(['rejectSend'], '') !== null;
    const at = now();
    const meta = draft.body.messageMetadata!;
    for (const to of meta.to ?? []) {
      const address = to.eDeliveryAddress ?? '';
      const sent: SimMessage = {
        id: nextId('MSG'), box: draft.box, folder: 'SENT', files: draft.files, stub: false,
        body: {
          ...draft.body, messageMetadata: { ...meta, to: [to], submissionDate: at.toISOString(), eventDate: at.toISOString(), timestamp: at.toISOString() },
          messageControlData: { messageType: 'Message', opened: false, status: 'W trakcie weryfikacji', messageTaskId: task.id, labels: [{ label: 'SENT', messageLocation: 'SENT' }] },
          evidences: [],
        },
      };
      sent.body.messageMetadata!.messageId = sent.id;
      messages.set(sent.id, sent);
      const addressee = boxes.get(address);
      if (rejected || !addressee) {
        const reason = !addressee ? 'Adres do doręczeń elektronicznych nie istnieje, The electronic delivery address does not exist' : 'Wiadomość odrzucona (symulowane), Message rejected (simulated)';
        await issue(sent, 'A.2', at, { reasonDetails: [reason] });
        setStatus(sent, 'Odrzucona');
        sent.body.messageControlData!.statusDescription = reason;
        task.results.push({ messageId: sent.id, addressee: { eDeliveryAddress: address }, addresseeAde: address, status: 'Odrzucona', error: 'REJECTED', error_description: reason } as never);
        continue;
      }
      await issue(sent, 'A.1', at);
      setStatus(sent, 'Nadana');
      const senderBox = boxes.get(draft.box);
      if (senderBox?.public || addressee.public) await issue(sent, 'BP.WX', at);
      const inbox: SimMessage = {
        id: nextId('MSG'), box: address, folder: 'INBOX', files: draft.files, stub: !addressee.public, d1: at, senderPublic: !!senderBox?.public, pendingRead: opts.pendingOnFirstRead ?? true, peer: sent,
        body: {
          ...structuredClone(sent.body), evidences: [],
          messageControlData: { messageType: addressee.public ? 'Message' : 'Stub', opened: false, status: 'Czeka na doręczenie', labels: [{ label: 'INBOX', messageLocation: 'INBOX' }] },
        },
      };
      inbox.body.messageMetadata!.messageId = inbox.id;
      sent.peer = inbox;
      messages.set(inbox.id, inbox);
      await issue(sent, 'D.1', at);
      setStatus(sent, 'Czeka na doręczenie');
      if (addressee.public && deliverOn(addressee) === 'login') inbox.awaitingLogin = true;
      else if (addressee.public) await deliver(sent, at);
      else if (senderBox?.public) inbox.body.messageControlData!.daysToReceive = daysToReceive(at, at);
      task.results.push({ messageId: sent.id, addressee: { eDeliveryAddress: address }, addresseeAde: address, status: 'OK' } as never);
    }
    messages.delete(draft.id);
    task.status = 'FINISHED';
  }

  // ---- HTTP plumbing -------------------------------------------------------------------------

  const errors = (res: ServerResponse, list: RuleViolation[], status = 400) => json(res, status, list);
  function json(res: ServerResponse, status: number, body: unknown, op?: MatchedOperation, truncate = false): void {
    if (op) {
      const p = contract.response(op, { status, contentType: 'application/json', body });
      if (p.length) {
        problems.push({ op: `${op.method} ${op.template} → ${status}`, problems: p });
        logger.error('e-Doręczenia simulator: answer breaks the contract', { op: op.template, problems: JSON.stringify(p) });
      }
    }
    let text = JSON.stringify(body);
    if (truncate) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(text);
  }
  const readBody = async (req: IncomingMessage, limit: number): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > limit) throw Object.assign(new Error('too large'), { tooLarge: true });
      chunks.push(c);
    }
    return Buffer.concat(chunks);
  };

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    const refuse = (description: string) => void res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: description }));
    // private_key_jwt (RFC 7523): a client registered with a certificate signs an assertion instead of sending a secret.
    const byAssertion = form.has('client_assertion');
    let client: SimClient | undefined;
    if (byAssertion && form.get('grant_type') === 'client_credentials') {
      const verdict = await verifyClientAssertion(form, { clients: opts.clients, audience: `${origin}${TOKEN_PATH}`, now: now(), replay: assertionsSeen });
      if ('refused' in verdict) return refuse(verdict.refused);
      client = verdict.client;
    } else {
      client = opts.clients.find((c) => c.clientSecret !== undefined && c.clientId === form.get('client_id') && c.clientSecret === form.get('client_secret'));
    }
    if (form.get('grant_type') !== 'client_credentials' || !client) return refuse('Nieprawidłowy identyfikator lub sekret klienta');
    // A secret needs the registered certificate over mutual TLS; an assertion proved the key, and a certificate presented as well must be the same.
    const presented = !!(req.socket as TLSSocket).getPeerCertificate?.()?.raw;
    if (client.certificatePem && (!byAssertion || presented) && !certificateMatches(req, client.certificatePem)) return refuse('Certyfikat klienta nie jest zarejestrowany dla tego systemu (mTLS)');
    const t = randomBytes(24).toString('base64url');
    tokens.set(t, { client, expires: now().getTime() + 300_000 });
    await login(client.box); // a public body "logs in" to its box by authenticating (deliverOn 'login')
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ access_token: t, token_type: 'Bearer', expires_in: 300, scope: (client.scopes ?? SCOPES).join(' ') }));
  }

  function certificateMatches(req: IncomingMessage, pem: string): boolean {
    const peer = (req.socket as TLSSocket).getPeerCertificate?.();
    if (!peer?.raw) return false;
    return Buffer.from(peer.raw).equals(new X509Certificate(pem).raw);
  }

  const requiredScope = (op: MatchedOperation): string => {
    const settings = /settings|directories|rule|subscriptions|notification/.test(op.template);
    const write = op.method !== 'GET' && !(op.method === 'POST' && op.template.endsWith('/attachments/download'));
    return `${write ? 'write' : 'read'}_${settings ? 'settings' : 'messages'}`;
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(API_BASE.length);
    const method = req.method ?? 'GET';
    const contentType = req.headers['content-type'] ?? null;
    log.push({ method, path, contentType });
    const op = contract.match(method, path);
    if (!op) return errors(res, [{ error: 'NOT_FOUND', error_description: `${method} ${path} nie istnieje w UA API` }], 404);
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const session = auth ? tokens.get(auth) : undefined;
    if (take(['expiredToken'], path) || !session || session.expires < now().getTime()) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer error="invalid_token"' }).end(JSON.stringify({ error: 'invalid_token', error_description: 'Token wygasł lub jest nieprawidłowy' }));
      return;
    }
    const box = op.params.eDeliveryAddress;
    if (box !== undefined && box !== session.client.box) return errors(res, [{ error: 'FORBIDDEN', error_description: `Brak uprawnień do skrzynki ${box}` }], 403);
    const scope = requiredScope(op);
    if (!(session.client.scopes ?? SCOPES).includes(scope)) return errors(res, [{ error: 'FORBIDDEN', error_description: `Brak zakresu ${scope}` }], 403);
    if (take(['tooManyRequests'], path)) return errors(res, [{ error: 'TOO_MANY_REQUESTS', error_description: 'Zbyt wiele żądań' }], 429);

    // Bodies: JSON is read (bounded by the JSON attachment limit × 4/3 for base64), multipart streamed to disk.
    let body: unknown = undefined;
    let upload: { path: string; sha3: string; size: number; fields: Record<string, string> } | null = null;
    const media = contentType?.split(';')[0]?.trim().toLowerCase();
    if (media === 'multipart/form-data') {
      const file = join(storage, nextId('UP'));
      const hash = createHash('sha3-256');
      let out: WriteStream | null = null;
      const parsed = await readMultipart(req, contentType!, () => {
        out = createWriteStream(file);
        return {
          write: (chunk) => {
            hash.update(chunk);
            if (!out!.write(chunk)) return new Promise<void>((r) => out!.once('drain', () => r()));
          },
          end: () => new Promise<void>((r, j) => out!.end((e?: Error | null) => (e ? j(e) : r()))),
        };
      });
      body = { ...parsed.fields, ...(parsed.file ? { file: '(binary)' } : {}) };
      if (parsed.file) upload = { path: file, sha3: hash.digest('base64'), size: parsed.file.size, fields: { ...parsed.fields, ...(parsed.fields.filename ? {} : { filename: parsed.file.filename ?? '' }) } };
    } else if (method !== 'GET' && method !== 'DELETE') {
      try {
        const raw = await readBody(req, Math.ceil(jsonLimit * 4 / 3) + 1024 * 1024);
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch (e) {
        if ((e as { tooLarge?: boolean }).tooLarge) return errors(res, [{ error: 'ATTACHMENT_TOO_LARGE', error_description: `Załącznik przekracza ${jsonLimit} B ścieżki JSON; użyj /attachments/upload` }], 413);
        return errors(res, [{ error: 'INVALID_JSON', error_description: 'Treść żądania nie jest poprawnym JSON' }]);
      }
    }
    const requestProblems = contract.request(op, { query: url.searchParams, contentType, body });
    if (requestProblems.length) return json(res, 400, requestProblems.map((p) => ({ error: 'CONTRACT_VIOLATION', error_description: `${p.where}: ${p.message}` })), op);

    switch (take(['timeout', 'http500'], path)) {
      case 'timeout': return; // the socket stays open until the client gives up
      case 'http500':
        res.writeHead(500, { 'Content-Type': 'text/html' }).end('<html><body><h1>500 Internal Server Error</h1></body></html>');
        return;
      default: break;
    }
    await issueDue();
    await login(session.client.box);
    const result = await route(op, url, body, upload, box!);
    const after = result.status < 300 ? take(['malformed', 'dropAfterReceive'], path) : null;
    if (after === 'dropAfterReceive') { req.socket.destroy(); return; }
    if ('file' in result) {
      const p = contract.response(op, { status: result.status, contentType: result.contentType, body: null });
      if (p.length) problems.push({ op: `${op.method} ${op.template}`, problems: p });
      res.writeHead(result.status, { 'Content-Type': result.contentType, 'Content-Length': String(result.size) });
      if (result.file instanceof Uint8Array) res.end(result.file);
      else createReadStream(result.file).pipe(res);
      return;
    }
    json(res, result.status, result.body, op, after === 'malformed');
  }

  type Result = { status: number; body: unknown } | { status: number; contentType: string; file: string | Uint8Array; size: number };
  const fail = (error: string, description: string, status = 400): Result => ({ status, body: [{ error, error_description: description }] });

  const boxMessage = (box: string, id: string | undefined): SimMessage | undefined => {
    const m = id ? messages.get(id) : undefined;
    return m && m.box === box ? m : undefined;
  };
  const view = (m: SimMessage, format: string): Message => {
    const b = structuredClone(m.body);
    if (format === 'minimal') return { messageMetadata: { messageId: m.id, shippingService: b.messageMetadata!.shippingService }, messageControlData: { messageType: b.messageControlData?.messageType ?? 'Message' } };
    if (format === 'metadata') { delete b.attachments; delete b.evidences; delete b.textBody; }
    if (format === 'full' || format === 'fullExtended') {
      b.attachments = m.files.map((f, i) => ({ order: i + 1, attachmentId: f.attachmentId, file: { fileMetadata: f.meta } }));
    }
    return b;
  };

  function draftChecks(msg: Message, box: string): RuleViolation[] {
    const meta = msg.messageMetadata;
    const v: RuleViolation[] = [];
    if (!meta?.to?.length && !meta?.subject && !msg.textBody) v.push({ error: 'DRAFT_EMPTY', error_description: 'Wymagany adresat, temat lub treść (UC008)' });
    if ((meta?.to?.length ?? 0) > MAX_RECIPIENTS) v.push({ error: 'R2_RECIPIENTS', error_description: `Najwyżej ${MAX_RECIPIENTS} adresatów w trybie standardowym (R2)` });
    if (meta?.from?.eDeliveryAddress && meta.from.eDeliveryAddress !== box) v.push({ error: 'FROM_MISMATCH', error_description: 'Nadawca musi być właścicielem skrzynki' });
    return v;
  }

  async function storeAttachment(draft: SimMessage, meta: FileMetadata, path: string, size: number, sha3: string): Promise<Result> {
    const violations = attachmentViolations(meta.filename, meta.contentType, draft.files.map((f) => f.meta.filename ?? ''));
    if (meta.hash && meta.hash !== sha3) violations.push({ error: 'HASH_MISMATCH', error_description: 'Skrót SHA-3 nie zgadza się z treścią pliku' });
    if (violations.length) { rmSync(path, { force: true }); return { status: 400, body: violations }; }
    const stored: StoredFile = { meta: { ...meta, size, alg: 'SHA-3', hash: sha3 }, path, attachmentId: nextId('ATT') };
    draft.files.push(stored);
    return { status: 200, body: { attachmentId: stored.attachmentId, fileMetadata: stored.meta } };
  }

  async function route(op: MatchedOperation, url: URL, body: unknown, upload: { path: string; sha3: string; size: number; fields: Record<string, string> } | null, box: string): Promise<Result> {
    const q = url.searchParams;
    const p = op.params;
    const key = `${op.method} ${op.template.replace('/{eDeliveryAddress}', '')}`;
    switch (key) {
      case 'POST /drafts': {
        const msg = body as Message;
        const v = draftChecks(msg, box);
        if (v.length) return { status: 400, body: v };
        const id = nextId('DRAFT');
        messages.set(id, { id, box, folder: 'DRAFTS', files: [], stub: false, body: { ...msg, messageMetadata: { ...msg.messageMetadata!, messageId: id, from: { eDeliveryAddress: box } }, messageControlData: { messageType: 'Message', labels: [{ label: 'DRAFTS', messageLocation: 'DRAFTS' }] } } });
        return { status: 200, body: { messageId: id } };
      }
      case 'GET /drafts': {
        const list = [...messages.values()].filter((m) => m.box === box && m.folder === 'DRAFTS');
        return { status: 200, body: { messages: list.map((m) => view(m, 'metadata')), resultSize: list.length, total: list.length } };
      }
      case 'GET /drafts/{messageId}': {
        const d = boxMessage(box, p.messageId);
        return d?.folder === 'DRAFTS' ? { status: 200, body: view(d, q.get('format') ?? 'full') } : fail('NOT_FOUND', `Brak wiadomości roboczej ${p.messageId}`);
      }
      case 'PUT /drafts/{messageId}': {
        const d = boxMessage(box, p.messageId);
        if (d?.folder !== 'DRAFTS') return fail('NOT_FOUND', `Brak wiadomości roboczej ${p.messageId}`);
        const msg = body as Message;
        const v = draftChecks(msg, box);
        const known = new Set(d.files.map((f) => f.attachmentId));
        for (const a of msg.attachments ?? []) if (a.attachmentId && !known.has(a.attachmentId)) v.push({ error: 'ATTACHMENT_UNKNOWN', error_description: `Załącznik ${a.attachmentId} nie należy do wiadomości (UC026)` });
        if (v.length) return { status: 400, body: v };
        const order = new Map((msg.attachments ?? []).map((a) => [a.attachmentId, a.order ?? 0]));
        d.files.sort((a, b) => (order.get(a.attachmentId) ?? 0) - (order.get(b.attachmentId) ?? 0));
        d.body = { ...msg, messageMetadata: { ...msg.messageMetadata!, messageId: d.id, from: { eDeliveryAddress: box } }, messageControlData: d.body.messageControlData };
        return { status: 200, body: { messageId: d.id } };
      }
      case 'DELETE /drafts/{messageId}': {
        const ids = (p.messageId ?? '').split(',');
        if (ids.some((id) => boxMessage(box, id)?.folder !== 'DRAFTS')) return fail('NOT_FOUND', 'Nie wszystkie wiadomości robocze istnieją (R10: wszystkie albo żadna)');
        for (const id of ids) messages.delete(id);
        return { status: 200, body: ids.map((messageId) => ({ messageId })) };
      }
      case 'POST /drafts/{messageId}/attachments': {
        const d = boxMessage(box, p.messageId);
        if (d?.folder !== 'DRAFTS') return fail('NOT_FOUND', `Brak wiadomości roboczej ${p.messageId}`);
        const data = body as components['schemas']['FileData'];
        const bytes = Buffer.from(data.file ?? '', 'base64');
        if (bytes.length > jsonLimit) return fail('ATTACHMENT_TOO_LARGE', `Załącznik ma ${bytes.length} B, ścieżka JSON przyjmuje do ${jsonLimit} B; użyj /attachments/upload`);
        const file = join(storage, nextId('UP'));
        writeFileSync(file, bytes);
        return storeAttachment(d, data.fileMetadata!, file, bytes.length, createHash('sha3-256').update(bytes).digest('base64'));
      }
      case 'POST /{messageId}/attachments/upload': {
        const d = boxMessage(box, p.messageId);
        if (d?.folder !== 'DRAFTS' || !upload) { if (upload) rmSync(upload.path, { force: true }); return fail('NOT_FOUND', `Brak wiadomości roboczej ${p.messageId}`); }
        if (upload.fields.size && Number(upload.fields.size) !== upload.size) { rmSync(upload.path, { force: true }); return fail('SIZE_MISMATCH', `Zadeklarowano ${upload.fields.size} B, otrzymano ${upload.size} B`); }
        return storeAttachment(d, { fileId: randomBytes(16).toString('hex').toUpperCase(), filename: upload.fields.filename, contentType: upload.fields.contentType, ...(upload.fields.description ? { description: upload.fields.description } : {}) }, upload.path, upload.size, upload.sha3);
      }
      case 'GET /drafts/{messageId}/attachments/{attachmentId}':
      case 'GET /messages/{messageId}/attachments/{attachmentId}': {
        const f = boxMessage(box, p.messageId)?.files.find((x) => x.attachmentId === p.attachmentId);
        if (!f) return fail('NOT_FOUND', `Brak załącznika ${p.attachmentId}`);
        return key.startsWith('GET /drafts')
          ? { status: 200, body: { attachmentId: f.attachmentId, fileMetadata: f.meta } }
          : { status: 200, contentType: 'application/octet-stream', file: f.path, size: f.meta.size ?? 0 };
      }
      case 'POST /attachments/download': {
        const { messageId, attachmentId } = body as { messageId: string; attachmentId: string };
        const f = boxMessage(box, messageId)?.files.find((x) => x.attachmentId === attachmentId);
        return f ? { status: 200, contentType: 'application/octet-stream', file: f.path, size: f.meta.size ?? 0 } : fail('NOT_FOUND', `Brak załącznika ${attachmentId}`);
      }
      case 'DELETE /drafts/{messageId}/attachments/{attachmentId}': {
        const d = boxMessage(box, p.messageId);
        const i = d?.files.findIndex((x) => x.attachmentId === p.attachmentId) ?? -1;
        if (!d || i < 0) return fail('NOT_FOUND', `Brak załącznika ${p.attachmentId}`);
        d.files.splice(i, 1);
        return { status: 200, body: { status: 'OK' } };
      }
      case 'POST /drafts/send': {
        const d = boxMessage(box, (body as { messageId: string }).messageId);
        if (d?.folder !== 'DRAFTS') return fail('NOT_FOUND', 'Brak wiadomości roboczej');
        if (!d.body.messageMetadata?.to?.length) return fail('NO_RECIPIENT', 'Wiadomość nie ma adresata');
        d.folder = 'OUTBOX';
        const task: Task = { id: nextId('TASK'), box, status: 'PENDING', results: [] };
        tasks.set(task.id, task);
        setTimeout(() => { runSendTask(task, d).catch((e: unknown) => { logger.error('e-Doręczenia simulator: send task failed', { error: String(e) }); d.folder = 'DRAFTS'; task.status = 'FINISHED'; }); }, opts.taskDelayMs ?? 20).unref();
        return { status: 202, body: { messageTaskId: task.id } };
      }
      case 'GET /messages/tasks/{messageTaskId}/status': {
        const t = tasks.get(p.messageTaskId ?? '');
        return t?.box === box ? { status: 200, body: { messageTaskStatus: t.status } } : fail('NOT_FOUND', `Brak zadania ${p.messageTaskId}`);
      }
      case 'GET /messages/tasks/{messageTaskId}': {
        const t = tasks.get(p.messageTaskId ?? '');
        return t?.box === box ? { status: 200, body: t.results } : fail('NOT_FOUND', `Brak zadania ${p.messageTaskId}`);
      }
      case 'GET /messages': {
        const label = q.get('label');
        if (label === 'DRAFTS') return fail('LABEL_NOT_ALLOWED', 'Etykieta DRAFTS nie jest dozwolona (UC005)');
        let list = [...messages.values()].filter((m) => m.box === box && m.folder !== 'DRAFTS' && (!label || m.folder === label));
        const opened = q.get('opened');
        if (opened) list = list.filter((m) => String(!!m.body.messageControlData?.opened) === opened);
        list.sort((a, b) => (b.body.messageMetadata?.timestamp ?? '').localeCompare(a.body.messageMetadata?.timestamp ?? ''));
        const total = list.length;
        const offsetQ = Number(q.get('offset') ?? 0);
        list = list.slice(offsetQ, offsetQ + Number(q.get('limit') ?? 20));
        return { status: 200, body: { messages: list.map((m) => view(m, q.get('format') ?? 'minimal')), resultSize: list.length, total } };
      }
      case 'GET /messages/{messageId}': {
        const ids = (p.messageId ?? '').split(',');
        const found = ids.map((id) => boxMessage(box, id));
        if (found.some((m) => !m || m.folder === 'DRAFTS')) return fail('NOT_FOUND', 'Nie znaleziono wiadomości');
        const format = q.get('format') ?? 'full';
        const full = format === 'full' || format === 'fullExtended';
        if (full) {
          for (const m of found as SimMessage[]) {
            if (m.stub && m.pendingRead) { m.pendingRead = false; return { status: 202, body: { status: 'PENDING' } }; }
          }
          for (const m of found as SimMessage[]) {
            if (m.body.messageControlData?.opened) continue;
            m.body.messageControlData!.opened = true;
            if (m.stub && m.peer && !m.deemedIssued) {
              m.stub = false;
              m.body.messageControlData!.messageType = 'Message';
              delete m.body.messageControlData!.daysToReceive;
              await deliver(m.peer, now());
              m.deemedIssued = true;
            }
          }
        }
        return { status: 200, body: (found as SimMessage[]).map((m) => view(m, format)) };
      }
      case 'GET /messages/{messageId}/evidences': {
        const m = boxMessage(box, p.messageId);
        if (!m) return fail('NOT_FOUND', `Brak wiadomości ${p.messageId}`);
        const type = q.get('type');
        return { status: 200, body: { evidences: (m.body.evidences ?? []).filter((e) => !type || e.type === type) } };
      }
      case 'GET /messages/evidences': {
        const list = [...evidences.values()].filter((e) => e.box === box).map((e) => e.meta);
        return { status: 200, body: { evidences: list } };
      }
      case 'GET /messages/evidences/{evidenceId}': {
        const e = evidences.get(`${box}|${p.evidenceId}`);
        return e ? { status: 200, body: e.meta } : fail('NOT_FOUND', `Brak dowodu ${p.evidenceId}`);
      }
      case 'GET /evidences/{messageType}/{evidenceId}': {
        const e = evidences.get(`${box}|${p.evidenceId}`);
        if (!e) return fail('NOT_FOUND', `Brak dowodu ${p.evidenceId}`);
        e.meta.downloaded = true;
        return { status: 200, contentType: 'application/octet-stream', file: e.bytes, size: e.bytes.length };
      }
      case 'GET /threads': {
        const byThread = new Map<string, SimMessage[]>();
        for (const m of messages.values()) if (m.box === box && m.folder !== 'DRAFTS') {
          const t = m.body.messageMetadata?.threadId ?? m.id;
          byThread.set(t, [...(byThread.get(t) ?? []), m]);
        }
        return { status: 200, body: { total: byThread.size, Thread: [...byThread].map(([threadId, ms]) => ({ threadId, firstMessageTitle: ms[0]!.body.messageMetadata?.subject ?? '', messagesCount: ms.length, opened: ms.every((m) => !!m.body.messageControlData?.opened) })) } };
      }
      case 'GET /threads/{threadId}': {
        const ms = [...messages.values()].filter((m) => m.box === box && m.folder !== 'DRAFTS' && (m.body.messageMetadata?.threadId ?? m.id) === p.threadId);
        return { status: 200, body: { threadId: p.threadId, messages: { messages: ms.map((m) => view(m, 'metadata')), resultSize: ms.length, total: ms.length } } };
      }
      case 'GET /directories':
        return { status: 200, body: ['INBOX', 'OUTBOX', 'SENT', 'TRASH', 'DRAFTS'].map((label) => ({ directoryId: label, name: label, label, type: 'predefined' })) };
      case 'GET /settings': {
        const used = [...messages.values()].filter((m) => m.box === box).reduce((s, m) => s + m.files.reduce((t, f) => t + (f.meta.size ?? 0), 0), 0);
        return { status: 200, body: { settings: { totalCapacity: String(boxes.get(box)?.totalCapacityMb ?? 10_240), usedCapacity: String(Math.ceil(used / 1048576)) } } };
      }
      default:
        return fail('NOT_SUPPORTED', `${op.method} ${op.template} nie jest obsługiwane przez symulator`);
    }
  }

  // ---- admin (DOMAIN-inboxes §8.2.9): for the simulator running in its own process -----------

  async function admin(req: IncomingMessage, res: ServerResponse, what: string): Promise<void> {
    const input = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8') || '{}') as Record<string, unknown>;
    const reply = (body: unknown): void => { res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)); };
    switch (what) {
      case 'clock':
        await sim.advance(Number(input.advanceMs ?? 0));
        return reply({ now: now().toISOString() });
      case 'fault':
        await sim.injectFault(input.kind ? (input as unknown as FaultInjection) : null);
        return reply({ ok: true });
      case 'incoming': {
        const files = ((input.files ?? []) as { name: string; contentType: string; base64: string }[]).map((f) => ({ name: f.name, contentType: f.contentType, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) }));
        const id = await sim.injectIncoming({ from: String(input.from), to: String(input.to), subject: String(input.subject ?? ''), ...(input.caseId ? { caseId: String(input.caseId) } : {}), ...(input.text ? { text: String(input.text) } : {}), ...(input.d1 ? { d1: new Date(String(input.d1)) } : {}), files });
        return reply({ messageId: id });
      }
      case 'box': {
        const b = boxes.get(String(input.address));
        if (!b) return void res.writeHead(404).end();
        if (input.public !== undefined) b.public = !!input.public;
        if (input.deliverOn === 'arrival' || input.deliverOn === 'login') b.deliverOn = input.deliverOn;
        else if (input.deliverOn !== undefined) return void res.writeHead(400).end();
        return reply(b);
      }
      case 'login': {
        if (!boxes.has(String(input.address))) return void res.writeHead(404).end();
        return reply({ delivered: await sim.login(String(input.address)) });
      }
      case 'evidences':
        return reply([...evidences.values()].map((e) => ({ ...e.meta, box: e.box, base64: Buffer.from(e.bytes).toString('base64') })));
      default:
        res.writeHead(404).end();
    }
  }

  // ---- server ------------------------------------------------------------------------------

  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname === TOKEN_PATH && req.method === 'POST' ? token(req, res)
      : url.pathname.startsWith(`${API_BASE}/`) ? api(req, res, url)
        : url.pathname.startsWith(ADMIN) && req.method === 'POST' ? admin(req, res, url.pathname.slice(ADMIN.length))
        : Promise.resolve(void res.writeHead(404).end());
    work.catch((e: unknown) => {
      logger.error('e-Doręczenia simulator: request failed', { error: String((e as Error)?.stack ?? e) });
      if (!res.headersSent) json(res, 400, [{ error: 'BAD_REQUEST', error_description: String((e as Error)?.message ?? e) }]);
      else res.destroy();
    });
  };
  const server: Server = opts.tls
    ? createHttpsServer({ cert: opts.tls.certPem, key: opts.tls.keyPem, ...(opts.tls.clientCaPem ? { ca: opts.tls.clientCaPem, requestCert: true, rejectUnauthorized: true } : {}) }, handler)
    : createHttpServer(handler);
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('secureConnection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve((server.address() as { port: number }).port); });
  });
  const close = () => new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
  const port = await listen(opts.port ?? 0);
  const origin = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  const sim: EdoreczeniaSimulator = {
    url: `${origin}${API_BASE}`,
    adminUrl: `${origin}${ADMIN}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    async stop() {
      await close();
      rmSync(storage, { recursive: true, force: true });
    },
    async injectFault(f) {
      if (fault?.kind === 'refuse' && f?.kind !== 'refuse') await listen(port);
      fault = f ? { kind: f.kind, remaining: f.times ?? 1, ...(f.path ? { path: f.path } : {}) } : null;
      if (f?.kind === 'refuse') await close();
    },
    async advance(ms) {
      offset += ms;
      await issueDue();
    },
    now,
    async injectIncoming(input) {
      const at = input.d1 ?? now();
      const sender = boxes.get(input.from);
      const files: StoredFile[] = (input.files ?? []).map((f) => {
        const path = join(storage, nextId('UP'));
        writeFileSync(path, f.bytes);
        return { path, attachmentId: nextId('ATT'), meta: { fileId: randomBytes(16).toString('hex').toUpperCase(), filename: f.name, contentType: f.contentType, size: f.bytes.length, alg: 'SHA-3', hash: createHash('sha3-256').update(f.bytes).digest('base64') } };
      });
      const metadata = { from: { eDeliveryAddress: input.from, ...(sender ? { contributor: { companyName: sender.name } } : {}) }, to: [{ eDeliveryAddress: input.to }], subject: input.subject, ...(input.caseId ? { caseId: input.caseId } : {}), shippingService: 'electronic' as const, submissionDate: at.toISOString(), eventDate: at.toISOString(), timestamp: at.toISOString() };
      const sent: SimMessage = { id: nextId('MSG'), box: input.from, folder: 'SENT', files, stub: false, body: { messageMetadata: metadata, textBody: input.text ?? '', messageControlData: { messageType: 'Message', status: 'Czeka na doręczenie', labels: [{ label: 'SENT', messageLocation: 'SENT' }] }, evidences: [] } };
      sent.body.messageMetadata!.messageId = sent.id;
      const addressee = boxes.get(input.to);
      const inbox: SimMessage = {
        id: nextId('MSG'), box: input.to, folder: 'INBOX', files, stub: !addressee?.public, d1: at, senderPublic: !!sender?.public, pendingRead: opts.pendingOnFirstRead ?? true, peer: sent,
        body: { messageMetadata: { ...metadata }, textBody: input.text ?? '', messageControlData: { messageType: addressee?.public ? 'Message' : 'Stub', opened: false, status: 'Czeka na doręczenie', labels: [{ label: 'INBOX', messageLocation: 'INBOX' }], ...(sender?.public && !addressee?.public ? { daysToReceive: daysToReceive(at, now()) } : {}) }, evidences: [] },
      };
      inbox.body.messageMetadata!.messageId = inbox.id;
      sent.peer = inbox;
      messages.set(sent.id, sent);
      messages.set(inbox.id, inbox);
      await issue(sent, 'A.1', at);
      await issue(sent, 'D.1', at);
      await issueDue();
      return inbox.id;
    },
    login,
    messages: (box) => [...messages.values()].filter((m) => m.box === box).map((m) => structuredClone(m.body)),
    evidences: (messageId) => [...evidences.values()].filter((e) => e.meta.messageId === messageId).map((e) => ({ meta: e.meta, bytes: e.bytes })),
    contractProblems: () => problems,
    requests: () => log,
  };
  return sim;
}
