/**
 * The e-Doręczenia channel as services.ts wires it: the box in use (the active profile, or the
 * built-in environment's box when none is active), its UA API client, the evidence store, the
 * outbox sender and the mailbox. Contract checks are on outside production builds
 * (NODE_ENV !== 'production'), so development and tests see any drift from the contract at once.
 */
import { X509Certificate } from 'node:crypto';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import type { FilingsRepo } from '../filings/filings-repo';
import type { Logger } from '../logger';
import type { ReceiptsService } from '../receipts/receipts-service';
import type { EdoreczeniaEnvironment } from '../services-api';
import type { BlobStore } from '../storage/blob-store';
import { createEdoreczeniaClient, type EdoreczeniaClient } from './client';
import { createEvidenceStore } from './evidence';
import { createMailbox } from './mailbox';
import { systemAssertionSigner } from './system-assertion';
import type { HostSpec, ProcessLauncher } from '../process-host';
import type { Pkcs11Signer } from '../signer/client';
import { createTokenTlsAgent } from '../signer/tls-tunnel';
import { createBoxProfiles, type BoxCredentials } from './profiles';
import { fileKeyProvider, type KeyProvider } from './secrets';
import { createEdoreczeniaSender } from './sender';

export interface EdoreczeniaChannelDeps {
  env: EdoreczeniaEnvironment | null;
  dataDir: string;
  db: Db;
  blobs: BlobStore;
  repo: FilingsRepo;
  clock: () => Date;
  logger: Logger;
  changed: (id: string) => void;
  trustAnchors: () => X509Certificate[];
  /** Electron main passes one backed by safeStorage; by default a 0600 key file in the data folder. */
  keys?: KeyProvider;
  /** The register's receipts service (evidences are entered through it). */
  receipts: ReceiptsService;
  /** The PKCS#11 signer, for a profile whose system certificate is on a token. */
  tokens?: Pkcs11Signer | null;
  /** The TLS tunnel host (mutual TLS with a token key); without it a token profile uses no client certificate. */
  tlsTunnel?: { host: HostSpec; launcher?: ProcessLauncher };
}

export function createEdoreczeniaChannel(deps: EdoreczeniaChannelDeps) {
  const { env, logger } = deps;
  const validate = process.env.NODE_ENV !== 'production';
  const profiles = createBoxProfiles({ db: deps.db, keys: deps.keys ?? fileKeyProvider(deps.dataDir), clock: deps.clock, tokens: deps.tokens ?? null });
  let cached: { key: string; client: EdoreczeniaClient } | null = null;
  /** `use`: for this process only, a profile id or 'builtin' instead of the active profile (null). */
  let chosen: string | null = null;

  /** A client for a profile (or the built-in box); secrets are opened only here and held in memory. */
  function clientFor(p: BoxCredentials | null): EdoreczeniaClient {
    if (!p || p.environment === 'builtin') {
      if (!env) throw new AppError('SERVICE_UNREACHABLE', 'the built-in e-Doręczenia simulator is not running', { service: 'e-Doręczenia', url: 'builtin', sent: false });
      return createEdoreczeniaClient({ baseUrl: env.url, tokenUrl: env.tokenUrl, address: env.box, clientId: env.clientId, clientSecret: env.clientSecret, ...(env.caPems ? { tls: { caPems: env.caPems } } : {}), validate, logger });
    }
    // The client authenticates by its secret or, without one, by an assertion signed by the system certificate.
    const assertion = p.clientSecret ? null : systemAssertionSigner(p, deps.tokens ?? null);
    if (!p.apiUrl || !p.tokenUrl || !p.clientId || (!p.clientSecret && !assertion)) throw new AppError('INVALID_INPUT', 'the e-Doręczenia profile is incomplete', { fields: ['apiUrl', 'tokenUrl', 'clientId', 'clientSecret'].filter((f) => !(p as unknown as Record<string, unknown>)[f]) });
    const caPems = p.caPem ? [p.caPem] : undefined;
    // A token certificate (its PIN still stored) also authenticates the TLS connection, as a PKCS#12 file does.
    const tokenAgent = p.token?.pin && deps.tokens && deps.tlsTunnel
      ? createTokenTlsAgent({
        host: deps.tlsTunnel.host, ...(deps.tlsTunnel.launcher ? { launcher: deps.tlsTunnel.launcher } : {}), tokens: deps.tokens, certificateId: p.token.certificateId,
        certificatePem: new X509Certificate(p.token.der).toString(), pin: p.token.pin, ...(caPems ? { caPems } : {}), urls: [p.apiUrl, p.tokenUrl], pinRejected: p.token.pinRejected, logger,
      })
      : undefined;
    return createEdoreczeniaClient({
      baseUrl: p.apiUrl, tokenUrl: p.tokenUrl, address: p.address, clientId: p.clientId, ...(p.clientSecret ? { clientSecret: p.clientSecret } : { assertionSigner: assertion! }),
      tls: { ...(p.pkcs12 ? { pfx: p.pkcs12, passphrase: p.pkcs12Password ?? '' } : {}), ...(caPems ? { caPems } : {}), ...(tokenAgent ? { tokenAgent } : {}) },
      validate, logger,
    });
  }

  function client(): EdoreczeniaClient {
    const active = chosen === null ? profiles.active() : chosen === 'builtin' ? null : profiles.credentials(chosen);
    const key = active ? `${active.id}:${active.environment}:${active.address}:${active.apiUrl}` : 'builtin';
    if (cached?.key !== key) {
      cached?.client.close();
      cached = { key, client: clientFor(active) };
    }
    return cached.client;
  }
  /** Drops the cached client (a profile changed). */
  const reset = () => { cached?.client.close(); cached = null; };

  const evidences = createEvidenceStore({ db: deps.db, blobs: deps.blobs, clock: deps.clock, trustAnchors: deps.trustAnchors, receipts: deps.receipts });
  const sender = createEdoreczeniaSender({ client, db: deps.db, blobs: deps.blobs, repo: deps.repo, evidences, clock: deps.clock, logger, changed: deps.changed, taskPoll: { intervalMs: 100 } });
  const mailbox = createMailbox({ client, db: deps.db, blobs: deps.blobs, clock: deps.clock });
  return {
    client, clientFor, reset, profiles, evidences, sender, mailbox,
    /** The CLI's `send --profile` (or the built-in box without it) for its own run, like ProfileClients.use. */
    use(choice: string | 'builtin' | null): void {
      if (choice !== null && choice !== 'builtin') profiles.credentials(choice);
      chosen = choice;
    },
    describeBox() {
      const active = profiles.active();
      if (active && active.environment !== 'builtin') return { address: active.address, environment: active.environment, profileId: active.id, available: true };
      return { address: env?.box ?? active?.address ?? '', environment: 'builtin' as const, profileId: active?.id ?? null, available: !!env };
    },
    close: reset,
  };
}

export type EdoreczeniaChannel = ReturnType<typeof createEdoreczeniaChannel>;
