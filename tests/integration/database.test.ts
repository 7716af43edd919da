import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../native/sqlite';
import { migrate, schemaVersion, openAppDatabase } from '../../electron/node/db/database';
import { MIGRATIONS } from '../../electron/node/db/migrations';
import { createBlobStore, sha256Hex } from '../../electron/node/storage/blob-store';
import { writeFileAtomic } from '../../electron/node/storage/atomic-write';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';

const tempDir = () => mkdtempSync(join(tmpdir(), 'nadawca-db-'));
const clock = () => new Date('2026-11-23T10:00:00Z');

/** A migrated database in a temp folder with one draft filing "f1". */
function withFiling() {
  const dir = tempDir();
  const db = openAppDatabase(dir);
  const blobs = createBlobStore(dir, db, clock);
  const repo = createFilingsRepo(db, clock);
  const sha = blobs.put(Buffer.from('<a/>'), 'text/xml');
  repo.insert({ id: 'f1', client_id: 'c1', channel: 'epuap', to_address: '/A/B', addressee_name: 'A', title: 'T', file_name: 'p.xml', draft_sha256: sha }, { actor: 'test', kind: 'created' });
  return { db, blobs, repo, sha, done: () => { db.close(); rmSync(dir, { recursive: true }); } };
}

test('pragmas: WAL, synchronous FULL, foreign keys', () => {
  const dir = tempDir();
  const db = openAppDatabase(dir);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(schemaVersion(db), MIGRATIONS.length);
  db.close();
  rmSync(dir, { recursive: true });
});

test('migration 1: from an empty database (version 0) to version 1, rows insertable', () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'n.sqlite'));
  assert.equal(schemaVersion(db), 0);
  migrate(db, 1);
  assert.equal(schemaVersion(db), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r) => (r as { name: string }).name);
  for (const t of ['files', 'filings', 'filing_events', 'receipts']) assert.ok(tables.includes(t), t);
  const blobs = createBlobStore(dir, db, clock);
  const sha = blobs.put(Buffer.from('<a/>'), 'text/xml');
  const repo = createFilingsRepo(db, clock);
  repo.insert({ id: 'f1', client_id: 'c1', channel: 'epuap', to_address: '/KRUS/SkrytkaESP', addressee_name: 'KRUS', title: 'T', file_name: 'p.xml', draft_sha256: sha }, { actor: 'test', kind: 'created' });
  assert.equal(repo.get('f1').state, 'draft');
  db.close();
  rmSync(dir, { recursive: true });
});

test('a database newer than the app is refused, not damaged', () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'n.sqlite'));
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  assert.throws(() => migrate(db), /newer than this version/);
  assert.equal(schemaVersion(db), MIGRATIONS.length + 1);
  db.close();
  rmSync(dir, { recursive: true });
});

test('filing events are append-only; receipts are never changed or deleted', () => {
  const { db, blobs, done } = withFiling();
  assert.throws(() => db.prepare("UPDATE filing_events SET kind = 'x'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM filing_events').run(), /append-only/);
  const rsha = blobs.put(Buffer.from('<upp/>'), 'text/xml');
  db.prepare("INSERT INTO receipts (id, filing_id, kind, channel, issuer, file_name, sha256, received_at, verified, checks_json) VALUES ('r1','f1','UPP','epuap','x','UPP.xml',?, 'now', 1, '[]')").run(rsha);
  const other = blobs.put(Buffer.from('<other/>'), 'text/xml');
  assert.throws(() => db.prepare('UPDATE receipts SET sha256 = ?').run(other), /immutable/);
  assert.throws(() => db.prepare('DELETE FROM receipts').run(), /never deleted/);
  done();
});

test('state transitions check the current state and record an event each', () => {
  const { repo, sha, done } = withFiling();
  assert.throws(() => repo.transition('f1', ['signed'], 'queued', {}, { actor: 't', kind: 'queued' }), (e: Error & { code?: string }) => e.code === 'INVALID_STATE');
  repo.transition('f1', ['draft'], 'signed', { signed_sha256: sha }, { actor: 't', kind: 'signed' });
  assert.deepEqual(repo.events('f1').map((e) => e.kind), ['created', 'signed']);
  done();
});

test('blob store: content-addressed, deduplicated, damage detected', () => {
  const dir = tempDir();
  const db = openAppDatabase(dir);
  const blobs = createBlobStore(dir, db, clock);
  const data = Buffer.from('zażółć gęślą jaźń');
  const sha = blobs.put(data, 'text/plain');
  assert.equal(sha, sha256Hex(data));
  assert.equal(blobs.put(data, 'text/plain'), sha);
  assert.deepEqual(Buffer.from(blobs.get(sha)), data);
  writeFileSync(blobs.pathOf(sha), 'tampered');
  assert.throws(() => blobs.get(sha), /damaged/);
  db.close();
  rmSync(dir, { recursive: true });
});

test('atomic write leaves no temp files and replaces content whole', () => {
  const dir = tempDir();
  const file = join(dir, 'sub', 'x.txt');
  writeFileAtomic(file, 'one');
  writeFileAtomic(file, 'two');
  assert.equal(readFileSync(file, 'utf8'), 'two');
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['x.txt']);
  assert.equal(existsSync(file), true);
  rmSync(dir, { recursive: true });
});
