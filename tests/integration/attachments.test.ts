/**
 * Attachments through the real router and services: files staged in chunks, checked by content,
 * against the directory's limits and for duplicates; staging on a real SQLite file and disk.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueMessage, type IssueData } from '../../electron/common/attachment-issues';
import type { ChannelOutput } from '../../electron/common/contract';
import type { AttachmentIssue, StagedAttachment } from '../../electron/common/contract-attachments';
import { openDatabase } from '../../native/sqlite';
import { migrate, openAppDatabase, schemaVersion, type Db } from '../../electron/node/db/database';
import { stageFromPath } from '../../electron/node/attachments/stage-file';
import { cleanStaging, createStaging, resolveStaged, stagingDir } from '../../electron/node/attachments/staging';
import { createDraftsService } from '../../electron/node/drafts/drafts-service';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';
import { createBlobStore } from '../../electron/node/storage/blob-store';
import type { Result } from '../../electron/common/result';
import * as sample from '../harness/sample-files';
import { startTestServices, type TestServices } from '../harness/services';

const MiB = 1024 * 1024;
const KRUS = '/KRUS/SkrytkaESP';
const CUW_CIESZYN = '/ZOJO_Cieszyn/SkrytkaESP';

let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let db: Db;
before(async () => {
  ctx = await startTestServices();
  services = ctx.services;
  // A second connection to the services' database, to look at rows and resolve staged files.
  db = openDatabase(join(ctx.dataDir, 'nadawca.sqlite'));
});
after(async () => {
  db?.close();
  await ctx?.close();
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await services.router(channel, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as T;
}

async function refused(channel: string, input: unknown): Promise<Extract<Result<unknown>, { ok: false }>['error']> {
  const r = await services.router(channel, input);
  assert.equal(r.ok, false, `${channel} should be refused`);
  return (r as Extract<Result<unknown>, { ok: false }>).error;
}

/** Stages bytes the way the renderer does: begin, 1 MiB chunks in order, commit. */
async function stage(fileName: string, data: Buffer): Promise<StagedAttachment> {
  const { stagedId } = await call<{ stagedId: string }>('attachments.stageBegin', { fileName, size: data.length });
  for (let offset = 0; offset < data.length; offset += MiB) {
    const { received } = await call<{ received: number }>('attachments.stageChunk', { stagedId, offset, dataBase64: data.subarray(offset, offset + MiB).toString('base64') });
    assert.equal(received, Math.min(offset + MiB, data.length));
  }
  return call<StagedAttachment>('attachments.stageCommit', { stagedId });
}

