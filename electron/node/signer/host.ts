/**
 * The signer host: a separate process that loads PKCS#11 modules and talks to cards, so a driver
 * that hangs (PIN pad) or crashes never freezes or kills the app (ARCHITECTURE §1).
 * Started by client.ts with the HOST_FLAG argument, by child_process.fork (CLI, tests) or as an
 * Electron utility process (the app); importing this file elsewhere does nothing.
 *
 * Protocol (JSON-safe, binary as base64):
 *   → { id, op: 'list' | 'certificate' | 'sign' | 'inventory' | 'tokens' | 'loginInfo', modules: string[], ... }
 *   ← { id, ok: true, value } | { id, ok: false, error: { code, message, details } }
 *   ← { ready: true } once after start-up (the client's request clocks start from there)
 * The PIN arrives only inside a 'sign' request, goes to C_Login and is not kept or echoed; a null PIN
 * means the token's PIN pad (C_Login with NULL through native/pinpad).
 */
import { z } from 'zod';
import { DIGEST_LENGTH } from '../../../native/digest-info';
import { candidateModulePaths } from '../../../native/known-modules';
import { checkLibraryFile, openModule, pinStateOf, TokenError, type Pkcs11Module, type TokenCertificate, type TokenDescription } from '../../../native/pkcs11';
import type { CertificateInfo } from '../../common/contract';
import { MODULE_SOURCES, type InventoryModule, type LoginInfo, type ModuleFailure, type SignerInventory } from '../../common/contract-cards';
import { AppError, ERROR_CODES, type ErrorCode, type ErrorDetails } from '../../common/errors';
import { parentChannel, type ParentChannel } from '../process-host';
import { certificateId, describeCertificate, describeTokenCertificate } from './certificate-info';
import type { KeyType } from './types';

export const HOST_FLAG = '--nadawca-signer-host';

const certId = z.string().regex(/^[0-9a-f]{64}$/);
const base = { id: z.number().int().nonnegative(), modules: z.array(z.string().min(1).max(4096)).max(64) };

export const hostRequestSchema = z.discriminatedUnion('op', [
  z.object({ ...base, op: z.literal('list') }),
  z.object({ ...base, op: z.literal('certificate'), certificateId: certId }),
  z.object({
    ...base,
    op: z.literal('sign'),
    certificateId: certId,
    pin: z.string().max(256).nullable(),
    hash: z.enum(['SHA-256', 'SHA-384', 'SHA-512']),
    digest: z.string().regex(/^[A-Za-z0-9+/]+=*$/),
    padding: z.enum(['pkcs1', 'pss']).optional(),
  }),
  z.object({
    ...base,
    op: z.literal('signMany'),
    certificateId: certId,
    pin: z.string().max(256).nullable(),
    hash: z.enum(['SHA-256', 'SHA-384', 'SHA-512']),
    digests: z.array(z.string().regex(/^[A-Za-z0-9+/]+=*$/)).min(1).max(1000),
    padding: z.enum(['pkcs1', 'pss']).optional(),
  }),
  z.object({ ...base, op: z.literal('inventory'), sources: z.record(z.string(), z.enum(MODULE_SOURCES)) }),
  z.object({ ...base, op: z.literal('tokens') }),
  z.object({ ...base, op: z.literal('loginInfo'), certificateId: certId }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

export interface HostError {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}
export type HostResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: HostError };
/** Everything the host sends: replies, and once, right after start-up, `{ ready: true }`. */
export type HostMessage = HostResponse | { ready: true };

export interface ListValue {
  certificates: CertificateInfo[];
  /** Modules or tokens that could not be read; the others are still listed. */
  problems: (HostError & { module: string })[];
}
export interface CertificateValue {
  der: string;
  module: string;
}
export interface SignValue {
  signature: string;
  keyType: KeyType;
  mechanism: string;
  module: string;
}
/** Tokens present now, for noticing insertion and removal. */
export type TokensValue = { module: string; label: string; serial: string }[];

interface Found {
  module: Pkcs11Module;
  token: TokenDescription;
  cert: TokenCertificate;
  id: string;
}

function toHostError(e: unknown): HostError {
  if (e instanceof TokenError || e instanceof AppError) return { code: e.code, message: e.message, details: { ...e.details } };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), details: {} };
}

