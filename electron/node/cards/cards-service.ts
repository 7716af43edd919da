/**
 * The cards area: the PKCS#11 signer (modules found here, configured, and added by the user), the
 * PKCS#12 files, the remembered certificate, and the watcher that notices cards being inserted or
 * removed without a restart (polls the present tokens every 2 s while the UI listens — §9.4:
 * C_WaitForSlotEvent is often unimplemented or blocks).
 */
import { basename } from 'node:path';
import type { CardsChangedEvent, ChosenCertificate, SignerInventory, TestSignatureResult } from '../../common/contract-cards';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { HostSpec, ProcessLauncher } from '../process-host';
import { createPkcs11Signer, type Pkcs11Signer } from '../signer/client';
import { combineSigners } from '../signer/combined-signer';
import { createP12Signer, readP12 } from '../signer/p12-signer';
import { certificateId } from '../signer/certificate-info';
import { testSignature } from '../signer/test-signature';
import type { Signer } from '../signer/types';
import { createCardSettings } from './settings';

export interface CardsOptions {
  db: Db;
  clock: () => Date;
  logger: Logger;
  /** Known modules present here plus configured ones. */
  modules: string[];
  host: HostSpec;
  launcher?: ProcessLauncher;
  /** Always-present signers besides cards and files (the demo identity of the test environment). */
  extraSigners?: Signer[];
  /** Called when the set of present tokens changes. */
  onChange: (event: CardsChangedEvent) => void;
  /** Polling runs only while someone listens (the app window); the CLI never starts it. */
  listening: () => boolean;
  pollMs?: number;
}

export function createCardsService(options: CardsOptions) {
  const settings = createCardSettings(options.db, options.clock);
  const cardSigner: Pkcs11Signer = createPkcs11Signer({
    modules: options.modules,
    userModules: settings.modulePaths,
    host: options.host,
    launcher: options.launcher,
    logger: options.logger,
  });
  const fileSigners = new Map<string, Signer>();
  const filesNow = (): Signer[] =>
    settings.files().map((f) => {
      const key = `${f.path}\n${f.certificateId}`;
      let s = fileSigners.get(key);
      if (!s) fileSigners.set(key, (s = createP12Signer({ file: f.path, certificateDer: f.der, label: f.label })));
      return s;
    });
  const signer = combineSigners(() => [cardSigner, ...filesNow(), ...(options.extraSigners ?? [])]);

  // ------------------------------------------------------------------ insertion / removal watcher
  let previous: Set<string> | null = null;
  let polling = false;
  const poll = async () => {
    if (polling || !options.listening()) return;
    polling = true;
    try {
      const tokens = await cardSigner.presentTokens();
      const now = new Set(tokens.map((t) => `${t.module}\n${t.serial}\n${t.label}`));
      if (previous) {
        const inserted = [...now].filter((k) => !previous!.has(k)).length;
        const removed = [...previous].filter((k) => !now.has(k)).length;
        if (inserted + removed > 0) options.onChange({ tokens, inserted, removed });
      }
      previous = now;
    } catch (e) {
      options.logger.warn('card watcher: listing tokens failed', { error: String((e as Error)?.message ?? e) });
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), options.pollMs ?? 2000);
  timer.unref();

  async function chosen(): Promise<ChosenCertificate | null> {
    const c = settings.choice();
    if (!c) return null;
    const present = await signer.listCertificates().then(
      (list) => list.some((x) => x.id === c.certificateId),
      () => false,
    );
    return { ...c, present };
  }

  return {
    signer,
    cardSigner,
    settings,
    inventory: (): Promise<SignerInventory> => cardSigner.inventory(),
    testSignature: (id: string, pin: string | null): Promise<TestSignatureResult> => testSignature(signer, id, pin),
    async addFile(path: string, label: string, password: string) {
      const { pairs } = await readP12(path, password);
      for (const p of pairs) {
        const der = new Uint8Array(p.certificate.raw);
        settings.addFile({ path, label: pairs.length > 1 ? `${label} (${basename(path)})` : label, certificateId: certificateId(der), der });
      }
    },
    async choose(id: string): Promise<ChosenCertificate> {
      const info = (await signer.listCertificates()).find((c) => c.id === id);
      if (!info) throw new AppError('CERT_NOT_FOUND', `certificate ${id} is not present`, { cert: id });
      return { ...settings.choose({ certificateId: id, subject: info.subject, tokenLabel: info.token.label }), present: true };
    },
    chosen,
    /** For tests and the watcher: one poll now. */
    poll,
    async close() {
      clearInterval(timer);
      await signer.close();
    },
  };
}

export type CardsService = ReturnType<typeof createCardsService>;