/** A real PDF padded after %%EOF to `size` bytes. */
const pdfOf = (size: number) => Buffer.concat([sample.pdf(), randomBytes(Math.max(0, size - sample.pdf().length))]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const check = (inbox: string, stagedIds: string[]) => call<ChannelOutput<'attachments.check'>>('attachments.check', { inbox, stagedIds });
const stagingFiles = () => (existsSync(stagingDir(ctx.dataDir)) ? readdirSync(stagingDir(ctx.dataDir)) : []);

test('a 20 MB file staged in 1 MiB chunks is stored byte for byte with its SHA-256', async () => {
  const data = pdfOf(20 * MiB + 123);
  const staged = await stage('Dokumentacja budowy.pdf', data);
  assert.equal(staged.size, data.length);
  assert.equal(staged.sha256, sha256(data));
  assert.equal(staged.mediaType, 'application/pdf');
  assert.equal(staged.accepted, true);
  assert.equal(staged.safeFileName, 'Dokumentacja_budowy.pdf');
  assert.deepEqual(staged.warnings.map((w) => w.code), ['fileName']);

  const resolved = resolveStaged({ dataDir: ctx.dataDir, db }, staged.stagedId);
  assert.equal(resolved.fileName, 'Dokumentacja_budowy.pdf');
  assert.equal(resolved.sha256, sha256(data));
  assert.ok(readFileSync(resolved.path).equals(data));
  // Committing again answers the same and changes nothing.
  assert.deepEqual(await call('attachments.stageCommit', { stagedId: staged.stagedId }), staged);
});

test('a chunk out of order is refused and the upload goes on from where it was', async () => {
  const data = Buffer.from('Treść załącznika\n'.repeat(200));
  const { stagedId } = await call<{ stagedId: string }>('attachments.stageBegin', { fileName: 'notatka.txt', size: data.length });
  await call('attachments.stageChunk', { stagedId, offset: 0, dataBase64: data.subarray(0, 1000).toString('base64') });
  const skipped = await refused('attachments.stageChunk', { stagedId, offset: 2000, dataBase64: data.subarray(2000, 3000).toString('base64') });
  assert.equal(skipped.code, 'UPLOAD_OUT_OF_ORDER');
  assert.deepEqual([skipped.details?.expected, skipped.details?.received], [1000, 2000]);
  assert.match(skipped.message, /"notatka\.txt".*byte 1000.*byte 2000/);
  const repeated = await refused('attachments.stageChunk', { stagedId, offset: 0, dataBase64: data.subarray(0, 1000).toString('base64') });
  assert.equal(repeated.code, 'UPLOAD_OUT_OF_ORDER');
  await call('attachments.stageChunk', { stagedId, offset: 1000, dataBase64: data.subarray(1000).toString('base64') });
  const staged = await call<StagedAttachment>('attachments.stageCommit', { stagedId });
  assert.equal(staged.sha256, sha256(data));
  assert.equal(staged.mediaType, 'text/plain');
});

test('a commit with the wrong total is refused and leaves nothing in staging', async () => {
  const before = stagingFiles();
  const { stagedId } = await call<{ stagedId: string }>('attachments.stageBegin', { fileName: 'skan.pdf', size: 3000 });
  await call('attachments.stageChunk', { stagedId, offset: 0, dataBase64: pdfOf(1000).toString('base64') });
  const over = await refused('attachments.stageChunk', { stagedId, offset: 1000, dataBase64: randomBytes(2001).toString('base64') });
  assert.equal(over.code, 'UPLOAD_SIZE_MISMATCH');
  const e = await refused('attachments.stageCommit', { stagedId });
  assert.equal(e.code, 'UPLOAD_SIZE_MISMATCH');
  assert.deepEqual([e.details?.declared, e.details?.received], [3000, 1000]);
  assert.deepEqual(stagingFiles(), before, 'no temp file and no staged file left');
  assert.equal((db.prepare('SELECT count(*) AS n FROM staged_attachments WHERE id = ?').get(stagedId) as { n: number }).n, 0);
  assert.equal((await refused('attachments.stageChunk', { stagedId, offset: 1000, dataBase64: 'QUJD' })).code, 'NOT_FOUND');
});

test('chunk input is checked strictly: base64 only, at most 1 MiB decoded, no unknown keys, uuid ids', async () => {
  const { stagedId } = await call<{ stagedId: string }>('attachments.stageBegin', { fileName: 'a.pdf', size: 2 * MiB });
  const bad = [
    { stagedId, offset: 0, dataBase64: randomBytes(MiB + 1).toString('base64') },
    { stagedId, offset: 0, dataBase64: 'QUJD RA==' },
    { stagedId, offset: 0, dataBase64: 'QUJ' },
    { stagedId, offset: -1, dataBase64: 'QUJD' },
    { stagedId, offset: 0, dataBase64: 'QUJD', extra: true },
    { stagedId: '../../etc/passwd', offset: 0, dataBase64: 'QUJD' },
  ];
  for (const input of bad) assert.equal((await refused('attachments.stageChunk', input)).code, 'INVALID_INPUT', JSON.stringify(input).slice(0, 80));
  assert.equal((await refused('attachments.stageBegin', { fileName: 'a.pdf', size: 2 * 1024 ** 3 })).code, 'INVALID_INPUT');
  assert.deepEqual(await call('attachments.stageChunk', { stagedId, offset: 0, dataBase64: randomBytes(MiB).toString('base64') }), { received: MiB });
  assert.deepEqual(await call('attachments.stageDiscard', { stagedId }), { discarded: true });
  assert.deepEqual(await call('attachments.stageDiscard', { stagedId }), { discarded: false });
});

test('over the KRUS limit the attachments are refused (counted as base64); the same go to CUW Cieszyn', async () => {
  // 2.5 MB of file is 3.3 MB of base64 in the pismo: over KRUS's 3 MB although the file is not.
  const staged = await stage('mapa.pdf', pdfOf(2.5 * MiB));
  const krus = await check(KRUS, [staged.stagedId]);
  assert.equal(krus.limitBytes, 3 * MiB);
  assert.equal(krus.scope, 'attachments');
  assert.equal(krus.usedBytes, 4 * Math.ceil(staged.size / 3));
  assert.deepEqual(krus.problems.map((p) => p.code), ['overLimit']);
  assert.equal(krus.inboxName, 'Kasa Rolniczego Ubezpieczenia Społecznego Centrala');
  assert.equal(krus.problems[0]!.message, 'Kasa Rolniczego Ubezpieczenia Społecznego Centrala accepts at most 3 MB of attachments; these files take 3.3 MB (as encoded in the letter). Split them across several letters.');
  assert.match(issueMessage('pl', krus.problems[0]! as IssueData), /^Kasa Rolniczego Ubezpieczenia Społecznego Centrala przyjmuje najwyżej 3 MB załączników; te pliki mają 3,3 MB/);

  const cuw = await check(CUW_CIESZYN, [staged.stagedId]);
  assert.deepEqual(cuw.problems, []);
  assert.deepEqual([cuw.limitBytes, cuw.scope, cuw.inboxName], [150 * MiB, 'attachments', 'Centrum Usług Wspólnych w Cieszynie']);
  assert.deepEqual(cuw.files, [{ stagedId: staged.stagedId, safeFileName: 'mapa.pdf', accepted: true }]);
});

test('above 90 % of the limit a warning, no problem', async () => {
  const staged = await stage('wniosek.pdf', pdfOf(Math.floor(0.95 * 3 * MiB * 3 / 4)));
  const r = await check(KRUS, [staged.stagedId]);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.warnings.map((w) => [w.code, w.params.percent]), [['nearLimit', 95]]);
});

