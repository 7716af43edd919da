/**
 * The sending process of the outbox crash test (tests/integration/outbox-crash.test.ts): opens the
 * data folder as the app does (writer lock, migrated SQLite, blob store), recovers what an earlier
 * kill interrupted, and runs the real outbox against the ePUAP simulator until nothing is left to
 * send. The test SIGKILLs it at random moments and starts it again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { openAppDatabase } from '../../electron/node/db/database';
import { acquireWriterLock } from '../../electron/node/db/writer-lock';
import { createEpuapClient } from '../../electron/node/epuap/client';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';
import { silentLogger } from '../../electron/node/logger';
import { createEpuapSender } from '../../electron/node/outbox/epuap-sender';
import { createIncomingStore } from '../../electron/node/outbox/incoming-store';
import { createOutbox } from '../../electron/node/outbox/outbox';
import { createReceiptsService } from '../../electron/node/receipts/receipts-service';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import { xmlSignerFor } from '../../electron/node/signer/xml-signer';
import { createBlobStore } from '../../electron/node/storage/blob-store';

export interface CrashWorkerEnv {
  epuapUrl: string;
  subject: string;
  replyBox: string;
  system: { keyPem: string; certPem: string };
  caPem: string;
  reconcileGraceMs: number;
}

async function main(dataDir: string): Promise<void> {
  const env = JSON.parse(readFileSync(join(dataDir, 'crash-env.json'), 'utf8')) as CrashWorkerEnv;
  acquireWriterLock(dataDir); // released by death: the next run takes a stale lock over
  const db = openAppDatabase(dataDir);
  const clock = () => new Date();
  const blobs = createBlobStore(dataDir, db, clock);
  const repo = createFilingsRepo(db, clock);
  const anchors = [new X509Certificate(env.caPem)];
  const receipts = createReceiptsService({ db, blobs, clock, trustAnchors: () => anchors });
  const file = createFileSigner({ ...env.system, label: 'system' });
  const system = await xmlSignerFor(file, (await file.listCertificates())[0]!.id, '');
  const client = createEpuapClient({ baseUrl: env.epuapUrl, subject: env.subject, replyBox: env.replyBox, system, timeoutMs: 10_000 });
  const outbox = createOutbox({
    repo, blobs, receipts, incoming: createIncomingStore(db, blobs, clock), senders: { epuap: createEpuapSender(client) },
    clock, lang: () => 'en', logger: silentLogger, changed: () => undefined, reconcileGraceMs: env.reconcileGraceMs,
  });
  outbox.recoverInterrupted();
  process.stdout.write('ready\n');
  for (;;) {
    await outbox.run();
    if (repo.inStates(['queued', 'sending', 'failed', 'uncertain']).length === 0) break;
    outbox.networkBack(); // no back-off waits in the test: the simulator is always up
    await new Promise((r) => setTimeout(r, 200));
  }
  db.close();
}

main(process.argv[2]!).then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  process.exit(1);
});
