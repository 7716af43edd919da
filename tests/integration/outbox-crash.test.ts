/**
 * Crash test (issue 6): 200 filings sent by a process that is SIGKILLed at random moments and
 * started again until the queue drains. No filing lost, none filed twice without a
 * 'duplicate-delivery' event, every one delivered with a verified receipt bound to its document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppDatabase } from '../../electron/node/db/database';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';
import { createBlobStore } from '../../electron/node/storage/blob-store';
import { startInProcessEpuap, REPO_ROOT } from '../harness/services';
import type { CrashWorkerEnv } from '../harness/outbox-crash-worker';

const FILINGS = Number(process.env.CRASH_FILINGS ?? 200);
const BOX = '/ZOJO_Cieszyn/SkrytkaESP';
const WORKER = join(REPO_ROOT, 'tests/harness/outbox-crash-worker.ts');

/**
 * One life of the sending process. Most kills land at a random moment after it reported "ready"
 * (recovered, about to send); one in ten during its start-up, while it opens the database.
 */
function runWorker(dataDir: string): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const killIn = (ms: number) => { timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, ms); };
    if (Math.random() < 0.1) killIn(Math.random() * 3000);
    else child.stdout.once('data', () => killIn(1000 + Math.random() * 12_000));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ killed, code, stderr });
    });
  });
}

test(`crash test: ${FILINGS} filings, the sender SIGKILLed at random moments, drained without loss or silent duplicates`, { timeout: 1_200_000 }, async (t) => {
  const sim = await startInProcessEpuap();
  const dataDir = mkdtempSync(join(tmpdir(), 'nadawca-crash-'));
  try {
    const db = openAppDatabase(dataDir);
    const clock = () => new Date();
    const blobs = createBlobStore(dataDir, db, clock);
    const repo = createFilingsRepo(db, clock);
    const ids: string[] = [];
    for (let i = 0; i < FILINGS; i++) {
      const id = randomUUID();
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Pismo xmlns="urn:nadawca:test:crash"><Numer>${i}</Numer><Klient>${id}</Klient><Tresc>Pismo nr ${i} w teście awarii.</Tresc></Pismo>`;
      const sha = blobs.put(Buffer.from(xml, 'utf8'), 'text/xml');
      repo.insert({ id, client_id: randomUUID(), channel: 'epuap', to_address: BOX, addressee_name: 'CUW Cieszyn', title: `Pismo ${i}`, file_name: `Pismo_crash_${i}_${id.slice(0, 8)}.xml`, draft_sha256: sha }, { actor: 'test', kind: 'created' });
      repo.transition(id, ['draft'], 'signed', { signed_sha256: sha }, { actor: 'test', kind: 'signed' });
      repo.transition(id, ['signed'], 'queued', {}, { actor: 'test', kind: 'queued' });
      ids.push(id);
    }
    db.close();
    const env: CrashWorkerEnv = {
      epuapUrl: sim.environment.epuapUrl, subject: sim.environment.sender.subject, replyBox: sim.environment.sender.replyBox,
      system: sim.environment.system, caPem: sim.environment.trustAnchorPems[0]!, reconcileGraceMs: 2_000,
    };
    writeFileSync(join(dataDir, 'crash-env.json'), JSON.stringify(env));

    const started = Date.now();
    let kills = 0;
    let runs = 0;
    for (;;) {
      runs++;
      assert.ok(runs < 400, 'the queue never drained');
      const r = await runWorker(dataDir);
      if (r.killed) { kills++; continue; }
      assert.equal(r.code, 0, r.stderr);
      break;
    }
    const elapsed = Date.now() - started;

    const check = openAppDatabase(dataDir);
    try {
      const repo2 = createFilingsRepo(check, clock);
      const filed = sim.simulator.deliveredTo(BOX);
      let duplicates = 0;
      let reconciled = 0;
      let interrupted = 0;
      let resent = 0;
      for (const id of ids) {
        const f = repo2.get(id);
        assert.equal(f.state, 'delivered', `${f.file_name} is ${f.state}: ${f.last_error ?? ''}`);
        const receipts = check.prepare<[string], { verified: number; checks_json: string }>('SELECT verified, checks_json FROM receipts WHERE filing_id = ?').all(id);
        assert.ok(receipts.length >= 1, `${f.file_name} has no receipt`);
        assert.ok(receipts.every((r) => r.verified === 1), `${f.file_name}: ${receipts.map((r) => r.checks_json).join(' ')}`);
        const copies = filed.filter((d) => d.fileName === f.file_name);
        assert.ok(copies.length >= 1, `${f.file_name} never reached the service`);
        assert.ok(copies.some((d) => d.documentId === f.remote_id), `${f.file_name}: remote id ${f.remote_id} is none of ${copies.map((d) => d.documentId).join(',')}`);
        const events = repo2.events(id).map((e) => e.kind);
        if (copies.length > 1) {
          duplicates++;
          assert.ok(events.includes('duplicate-delivery'), `${f.file_name} was filed ${copies.length} times without being reported: ${events.join(',')}`);
        }
        if (events.includes('reconciled')) reconciled++;
        if (events.includes('interrupted')) interrupted++;
        if (events.includes('not-found')) resent++;
      }
      assert.equal(filed.filter((d) => d.fileName.startsWith('Pismo_crash_')).length, FILINGS + duplicates);
      t.diagnostic(`filings=${FILINGS} runs=${runs} kills=${kills} interrupted=${interrupted} reconciled=${reconciled} resentAfterNotFound=${resent} duplicatesReported=${duplicates} elapsedMs=${elapsed}`);
    } finally {
      check.close();
    }
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