test('the same content twice is flagged naming both files; equal names are made unique', async () => {
  const data = pdfOf(10_000);
  const a = await stage('umowa.pdf', data);
  const b = await stage('umowa (kopia).pdf', data);
  const c = await stage('umowa.pdf', pdfOf(20_000));
  const r = await check(CUW_CIESZYN, [a.stagedId, b.stagedId, c.stagedId]);
  const duplicate = r.warnings.find((w: AttachmentIssue) => w.code === 'duplicate')!;
  assert.deepEqual([duplicate.file, duplicate.params.other], ['umowa (kopia).pdf', 'umowa.pdf']);
  assert.equal(duplicate.message, '"umowa (kopia).pdf" has the same content as "umowa.pdf".');
  assert.deepEqual(r.files.map((f) => f.safeFileName), ['umowa.pdf', 'umowa_(kopia).pdf', 'umowa_2.pdf']);
});

test('an .exe renamed .pdf is refused, the message naming the file and what it is (en, and pl from its params)', async () => {
  const staged = await stage('faktura.pdf', sample.windowsProgram());
  assert.equal(staged.accepted, false);
  assert.equal(staged.mediaType, 'application/x-msdownload');
  assert.deepEqual(staged.problems.map((p) => [p.code, p.file]), [['program', 'faktura.pdf']]);
  assert.equal(staged.problems[0]!.message, '"faktura.pdf" is really a program (EXE (Windows)), not a document, and cannot be sent. Public bodies do not accept programs.');
  assert.equal(issueMessage('pl', staged.problems[0]! as IssueData), '„faktura.pdf” to w rzeczywistości program (EXE (Windows)), a nie dokument — nie można go wysłać. Urzędy nie przyjmują programów.');
  assert.deepEqual((await check(CUW_CIESZYN, [staged.stagedId])).files[0]!.accepted, false);
  assert.throws(() => resolveStaged({ dataDir: ctx.dataDir, db }, staged.stagedId), (e: Error & { code?: string }) => e.code === 'ATTACHMENT_REFUSED');
});