/** Walks modules → tokens → certificates; a failing module or token is recorded, not fatal. */
function* walk(modules: string[], problems: ListValue['problems']): Generator<Found> {
  for (const path of modules) {
    let module: Pkcs11Module;
    let tokens: TokenDescription[];
    try {
      module = openModule(path);
      tokens = module.tokens();
    } catch (e) {
      problems.push({ module: path, ...toHostError(e) });
      continue;
    }
    for (const token of tokens) {
      let certs: TokenCertificate[];
      try {
        certs = module.certificates(token);
      } catch (e) {
        problems.push({ module: path, ...toHostError(e) });
        continue;
      }
      for (const cert of certs) yield { module, token, cert, id: certificateId(cert.der) };
    }
  }
}

function list(modules: string[]): ListValue {
  const problems: ListValue['problems'] = [];
  const seen = new Set<string>();
  const certificates: CertificateInfo[] = [];
  for (const f of walk(modules, problems)) {
    if (seen.has(f.id)) continue; // the same card seen through two modules
    seen.add(f.id);
    try {
      certificates.push(describeCertificate(f.cert.der, { label: f.token.label, module: f.module.path }));
    } catch (e) {
      problems.push({ module: f.module.path, ...toHostError(e), message: `unreadable certificate on "${f.token.label}"` });
    }
  }
  return { certificates, problems };
}

/** Known-module vendors by path, to name what the user sees in diagnostics. */
function vendorOf(path: string): string | null {
  return candidateModulePaths().find((c) => c.path === path)?.vendor ?? null;
}

function inventoryOf(path: string, source: InventoryModule['source']): InventoryModule {
  const entry: InventoryModule = { path, source, vendor: vendorOf(path), loaded: false, failure: null, info: null, slots: [] };
  let module: Pkcs11Module;
  try {
    module = openModule(path);
  } catch (e) {
    const err = toHostError(e);
    const reason = typeof err.details.reason === 'string' ? err.details.reason : err.message;
    const failure = (typeof err.details.failure === 'string' ? err.details.failure : 'other') as ModuleFailure;
    return { ...entry, failure: { reason: failure, message: reason } };
  }
  entry.loaded = true;
  try {
    entry.info = module.info();
    entry.slots = module.slots().map((slot) => {
      const token = slot.token;
      let certificates: ReturnType<typeof describeTokenCertificate>[] = [];
      let error: { code: string; message: string } | null = slot.error ? { code: slot.error.code, message: slot.error.message } : null;
      if (token) {
        try {
          certificates = module.certificates(token).map((c) => describeTokenCertificate(c.der, c));
        } catch (e) {
          const h = toHostError(e);
          error = { code: h.code, message: h.message };
        }
      }
      return {
        id: slot.id,
        description: slot.description,
        manufacturer: slot.manufacturer,
        tokenPresent: slot.flags.tokenPresent && token !== null,
        flags: slot.flags,
        token: token && {
          label: token.label,
          model: token.model,
          manufacturer: token.manufacturer,
          serial: token.serial,
          flags: token.flags,
          pinState: pinStateOf(token.flags),
          protectedAuthPath: token.flags.protectedAuthPath,
          mechanisms: slot.mechanisms,
          certificates,
          error,
        },
      };
    });
  } catch (e) {
    const err = toHostError(e);
    entry.failure = { reason: 'other', message: err.message };
  }
  return entry;
}

function inventory(modules: string[], sources: Record<string, InventoryModule['source']>): SignerInventory {
  return { scannedAt: new Date().toISOString(), modules: modules.map((m) => inventoryOf(m, sources[m] ?? 'env')) };
}

/** Present tokens of every module that loads; the others are simply absent (the inventory explains them). */
function presentTokens(modules: string[]): TokensValue {
  const out: TokensValue = [];
  for (const path of modules) {
    if (checkLibraryFile(path)) continue;
    try {
      for (const t of openModule(path).tokens()) out.push({ module: path, label: t.label, serial: t.serial });
    } catch {
      /* not loadable or not readable now */
    }
  }
  return out;
}

function loginInfo(modules: string[], id: string): LoginInfo {
  const f = find(modules, id);
  return {
    certificateId: id,
    tokenLabel: f.token.label,
    pinState: pinStateOf(f.token.flags),
    protectedAuthPath: f.token.flags.protectedAuthPath,
    alwaysAuthenticate: f.cert.alwaysAuthenticate ?? null,
    kind: 'card',
  };
}

function find(modules: string[], id: string): Found {
  const problems: ListValue['problems'] = [];
  for (const f of walk(modules, problems)) if (f.id === id) return f;
  // Nothing readable at all: the module's own error says more than "not found".
  const failed = new Set(problems.map((p) => p.module));
  const first = problems[0];
  if (first && failed.size >= new Set(modules).size) throw new AppError(first.code, first.message, first.details);
  const details: ErrorDetails = { cert: id };
  if (failed.size > 0) details.unreadableModules = [...failed];
  throw new AppError('CERT_NOT_FOUND', `certificate ${id} is not on any present token`, details);
}

