/**
 * UA API client (contracts/edoreczenia/uaapi_3.0.8.1.yaml; types generated into api-types.ts).
 * Authentication as COI PT 4.3.1.1 describes for systems: an OAuth2 access token by
 * client_credentials — with a client secret, or without one by a JWT client assertion signed by
 * the system certificate (RFC 7523 private_key_jwt, client-assertion.ts) — over mutual TLS with the
 * system certificate when one is configured: from a PKCS#12 file, or with a key that stays on a
 * PKCS#11 token through the TLS tunnel host (signer/tls-tunnel.ts), where the runtime's OpenSSL can
 * use the token (not Electron's BoringSSL). In development and tests (`validate`), every request and answer is checked against
 * the contract and a violation is an error. Attachments above the JSON limit go through the
 * multipart upload path, streamed from disk; downloads are streamed to disk.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Agent as HttpsAgent } from 'node:https';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import axios, { AxiosError, type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import FormData from 'form-data';
import { AppError, isAppError } from '../../common/errors';
import { silentLogger, type Logger } from '../logger';
import type { TokenTlsAgent } from '../signer/tls-tunnel';
import type { XmlSigner } from '../xml/engine';
import type { components } from './api-types';
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from './client-assertion';
import { loadContractValidator } from './contract-validator';

export type Message = components['schemas']['Message'];
export type Evidence = components['schemas']['Evidence'];
export type FileMetadata = components['schemas']['FileMetadata'];
export type TaskResult = components['schemas']['MessageOperationResponseWrapperStatus'];

const SERVICE = 'e-Doręczenia';
/** COI UC024: above this the multipart upload path is used. */
export const JSON_UPLOAD_LIMIT = 15 * 1024 * 1024;

export interface EdoreczeniaClientOptions {
  /** Base URL including /api/v1. */
  baseUrl: string;
  tokenUrl: string;
  /** The box (ADE) the system acts for. */
  address: string;
  clientId: string;
  /** The client secret; without one, `assertionSigner` authenticates the client. */
  clientSecret?: string;
  /**
   * The system certificate that signs the JWT client assertion (PKCS#12 file or token), made on
   * first use. Used only when there is no client secret.
   */
  assertionSigner?: () => Promise<XmlSigner>;
  /**
   * Mutual TLS: the system certificate and key as PKCS#12, or an agent holding them on a token;
   * and the CAs the server may chain to.
   */
  tls?: { pfx?: Uint8Array; passphrase?: string; caPems?: string[]; tokenAgent?: TokenTlsAgent };
  /** Check traffic against the contract (development, tests). */
  validate?: boolean;
  timeoutMs?: number;
  logger?: Logger;
}

export interface AttachmentInput { path: string; filename: string; contentType: string; description?: string }