test('a PDF named .txt is accepted as a PDF, with the rename suggested', async () => {
  const staged = await stage('skan.txt', sample.pdf());
  assert.equal(staged.accepted, true);
  assert.equal(staged.mediaType, 'application/pdf');
  assert.deepEqual(staged.warnings.map((w) => [w.code, w.params.suggested]), [['extensionMismatch', 'skan.pdf']]);
});

test('a discarded staged file is gone from disk and cannot be resolved', async () => {
  const staged = await stage('a.pdf', sample.pdf());
  const path = resolveStaged({ dataDir: ctx.dataDir, db }, staged.stagedId).path;
  assert.deepEqual(await call('attachments.stageDiscard', { stagedId: staged.stagedId }), { discarded: true });
  assert.equal(existsSync(path), false);
  assert.throws(() => resolveStaged({ dataDir: ctx.dataDir, db }, staged.stagedId), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
  assert.equal((await refused('attachments.check', { inbox: KRUS, stagedIds: [staged.stagedId] })).code, 'NOT_FOUND');
});

// --- without the router -----------------------------------------------------------------------

function tempData() {
  const dataDir = mkdtempSync(join(tmpdir(), 'nadawca-staging-'));
  const database = openAppDatabase(dataDir);
  return { dataDir, db: database, done: () => { database.close(); rmSync(dataDir, { recursive: true, force: true }); } };
}

test('on start, uploads never committed are removed after 24 h', async () => {
  const { dataDir, db: database, done } = tempData();
  const t0 = new Date('2026-11-23T10:00:00Z');
  const staging = createStaging({ dataDir, db: database, clock: () => t0 });
  const kept = await staging.begin('kept.pdf', 10);
  await staging.chunk(kept, 0, Buffer.from('%PDF-1.4\n\n'));
  const committed = (await staging.commit(kept)).id;
  createDraftsService({ db: database, clock: () => t0 }).save({ spec: { attachments: [{ stagedId: committed }] } });
  const old = await staging.begin('old.pdf', 10);
  await staging.chunk(old, 0, Buffer.from('%PDF-'));
  const rows = () => (database.prepare('SELECT id FROM staged_attachments ORDER BY id').all() as { id: string }[]).map((r) => r.id).sort();

  cleanStaging({ dataDir, db: database, clock: () => new Date(t0.getTime() + 23 * 3600_000) });
  assert.deepEqual(rows(), [committed, old].sort());
  assert.equal(readdirSync(stagingDir(dataDir)).length, 2, 'the staged file and the temp file of the unfinished upload');

  // 25 h later (file times are real time, so the clock goes further than that).
  cleanStaging({ dataDir, db: database, clock: () => new Date(Date.now() + 25 * 3600_000) });
  assert.deepEqual(rows(), [committed]);
  assert.deepEqual(readdirSync(stagingDir(dataDir)), [committed]);
  await staging.discard(old); // closes the temp file this process still holds
  done();
});

test('committed files stay while an unfiled draft uses them, 30 days after a filing used them, otherwise a day', async () => {
  const { dataDir, db: database, done } = tempData();
  const t0 = new Date('2026-11-23T10:00:00Z');
  const at = (days: number) => () => new Date(t0.getTime() + days * 24 * 3600_000 + 60_000);
  const staging = createStaging({ dataDir, db: database, clock: () => t0 });
  const stage = async (name: string) => {
    const id = await staging.begin(name, 10);
    await staging.chunk(id, 0, Buffer.from('%PDF-1.4\n\n'));
    return (await staging.commit(id)).id;
  };
  const [inDraft, filed, filedViaDraft, unused] = [await stage('szkic.pdf'), await stage('wyslany.pdf'), await stage('z-pisma.pdf'), await stage('porzucony.pdf')];
  const drafts = createDraftsService({ db: database, clock: () => t0 });
  drafts.save({ spec: { title: 'Szkic', attachments: [{ stagedId: inDraft }] } });
  const repo = createFilingsRepo(database, () => t0);
  const document = createBlobStore(dataDir, database, () => t0).put(Buffer.from('<pismo/>'), 'application/xml');
  for (const [id, stagedId] of [['00000000-0000-4000-8000-000000000001', filed], ['00000000-0000-4000-8000-000000000002', filedViaDraft]] as const) {
    repo.insert({ id, client_id: id, channel: 'epuap', to_address: '/KRUS/SkrytkaESP', addressee_name: 'KRUS', title: 'Pismo', file_name: 'pismo.xml', draft_sha256: document }, { actor: 'test', kind: 'created' });
    database.prepare('UPDATE filings SET spec_json = ? WHERE id = ?').run(JSON.stringify({ attachments: [{ stagedId }] }), id);
  }
  drafts.save({ spec: { title: 'Z pisma', attachments: [{ stagedId: filedViaDraft }] }, filingId: '00000000-0000-4000-8000-000000000002' });
  const present = () => new Set(readdirSync(stagingDir(dataDir)));
  const resolvable = (id: string) => { try { resolveStaged({ dataDir, db: database }, id); return true; } catch { return false; } };

  cleanStaging({ dataDir, db: database, clock: at(2) });
  assert.deepEqual([inDraft, filed, filedViaDraft, unused].map(resolvable), [true, true, true, false], 'the unused one goes after a day');
  assert.equal(present().has(unused), false);

  cleanStaging({ dataDir, db: database, clock: at(31) });
  assert.deepEqual([inDraft, filed, filedViaDraft].map(resolvable), [true, false, false], 'filed ones go after 30 days; the unfiled draft keeps its file');
  assert.deepEqual([...present()], [inDraft]);
  // "New from this one" still makes the draft; opening it, the compose screen says the file is gone.
  const copy = drafts.duplicate({ filingId: '00000000-0000-4000-8000-000000000001' });
  assert.deepEqual(copy.spec.attachments, [{ stagedId: filed }]);
  done();
});

test('stageFromPath streams a local file into staging (the CLI helper)', async () => {
  const { dataDir, db: database, done } = tempData();
  const file = join(dataDir, 'Załącznik nr 1.PDF');
  const data = pdfOf(3 * MiB + 5);
  writeFileSync(file, data);
  const staged = await stageFromPath({ dataDir, db: database, clock: () => new Date(), lang: () => 'pl' }, file);
  assert.deepEqual([staged.fileName, staged.safeFileName, staged.size, staged.sha256, staged.accepted], ['Załącznik nr 1.PDF', 'Załącznik_nr_1.pdf', data.length, sha256(data), true]);
  assert.match(staged.warnings[0]!.message, /zostanie wysłany jako „Załącznik_nr_1\.pdf”/);
  assert.ok(readFileSync(resolveStaged({ dataDir, db: database }, staged.stagedId).path).equals(data));
  await assert.rejects(stageFromPath({ dataDir, db: database, clock: () => new Date(), lang: () => 'pl' }, join(dataDir, 'nie-ma.pdf')),
    (e: Error & { code?: string; details?: { reason?: string } }) => e.code === 'ATTACHMENT_UNREADABLE' && e.details?.reason === 'notFound');
  done();
});

test('migration 3: a database at version 2 keeps its rows and gains staged_attachments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-db-'));
  const database = openDatabase(join(dir, 'n.sqlite'));
  migrate(database, 2);
  database.prepare("INSERT INTO files (sha256, size, media_type, created_at) VALUES (?, 1, 'text/plain', 'now')").run('a'.repeat(64));
  migrate(database, 3);
  assert.equal(schemaVersion(database), 3);
  assert.equal((database.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n, 1);
  const columns = (database.prepare('PRAGMA table_info(staged_attachments)').all() as { name: string }[]).map((c) => c.name);
  assert.deepEqual(columns, ['id', 'original_name', 'safe_name', 'size', 'sha256', 'media_type', 'format', 'accepted', 'created_at', 'committed_at']);
  assert.throws(() => database.prepare("INSERT INTO staged_attachments (id, original_name, safe_name, size, created_at, committed_at) VALUES ('x', 'a', 'a', 1, 'now', 'now')").run(), /CHECK/);
  database.close();
  rmSync(dir, { recursive: true });
});