export function handleRequest(raw: unknown): HostResponse {
  const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
  const parsed = hostRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))];
    return { id, ok: false, error: { code: 'INVALID_INPUT', message: 'invalid signer request', details: { fields } } };
  }
  const req = parsed.data;
  const pin = req.op === 'sign' || req.op === 'signMany' ? (req.pin ?? '') : '';
  try {
    switch (req.op) {
      case 'list':
        return { id, ok: true, value: list(req.modules) satisfies ListValue };
      case 'certificate': {
        const f = find(req.modules, req.certificateId);
        return { id, ok: true, value: { der: f.cert.der.toString('base64'), module: f.module.path } satisfies CertificateValue };
      }
      case 'sign': {
        // A malformed request must not cost a PIN attempt: check before any C_Login.
        const digest = Buffer.from(req.digest, 'base64');
        if (digest.length !== DIGEST_LENGTH[req.hash]) {
          throw new AppError('INVALID_INPUT', `${req.hash} digest must be ${DIGEST_LENGTH[req.hash]} bytes`, { fields: ['digest'] });
        }
        const f = find(req.modules, req.certificateId);
        const result = f.module.sign({
          token: { serial: f.token.serial, label: f.token.label },
          ckaId: f.cert.ckaId,
          hash: req.hash,
          digest,
          pin: req.pin,
          padding: req.padding,
        });
        const value: SignValue = { signature: result.signature.toString('base64'), keyType: result.keyType, mechanism: result.mechanism, module: f.module.path };
        return { id, ok: true, value };
      }
      case 'signMany': {
        const digests = req.digests.map((d) => Buffer.from(d, 'base64'));
        if (digests.some((d) => d.length !== DIGEST_LENGTH[req.hash])) {
          throw new AppError('INVALID_INPUT', `${req.hash} digests must be ${DIGEST_LENGTH[req.hash]} bytes`, { fields: ['digests'] });
        }
        const f = find(req.modules, req.certificateId);
        const results = f.module.signMany({
          token: { serial: f.token.serial, label: f.token.label },
          ckaId: f.cert.ckaId,
          hash: req.hash,
          digests,
          pin: req.pin,
          padding: req.padding,
        });
        const value: SignValue[] = results.map((r) => ({ signature: r.signature.toString('base64'), keyType: r.keyType, mechanism: r.mechanism, module: f.module.path }));
        return { id, ok: true, value };
      }
      case 'inventory':
        return { id, ok: true, value: inventory(req.modules, req.sources) };
      case 'tokens':
        return { id, ok: true, value: presentTokens(req.modules) };
      case 'loginInfo':
        return { id, ok: true, value: loginInfo(req.modules, req.certificateId) };
    }
  } catch (e) {
    return { id, ok: false, error: scrub(toHostError(e), pin) };
  }
}

/** Defence in depth: no error text leaves this process with the PIN in it. */
function scrub(error: HostError, pin: string): HostError {
  if (pin.length < 4) return error;
  const clean = (s: string) => s.split(pin).join('[redacted]');
  const details: ErrorDetails = {};
  for (const [k, v] of Object.entries(error.details)) {
    details[k] = typeof v === 'string' ? clean(v) : Array.isArray(v) ? v.map(clean) : v;
  }
  const code = (ERROR_CODES as readonly string[]).includes(error.code) ? error.code : 'INTERNAL';
  return { code, message: clean(error.message), details };
}

function start(channel: ParentChannel): void {
  // Requests are handled one at a time: PKCS#11 calls are synchronous and a card does one thing at once.
  channel.onMessage((message) => channel.send(handleRequest(message) satisfies HostMessage));
  // Forked by the CLI and the app went away: never outlive it holding a card session.
  // (A utility process is ended by Electron with the app.)
  if (process.send) process.on('disconnect', () => process.exit(0));
  channel.send({ ready: true } satisfies HostMessage);
}

// Inert unless started as the signer host, by fork (process.send) or as an Electron utility process.
if (process.send || hasParentPort()) {
  const channel = process.argv.includes(HOST_FLAG) ? parentChannel() : null;
  if (channel) start(channel);
}

function hasParentPort(): boolean {
  return (process as { parentPort?: unknown }).parentPort !== undefined;
}