export function createEdoreczeniaClient(opts: EdoreczeniaClientOptions) {
  const logger = opts.logger ?? silentLogger;
  const box = encodeURIComponent(opts.address).replace(/%3A/g, ':'); // ':' is a legal pchar (DOMAIN-inboxes §2.1)
  const agent = opts.tls?.tokenAgent ?? (opts.tls ? new HttpsAgent({ keepAlive: true, ...(opts.tls.pfx ? { pfx: Buffer.from(opts.tls.pfx), passphrase: opts.tls.passphrase ?? '' } : {}), ...(opts.tls.caPems ? { ca: opts.tls.caPems } : {}) }) : undefined);
  const http: AxiosInstance = axios.create({
    baseURL: opts.baseUrl, timeout: opts.timeoutMs ?? 60_000, maxBodyLength: Infinity, maxContentLength: Infinity,
    // No redirects: follow-redirects keeps a copy of every request body to replay it, which would hold a whole upload in memory.
    maxRedirects: 0, validateStatus: () => true, ...(agent ? { httpsAgent: agent } : {}), proxy: false,
  });
  const contract = opts.validate ? loadContractValidator() : null;
  let token: { value: string; until: number } | null = null;
  let assertionSigner: Promise<XmlSigner> | null = null;

  /** The form authenticating this client: its secret, or a fresh signed assertion (never reused: jti). */
  async function clientAuthentication(): Promise<Record<string, string>> {
    if (opts.clientSecret !== undefined) return { client_id: opts.clientId, client_secret: opts.clientSecret };
    if (!opts.assertionSigner) throw new AppError('INVALID_INPUT', 'e-Doręczenia: neither a client secret nor a system certificate', { fields: ['clientSecret: or a system certificate'] });
    assertionSigner ??= opts.assertionSigner();
    const signer = await assertionSigner.catch((e: unknown) => {
      assertionSigner = null; // opened again next time (a file fixed, a token inserted)
      throw e;
    });
    const assertion = await signClientAssertion(signer, { clientId: opts.clientId, audience: opts.tokenUrl });
    return { client_id: opts.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion };
  }

  const unreachable = (e: unknown, sent: boolean) => {
    const err = e as AxiosError;
    if (isAppError(err.cause)) return err.cause; // the token agent's own, specific failure
    return new AppError('SERVICE_UNREACHABLE', `${SERVICE}: ${err.code ?? ''} ${err.message}`, { service: SERVICE, url: opts.baseUrl, sent });
  };
  /** A connection that never opened did not deliver anything; anything later may have. */
  const wasSent = (e: unknown) => !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'].includes((e as AxiosError).code ?? '');

  async function accessToken(force = false): Promise<string> {
    if (!force && token && token.until > Date.now()) return token.value;
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(await clientAuthentication()) });
    let r: AxiosResponse;
    try {
      r = await http.post(opts.tokenUrl, form.toString(), { baseURL: '', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    } catch (e) {
      throw unreachable(e, false);
    }
    if (r.status !== 200 || typeof r.data?.access_token !== 'string') {
      throw new AppError('SERVICE_REJECTED', `${SERVICE}: token refused (${r.status})`, { service: SERVICE, reason: `${r.data?.error_description ?? r.data?.error ?? `HTTP ${r.status}`}` });
    }
    token = { value: r.data.access_token as string, until: Date.now() + Math.max(0, Number(r.data.expires_in ?? 60) - 30) * 1000 };
    return token.value;
  }

  function checkRequest(config: InternalAxiosRequestConfig, body: unknown): void {
    if (!contract) return;
    const url = new URL(config.url!, 'http://x/');
    const op = contract.match((config.method ?? 'get').toUpperCase(), url.pathname);
    if (!op) throw new AppError('INTERNAL', `not in the contract: ${config.method} ${url.pathname}`);
    const problems = contract.request(op, { query: new URLSearchParams(config.params as Record<string, string> | undefined ?? {}), contentType: String(Object.entries(config.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/json'), body });
    if (problems.length) throw new AppError('INTERNAL', `request breaks the UA API contract: ${JSON.stringify(problems)}`);
  }
  function checkResponse(method: string, path: string, r: AxiosResponse): void {
    if (!contract || r.status === 401 || r.status === 403 || r.status === 429 || r.status >= 500) return;
    const op = contract.match(method, path)!;
    const problems = contract.response(op, { status: r.status, contentType: String(r.headers['content-type'] ?? ''), body: typeof r.data === 'object' && !Buffer.isBuffer(r.data) && !(r.data as { pipe?: unknown })?.pipe ? r.data : null });
    if (problems.length) throw new AppError('SERVICE_FAULT', `answer breaks the UA API contract: ${JSON.stringify(problems)}`, { service: SERVICE, faultCode: 'CONTRACT', faultMessage: JSON.stringify(problems).slice(0, 300) });
  }

  /** One call with a bearer token; one retry with a fresh token after 401. Returns the raw answer for 2xx. */
  async function call<T = unknown>(method: string, path: string, init: { data?: unknown; params?: Record<string, string>; headers?: Record<string, string>; responseType?: 'json' | 'arraybuffer' | 'stream'; jsonBody?: unknown; sends?: boolean } = {}): Promise<AxiosResponse<T>> {
    const url = `/${box}${path}`;
    for (let attempt = 0; ; attempt++) {
      const config = { method, url, data: init.data, params: init.params, responseType: init.responseType ?? 'json', headers: { Authorization: `Bearer ${await accessToken(attempt > 0)}`, ...(init.data !== undefined && !init.headers ? { 'Content-Type': 'application/json' } : {}), ...init.headers } } as InternalAxiosRequestConfig;
      checkRequest(config, init.jsonBody ?? init.data);
      let r: AxiosResponse<T>;
      try {
        r = await http.request<T>(config);
      } catch (e) {
        logger.warn('e-Doręczenia transport failure', { path, code: (e as AxiosError).code ?? '' });
        throw unreachable(e, (init.sends ?? false) && wasSent(e));
      }
      if (r.status === 401 && attempt === 0) continue;
      if (r.status >= 200 && r.status < 300) {
        if (typeof r.data === 'string' && (init.responseType ?? 'json') === 'json') {
          throw new AppError('SERVICE_FAULT', `${SERVICE}: answer is not JSON`, { service: SERVICE, faultCode: `HTTP ${r.status}`, faultMessage: String(r.data).slice(0, 200) });
        }
        checkResponse(method.toUpperCase(), `/${opts.address}${path}`, r);
        return r;
      }
      if (r.status === 400 || r.status === 404 || r.status === 413 || r.status === 403 || r.status === 401) {
        const list = Array.isArray(r.data) ? r.data as components['schemas']['ErrorInfo'][] : [];
        const reason = list.map((x) => `${x.error}: ${x.error_description}`).join('; ') || `HTTP ${r.status}`;
        throw new AppError('SERVICE_REJECTED', `${SERVICE} refused ${method} ${path}: ${reason}`, { service: SERVICE, reason, status: r.status });
      }
      throw new AppError('SERVICE_FAULT', `${SERVICE} answered HTTP ${r.status}`, { service: SERVICE, faultCode: `HTTP ${r.status}`, faultMessage: String(typeof r.data === 'string' ? r.data : JSON.stringify(r.data)).slice(0, 200) });
    }
  }

  const sha3File = async (path: string) => {
    const h = createHash('sha3-256');
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
    return h.digest('base64');
  };

  const api = {
    address: opts.address,
    accessToken,

    async createDraft(message: Message): Promise<string> {
      return (await call<{ messageId: string }>('POST', '/drafts', { data: message })).data.messageId;
    },
    async getDraft(id: string): Promise<Message> {
      return (await call<Message>('GET', `/drafts/${encodeURIComponent(id)}`)).data;
    },
    async updateDraft(id: string, message: Message): Promise<void> {
      await call('PUT', `/drafts/${encodeURIComponent(id)}`, { data: message });
    },
    async deleteDrafts(ids: string[]): Promise<void> {
      await call('DELETE', `/drafts/${ids.map(encodeURIComponent).join(',')}`);
    },
    async listDrafts(): Promise<Message[]> {
      return (await call<{ messages: Message[] }>('GET', '/drafts', { params: { format: 'metadata' } })).data.messages;
    },

    /** Adds a file to a draft: JSON/base64 up to 15 MB, the streamed multipart upload above (UC024). */
    async addAttachment(draftId: string, file: AttachmentInput, jsonLimit = JSON_UPLOAD_LIMIT): Promise<{ attachmentId: string; fileMetadata: FileMetadata }> {
      const { size } = await stat(file.path);
      if (size <= jsonLimit) {
        const { readFile } = await import('node:fs/promises');
        const bytes = await readFile(file.path);
        const data: components['schemas']['FileData'] = {
          fileMetadata: { fileId: crypto.randomUUID().toUpperCase(), filename: file.filename, contentType: file.contentType, size, alg: 'SHA-3', hash: createHash('sha3-256').update(bytes).digest('base64'), ...(file.description ? { description: file.description } : {}) },
          file: bytes.toString('base64'),
        };
        const r = await call<{ attachmentId: string; fileMetadata: FileMetadata }>('POST', `/drafts/${encodeURIComponent(draftId)}/attachments`, { data });
        return r.data;
      }
      const form = new FormData();
      form.append('filename', file.filename);
      form.append('contentType', file.contentType);
      form.append('size', String(size));
      form.append('alg', 'SHA-3');
      if (file.description) form.append('description', file.description);
      form.append('file', createReadStream(file.path, { highWaterMark: 1024 * 1024 }), { filename: basename(file.filename), contentType: file.contentType, knownLength: size });
      const headers = { ...form.getHeaders(), 'Content-Length': String(form.getLengthSync()) };
      const fields = { filename: file.filename, contentType: file.contentType, size: String(size), alg: 'SHA-3', file: '(binary)' };
      const r = await call<{ attachmentId: string; fileMetadata: FileMetadata }>('POST', `/${encodeURIComponent(draftId)}/attachments/upload`, { data: form, headers, jsonBody: fields });
      return r.data;
    },
    sha3File,

    /** drafts/send → the message task id (202). A transport failure here leaves it unknown whether it was sent. */
    async sendDraft(draftId: string): Promise<string> {
      const r = await call<{ messageTaskId: string }>('POST', '/drafts/send', { data: { messageId: draftId }, sends: true });
      if (r.status !== 202) throw new AppError('SERVICE_FAULT', `${SERVICE}: drafts/send answered ${r.status}, expected 202`, { service: SERVICE, faultCode: `HTTP ${r.status}`, faultMessage: '' });
      return r.data.messageTaskId;
    },
    async taskStatus(taskId: string): Promise<'PENDING' | 'FINISHED'> {
      return (await call<{ messageTaskStatus: 'PENDING' | 'FINISHED' }>('GET', `/messages/tasks/${encodeURIComponent(taskId)}/status`)).data.messageTaskStatus;
    },
    async taskResults(taskId: string): Promise<TaskResult[]> {
      return (await call<TaskResult[]>('GET', `/messages/tasks/${encodeURIComponent(taskId)}`)).data;
    },
    /** Polls the task until FINISHED (COI UC003), then returns the per-addressee results. */
    async waitForTask(taskId: string, { intervalMs = 250, timeoutMs = 120_000 } = {}): Promise<TaskResult[]> {
      const until = Date.now() + timeoutMs;
      while ((await api.taskStatus(taskId)) !== 'FINISHED') {
        if (Date.now() > until) throw new AppError('SERVICE_UNREACHABLE', `${SERVICE}: task ${taskId} still pending`, { service: SERVICE, url: opts.baseUrl, sent: true });
        await new Promise((r) => setTimeout(r, intervalMs));
      }
      return api.taskResults(taskId);
    },

    async listMessages(params: { label?: 'INBOX' | 'SENT' | 'OUTBOX' | 'TRASH'; format?: 'minimal' | 'metadata'; limit?: number; offset?: number } = {}): Promise<{ messages: Message[]; total: number }> {
      const q: Record<string, string> = { format: params.format ?? 'metadata', limit: String(params.limit ?? 100), offset: String(params.offset ?? 0) };
      if (params.label) q.label = params.label;
      const r = await call<{ messages: Message[]; total?: number; resultSize?: number }>('GET', '/messages', { params: q });
      return { messages: r.data.messages, total: r.data.total ?? r.data.messages.length };
    },
    /**
     * Reads messages. `full` on a Stub is the act of collection (u.d.e. art. 41): callers ask the
     * user first. A 202 MessagePending is retried (COI UC006: the move takes up to a few seconds).
     */
    async getMessages(ids: string[], format: 'full' | 'fullExtended' | 'metadata' | 'minimal' = 'metadata', { retries = 10, intervalMs = 300 } = {}): Promise<Message[]> {
      for (let i = 0; ; i++) {
        const r = await call<Message[] | { status: string }>('GET', `/messages/${ids.map(encodeURIComponent).join(',')}`, { params: { format } });
        if (r.status === 200) return r.data as Message[];
        if (i >= retries) throw new AppError('SERVICE_UNREACHABLE', `${SERVICE}: message still pending`, { service: SERVICE, url: opts.baseUrl, sent: false });
        await new Promise((res) => setTimeout(res, intervalMs));
      }
    },
    async listEvidences(messageId: string, type?: string): Promise<Evidence[]> {
      const r = await call<{ evidences?: Evidence[] }>('GET', `/messages/${encodeURIComponent(messageId)}/evidences`, type ? { params: { type } } : {});
      return r.data.evidences ?? [];
    },
    /** The evidence file exactly as the provider sends it (XML for A.1/D.1/E.1/BP.WX/BP.OX, PDF for BP.WP/BP.OP). */
    async downloadEvidence(evidenceId: string, messageType: 'purde' | 'puh' = 'purde'): Promise<Uint8Array> {
      const r = await call<ArrayBuffer>('GET', `/evidences/${messageType}/${encodeURIComponent(evidenceId)}`, { responseType: 'arraybuffer' });
      return new Uint8Array(r.data);
    },
    /** An attachment as a stream (POST /attachments/download, the path for large files). */
    async attachmentStream(messageId: string, attachmentId: string): Promise<AsyncIterable<Buffer>> {
      const r = await call<AsyncIterable<Buffer>>('POST', '/attachments/download', { data: { messageId, attachmentId }, responseType: 'stream' });
      return r.data;
    },
    /** Streams an attachment to `toPath`. */
    async downloadAttachment(messageId: string, attachmentId: string, toPath: string): Promise<void> {
      await pipeline(await api.attachmentStream(messageId, attachmentId) as NodeJS.ReadableStream, createWriteStream(toPath, { mode: 0o600 }));
    },
    async threads(): Promise<components['schemas']['Threads']> {
      return (await call<components['schemas']['Threads']>('GET', '/threads')).data;
    },
    async thread(threadId: string): Promise<components['schemas']['Thread']> {
      return (await call<components['schemas']['Thread']>('GET', `/threads/${encodeURIComponent(threadId)}`)).data;
    },
    /** The box's folders (the UA API's "directories"; the contract has no BAE address search). */
    async directories(): Promise<components['schemas']['Directory'][]> {
      return (await call<components['schemas']['Directory'][]>('GET', '/directories')).data;
    },
    async settings(): Promise<components['schemas']['Settings']> {
      return (await call<components['schemas']['Settings']>('GET', '/settings')).data;
    },
    /** The client certificate the connections present: from the PKCS#12 file, from the token, or none (yet). */
    clientCertificate(): 'pkcs12' | 'token' | null {
      if (opts.tls?.pfx) return 'pkcs12';
      return opts.tls?.tokenAgent?.clientCertificate === 'token' ? 'token' : null;
    },
    close(): void {
      if (opts.tls?.tokenAgent) void opts.tls.tokenAgent.shutdown();
      else agent?.destroy();
    },
  };
  return api;
}

export type EdoreczeniaClient = ReturnType<typeof createEdoreczeniaClient>;
