/**
 * The composition root: builds every service from values (paths, clock, logger, settings).
 * Electron main, the `nadawca` command and the test harness all call this one function.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { type EventName, type EventPayload } from '../common/contract';
import { AppError } from '../common/errors';
import { createAttachmentHandlers } from './attachments/handlers';
import { createCardsService } from './cards/cards-service';
import { createCardHandlers } from './cards/handlers';
import { letterChecker } from './attachments/letter-check';
import { resolveStaged } from './attachments/staging';
import { openAppDatabase } from './db/database';
import { createDeadlinesService } from './deadlines/deadlines-service';
import { createDeadlineHandlers } from './deadlines/handlers';
import { edoreczeniaIncomingSource } from './deadlines/edoreczenia-source';
import { recordDoreczEvent } from './deadlines/epuap-source';
import type { DoreczEvent } from './epuap/dorecz';
import { createDiagnostics, createDiagnosticsHandlers } from './diagnostics/handlers';
import { createDirectoryHandlers } from './directory/handlers';
import { filingSpecStore } from './drafts/filing-spec';
import { createDraftHandlers } from './drafts/handlers';
import type { HandlerDeps } from './handler-deps';
import { acquireWriterLock } from './db/writer-lock';
import { createEpuapClient } from './epuap/client';
import { createEdoreczeniaChannel } from './edoreczenia/channel';
import { createEdoreczeniaHandlers } from './edoreczenia/handlers';
import { createManualHandlers } from './manual/handlers';
import { createPdfExport } from './export/pdf-export';
import { createFilingsRepo, toOutboxItem } from './filings/filings-repo';
import { createFilingsService } from './filings/filings-service';
import { silentLogger } from './logger';
import { createEpuapSender } from './outbox/epuap-sender';
import { createOutbox } from './outbox/outbox';
import { createIncomingStore } from './outbox/incoming-store';
import { createOutboxHandlers } from './outbox/handlers';
import { createProfileClients } from './profiles/profile-clients';
import { createProfileHandlers } from './profiles/handlers';
import { createSendingProfiles } from './profiles/profiles-store';
import { fileKeyProvider } from './edoreczenia/secrets';
import { createRegister } from './register/register';
import { createRegisterHandlers } from './register/handlers';
import { createReceiptsService } from './receipts/receipts-service';
import { saveReceiptFile } from './receipts/save-file';
import { isPdfEvidence } from './edoreczenia/evidence';
import { createSignatureHandlers } from './signatures/handlers';
import { createTrustHandlers } from './trust/handlers';
import { createTrustStore } from './trust/store';
import { createRouter, type Handlers } from './router';
import type { EnvironmentInfo, EventListener, Services, ServicesConfig } from './services-api';
import { defaultModules } from './signer/client';
import { createFileSigner } from './signer/file-signer';
import { tlsTunnelSpec } from './signer/tls-tunnel';
import { createBlobStore } from './storage/blob-store';
import { defaultEnvironmentHost, startBuiltinEnvironment, type RunningEnvironment } from './test-environment';
import { xmlSignerFor } from './signer/xml-signer';

export type { Services, ServicesConfig };

export async function createServices(config: ServicesConfig): Promise<Services & ExtraServices> {
  mkdirSync(config.dataDir, { recursive: true });
  const lock = acquireWriterLock(config.dataDir);
  // What a failed start must undo, newest first: no open database, stray process or held lock.
  const undo: (() => unknown)[] = [() => lock.release()];
  try {
    return await buildServices(config, lock, undo);
  } catch (e) {
    for (const step of undo.reverse()) await Promise.resolve().then(step).catch(() => undefined);
    throw e;
  }
}

async function buildServices(config: ServicesConfig, lock: { release(): void }, undo: (() => unknown)[]): Promise<Services & ExtraServices> {
  const clock = config.clock ?? (() => new Date());
  const logger = config.logger ?? silentLogger;
  const lang = () => config.lang ?? 'pl';
  const db = openAppDatabase(config.dataDir);
  undo.push(() => db.close());
  const blobs = createBlobStore(config.dataDir, db, clock);

  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners) {
      try { l(...([event, payload] as Parameters<EventListener>)); } catch (e) { logger.warn('event listener failed', { error: String(e) }); }
    }
  };
  const repo = createFilingsRepo(db, clock);
  const changed = (id: string) => emit('outbox.changed', toOutboxItem(repo.get(id)));

  if (!config.signerHost) throw new AppError('INTERNAL', 'signerHost is required');
  const builtin = config.environment === undefined || config.environment === 'builtin';
  const running: RunningEnvironment | null = builtin
    ? await startBuiltinEnvironment(join(config.dataDir, 'test-environment'), config.environmentHost ?? defaultEnvironmentHost(config.signerHost), config.launcher)
    : null;
  if (running) undo.push(() => running.stop());
  const env: EnvironmentInfo = running ?? (config.environment as EnvironmentInfo);
  const anchors = env.trustAnchorPems.map((pem) => new X509Certificate(pem));
  // Verification of signed files trusts the environment's CAs and those the user added in settings.
  const trust = createTrustStore(db, clock);
  // What verification trusts: the CAs the user added and the environment's own.
  const trusted = () => [...trust.certificates(), ...anchors];

  // Cards, certificate files and the demo identity behind one Signer; insertion/removal → 'cards.changed'.
  const cards = createCardsService({
    db, clock, logger,
    modules: [...defaultModules(), ...(config.pkcs11Modules ?? [])],
    host: config.signerHost,
    launcher: config.launcher,
    extraSigners: env.demoSigner ? [createFileSigner(env.demoSigner)] : [],
    onChange: (event) => emit('cards.changed', event),
    listening: () => listeners.size > 0,
  });
  undo.push(() => cards.close());
  const signer = cards.signer;
  // The system certificate signs WS-Security from a key file (a PKCS#11 token comes with sending profiles).
  const systemFile = createFileSigner({ ...env.system, label: 'system' });
  const systemSigner = await xmlSignerFor(systemFile, (await systemFile.listCertificates())[0]!.id, '');

  const receipts = createReceiptsService({ db, blobs, clock, trustAnchors: trusted });
  // Deadlines: a filing's UPP (DataDoreczenia) shows whether it kept its term (KPA art. 57 §5).
  const deadlines = createDeadlinesService({
    db, clock, lang, logger,
    filingInstants: (filingId) => {
      const upp = receipts.list().find((r) => r.filingId === filingId && r.kind === 'UPP');
      // e-Doręczenia filings: A.1 (sent) and D.1 (arrived at the body's box), P4.
      const evidences = edoreczenia.evidences.forFiling(filingId);
      const at = (type: string) => evidences.find((e) => e.type === type)?.eventDate ?? null;
      return { uppAt: upp ? receipts.get(upp.id).deliveredAt : null, submittedAt: at('A.1'), arrivedAt: at('D.1') };
    },
  });
  const filings = createFilingsService({
    repo, blobs, signer, clock, changed,
    resolveStaged: (stagedId) => resolveStaged({ dataDir: config.dataDir, db }, stagedId),
    checkAttachments: letterChecker(db, lang),
    saveSpec: filingSpecStore(db).save,
  });
  const epuapClient = createEpuapClient({ baseUrl: env.epuapUrl, subject: env.sender.subject, replyBox: env.sender.replyBox, system: systemSigner, logger });
  const edoreczenia = createEdoreczeniaChannel({ env: env.edoreczenia ?? null, dataDir: config.dataDir, db, blobs, repo, clock, logger, changed, trustAnchors: trusted, tokens: cards.cardSigner, receipts, tlsTunnel: { host: tlsTunnelSpec(config.signerHost), ...(config.launcher ? { launcher: config.launcher } : {}) } });
  // ePUAP sending profiles: the active one's client sends; none active → the built-in environment's.
  // A profile's system certificate may be on a PKCS#11 token: checked and used through the card signer (signer host).
  const sendingProfiles = createSendingProfiles({ db, keys: fileKeyProvider(config.dataDir), clock, tokens: cards.cardSigner });
  const profileClients = createProfileClients({ profiles: sendingProfiles, builtin: epuapClient, logger, tokens: cards.cardSigner });
  // An office serving letters (public entity) sends with `dorecz`; notices and the UPD from the reply box feed the deadlines.
  const doreczServing = { serves: () => env.sender.servesLetters === true, onEvent: (e: DoreczEvent) => { recordDoreczEvent({ repo, deadlines, logger }, e); } };
  const senders = { epuap: createEpuapSender(profileClients.client, doreczServing), edoreczenia: edoreczenia.sender };
  // Letters awaiting collection in the e-Doręczenia box (Stubs: public sender → the user); opening one is collection.
  deadlines.registerIncomingSource(edoreczeniaIncomingSource(() => edoreczenia.mailbox));
  const outbox = createOutbox({
    repo, blobs, receipts, senders, clock, lang, logger, changed,
    incoming: createIncomingStore(db, blobs, clock),
    progress: (id, sent, total) => emit('outbox.progress', { id, sent, total }),
  });
  outbox.recoverInterrupted();

  const kick = () => {
    outbox.run().then(() => edoreczenia.sender.refresh()).catch((e: unknown) => logger.error('outbox run failed', { error: String(e) }));
  };
  const background = config.backgroundSendIntervalMs ? setInterval(kick, config.backgroundSendIntervalMs) : null;
  if (background) {
    background.unref();
    kick(); // whatever was queued or due when the app last stopped
  }

  const exportPdf = createPdfExport(config.desktop);
  const deps: HandlerDeps = { dataDir: config.dataDir, db, blobs, clock, lang, logger };
  const handlers: Handlers = {
    ...createAttachmentHandlers(deps),
    ...createCardHandlers(cards),
    ...createDirectoryHandlers(deps),
    ...createDraftHandlers(deps),
    ...createEdoreczeniaHandlers(deps, edoreczenia, config.desktop),
    ...createDeadlineHandlers(deadlines, { lang, clock }),
    ...createDiagnosticsHandlers(createDiagnostics({ modules: () => ({ configured: [...defaultModules(), ...(config.pkcs11Modules ?? [])], user: cards.settings.modulePaths() }), testSignature: cards.testSignature, signerHost: config.signerHost, launcher: config.launcher, clock, lang, version: config.version ?? '0.0.0' }), lang),
    ...createOutboxHandlers({ outbox, register: createRegister(db), receipts, lang, kick }),
    ...createRegisterHandlers(db),
    ...createProfileHandlers({ profiles: sendingProfiles, lang, logger, tokens: cards.cardSigner }),
    ...createManualHandlers({
      repo, blobs, outbox, receipts, lang, desktop: config.desktop,
      db, evidences: edoreczenia.evidences, changed,
      // The same official rendering the receipt view frames (receipts.preview), printed.
      exportReceiptPdf: async (id) => {
        const r = receipts.get(id);
        // A PDF evidence (BP.WP/BP.OP) is saved as received, its PAdES seal intact.
        if (isPdfEvidence(r.bytes)) return saveReceiptFile(config.desktop, r.bytes, r.fileName);
        return exportPdf((await handlers['receipts.preview']({ id })).html, `${r.kind} ${r.fileName.replace(/\.xml$/i, '')}`);
      },
    }),
    ...createSignatureHandlers({ signer, progress: (p) => emit('signatures.progress', p), trustAnchors: trusted, tsaServers: () => trust.enabledTsa() }),
    ...createTrustHandlers(trust),
    'app.info': async () => ({ version: config.version ?? '0.0.0', environment: builtin ? 'builtin' : 'custom', lang: lang() }),
    'certificates.list': () => signer.listCertificates(),
    'filings.create': async (spec) => filings.create(spec),
    'filings.get': async ({ id }) => filings.detail(id),
    'filings.sign': ({ id, certificateId, pin }) => filings.sign(id, certificateId, pin),
    'filings.preview': ({ id }) => filings.preview(id),
    'filings.exportPdf': async ({ id }) => exportPdf((await filings.preview(id)).html, repo.get(id).title),
    'filings.send': async ({ id }) => {
      const d = filings.queue(id);
      kick();
      return d;
    },
    'outbox.list': async () => repo.list().map(toOutboxItem),
    'receipts.list': async () => receipts.list(),
    'receipts.get': async ({ id }) => {
      const { bytes: _bytes, ...detail } = receipts.get(id);
      return detail;
    },
  };

  return {
    router: createRouter(handlers, { lang, logger }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    filings,
    outbox,
    receipts,
    repo,
    blobs,
    environment: env,
    deadlines,
    edoreczenia,
    sendingProfiles,
    profileClients,
    cards,
    networkBack() {
      outbox.networkBack();
      kick();
    },
    async close() {
      if (background) clearInterval(background);
      listeners.clear();
      await outbox.run().catch(() => 0);
      await cards.close();
      await running?.stop();
      db.close();
      lock.release();
    },
  };
}

/** What the CLI and tests use beyond the IPC router. */
export interface ExtraServices {
  filings: ReturnType<typeof createFilingsService>;
  outbox: ReturnType<typeof createOutbox>;
  receipts: ReturnType<typeof createReceiptsService>;
  repo: ReturnType<typeof createFilingsRepo>;
  blobs: ReturnType<typeof createBlobStore>;
  environment: EnvironmentInfo;
  /** Delivery windows, deadlines, reminders; channels report events through deadlines.recordDeliveryEvent. */
  deadlines: import('./deadlines/deadlines-service').DeadlinesService;
  /** The e-Doręczenia channel when the environment has one (client, sender, evidences). */
  edoreczenia: import('./edoreczenia/channel').EdoreczeniaChannel;
  /** ePUAP sending profiles, and which one the outbox sends through. */
  sendingProfiles: import('./profiles/profiles-store').SendingProfiles;
  profileClients: import('./profiles/profile-clients').ProfileClients;
  /** The network returned (outbox/network-watch.ts): retries waiting out their back-off go now, and the sender runs. */
  networkBack(): void;
  /** Cards and certificate files (tests restart the signer host to see a token taken out). */
  cards: import('./cards/cards-service').CardsService;
}
