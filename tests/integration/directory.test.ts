/**
 * The inbox directory through the real router of startTestServices() and real SQLite files:
 * the seed on first start, inbox limits for the attachment checks, add/edit/delete with the
 * user's layer surviving a restart and a seed update, CSV and JSON round trips, field-named errors,
 * and migration 2 from a version-1 database.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirectoryEntry, DirectoryEntryView, ImportReport, Proposal } from '../../electron/common/contract-directory';
import type { Result } from '../../electron/common/result';
import { migrate, openAppDatabase, schemaVersion } from '../../electron/node/db/database';
import { createDirectoryService } from '../../electron/node/directory/directory-service';
import { inboxFormats, inboxLimit } from '../../electron/node/directory/limits';
import { readSeed, syncSeed } from '../../electron/node/directory/seed';
import { createBlobStore } from '../../electron/node/storage/blob-store';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';
import { openDatabase, type Db } from '../../native/sqlite';
import { startTestServices } from '../harness/services';

const MB = 1024 * 1024;
const SEED_COUNT = 23;
const clock = () => new Date('2026-11-23T10:00:00Z');
type Ctx = Awaited<ReturnType<typeof startTestServices>>;

describe('directory through the router', { timeout: 240_000 }, () => {
  let ctx: Ctx;
  /** The data folder of the first start, reused by the restart (the harness's own folder is then unused). */
  let dataDir: string;
  /** A second connection to the app's database file, as the attachment checks read it. */
  let db: Db;

  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await ctx.services.router(channel, input);
    assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
    return r.value as T;
  };
  const fail = async (channel: string, input: unknown) => {
    const r = (await ctx.services.router(channel, input)) as Result<unknown>;
    assert.equal(r.ok, false, `${channel} should fail`);
    return (r as Extract<Result<unknown>, { ok: false }>).error;
  };
  const search = (query: string) => call<{ entries: DirectoryEntryView[]; total: number }>('directory.search', { query, limit: 500 });

  before(async () => {
    ctx = await startTestServices();
    dataDir = ctx.dataDir;
    db = openDatabase(join(dataDir, 'nadawca.sqlite'));
  });
  after(async () => {
    db?.close();
    await ctx?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the seed is in place on first start', async () => {
    const all = await search('');
    assert.equal(all.total, SEED_COUNT);
    assert.ok(all.entries.every((e) => e.origin === 'seed'));
    const krus = await call<DirectoryEntryView>('directory.get', { id: 'krus-centrala' });
    assert.equal(krus.epuap?.address, '/KRUS/SkrytkaESP');
    assert.equal((await search('lodz')).entries[0]?.id, 'krus-or-lodz');
    assert.deepEqual((await search('czestochowa')).entries.map((e) => e.id), ['krus-or-czestochowa', 'um-czestochowa']);
    const limited = await call<{ entries: DirectoryEntryView[]; total: number }>('directory.search', { query: 'kasa', limit: 5 });
    assert.deepEqual([limited.entries.length, limited.total], [5, 17]);
  });

  test('inboxLimit: KRUS 3 MB for all attachments, Cieszyn CUW 150 MB; ePUAP boxes compared case-sensitively', () => {
    assert.deepEqual(inboxLimit(db, '/KRUS/SkrytkaESP'), { bytes: 3 * MB, scope: 'attachments', inboxName: 'Kasa Rolniczego Ubezpieczenia Społecznego Centrala' });
    assert.deepEqual(inboxLimit(db, ' /ZOJO_Cieszyn/skrytka '), { bytes: 150 * MB, scope: 'attachments', inboxName: 'Centrum Usług Wspólnych w Cieszynie' });
    assert.deepEqual(inboxLimit(db, '/ZOJO_Cieszyn/SkrytkaESP')?.bytes, 150 * MB);
    assert.equal(inboxLimit(db, '/krus/skrytkaesp'), null);
    assert.equal(inboxLimit(db, '/u390efc0tm/SEKAP'), null, 'known box, no limit on its page');
    assert.equal(inboxLimit(db, '/nikt/nic'), null);
  });

  test('inboxFormats: the CUW Cieszyn allow-list; null where the page narrows nothing', () => {
    assert.deepEqual(inboxFormats(db, '/ZOJO_Cieszyn/skrytka'), ['doc', 'rtf', 'xls', 'csv', 'txt', 'gif', 'tif', 'bmp', 'jpg', 'pdf', 'zip']);
    assert.equal(inboxFormats(db, '/KRUS/SkrytkaESP'), null);
    assert.equal(inboxFormats(db, '/nikt/nic'), null);
  });

  test('invalid entries are refused naming the fields; unknown ids are NOT_FOUND', async () => {
    const error = await fail('directory.save', { entry: { name: ' ', epuap: { address: 'KRUS/SkrytkaESP' }, edoreczenia: { address: 'AE:PL-1' }, sizeLimit: { bytes: -1, scope: 'total' }, allowedFormats: ['.pdf'], verifiedOn: '2026-02-30' } });
    assert.equal(error.code, 'INVALID_INPUT');
    assert.deepEqual(error.details?.fields, ['entry.name', 'entry.epuap.address', 'entry.edoreczenia.address', 'entry.sizeLimit.bytes', 'entry.sizeLimit.scope', 'entry.allowedFormats.0', 'entry.verifiedOn']);
    assert.equal((await fail('directory.save', { entry: { id: 'nie-ma-takiego', name: 'X' } })).code, 'NOT_FOUND');
    assert.equal((await fail('directory.delete', { id: 'nie-ma-takiego' })).code, 'NOT_FOUND');
    assert.equal((await fail('directory.get', { id: '../etc' })).code, 'INVALID_INPUT');
    assert.equal((await search('')).total, SEED_COUNT, 'nothing was written');
  });

  test('add, edit a seed entry, hide a seed entry, delete an own entry; propose by date', async () => {
    const added = await call<DirectoryEntryView>('directory.save', {
      entry: { name: 'Urząd Gminy Testowo', town: 'Testowo', edoreczenia: { address: ' ae:pl-28080-40239-tusbf-26 ' }, epuap: { address: '/ug_testowo/SkrytkaESP' } },
    });
    assert.match(added.id, /^u-[0-9a-f-]{36}$/);
    assert.equal(added.origin, 'user');
    assert.equal(added.edoreczenia?.address, 'AE:PL-28080-40239-TUSBF-26', 'ADE normalised');
    assert.deepEqual(await call<Proposal>('directory.propose', { id: added.id, date: '2026-02-02' }), { channel: 'edoreczenia', address: 'AE:PL-28080-40239-TUSBF-26', reason: 'edoreczenia-primary' });
    assert.deepEqual(await call<Proposal>('directory.propose', { id: added.id, date: '2025-12-31' }), { channel: 'epuap', address: '/ug_testowo/SkrytkaESP', reason: 'epuap-before-2026' });
    assert.deepEqual(await call<Proposal>('directory.propose', { id: 'krus-centrala', date: '2026-02-02' }), { channel: 'epuap', address: '/KRUS/SkrytkaESP', reason: 'epuap-no-ade' });
    assert.deepEqual(await call<Proposal>('directory.propose', { id: 'krus-or-lodz', date: '2026-02-02' }), { channel: 'manual', address: null, reason: 'no-address' });

    // The user learns KRUS Łódź's box and narrows the headquarters' limit.
    const lodz = await call<DirectoryEntryView>('directory.get', { id: 'krus-or-lodz' });
    const { origin: _o, ...lodzEntry } = lodz;
    const edited = await call<DirectoryEntryView>('directory.save', { entry: { ...lodzEntry, epuap: { address: '/krus_lodz/SkrytkaESP' }, verifiedOn: '2026-11-20' } });
    assert.equal(edited.origin, 'edited');
    assert.deepEqual(await call<Proposal>('directory.propose', { id: 'krus-or-lodz', date: '2026-02-02' }), { channel: 'epuap', address: '/krus_lodz/SkrytkaESP', reason: 'epuap-no-ade' });
    const { origin: _k, ...krus } = await call<DirectoryEntryView>('directory.get', { id: 'krus-centrala' });
    await call('directory.save', { entry: { ...krus, sizeLimit: { bytes: 2 * MB, scope: 'attachments' } } });
    assert.equal(inboxLimit(db, '/KRUS/SkrytkaESP')?.bytes, 2 * MB, 'limits read the user’s layer');

    assert.deepEqual(await call('directory.delete', { id: 'krus-or-opole' }), { outcome: 'hidden' });
    assert.equal((await fail('directory.get', { id: 'krus-or-opole' })).code, 'NOT_FOUND');
    assert.equal((await search('opole')).total, 0);

    const scratch = await call<DirectoryEntryView>('directory.save', { entry: { name: 'Do usunięcia' } });
    assert.deepEqual(await call('directory.delete', { id: scratch.id }), { outcome: 'deleted' });
    assert.equal((await search('')).total, SEED_COUNT + 1 - 1);
  });

  test('CSV and JSON: export → import says every entry is unchanged; a new and a changed row are counted', async () => {
    for (const format of ['csv', 'json'] as const) {
      const exported = await call<{ text: string; fileName: string }>('directory.export', { format });
      assert.equal(exported.fileName, `ksiazka-adresowa-${new Date().toISOString().slice(0, 10)}.${format}`);
      const report = await call<ImportReport>('directory.import', { format, text: exported.text });
      assert.deepEqual(report, { added: 0, updated: 0, unchanged: SEED_COUNT, errors: [] }, format);
      assert.equal((await call<{ text: string }>('directory.export', { format })).text, exported.text, `${format}: unchanged by its own import`);
    }
    const csv = (await call<{ text: string }>('directory.export', { format: 'csv' })).text;
    const changed = csv
      .replace('Elektroniczna skrzynka podawcza ZUS w ePUAP.', '"Skrytka ZUS, „sprawdzona”\r\nponownie."')
      .concat('"","Sąd Rejonowy w Cieszynie, ""Wydział I""",Cieszyn,public,,,AE:PL-41204-88565-UWDWA-29,,,,,,\r\n');
    assert.deepEqual(await call<ImportReport>('directory.import', { format: 'csv', text: changed }), { added: 1, updated: 1, unchanged: SEED_COUNT - 1, errors: [] });
    const zus = await call<DirectoryEntryView>('directory.get', { id: 'zus' });
    assert.equal(zus.epuap?.note, 'Skrytka ZUS, „sprawdzona”\r\nponownie.');
    assert.equal(zus.origin, 'edited');
    const court = (await search('sad rejonowy cieszyn')).entries;
    assert.deepEqual(court.map((e) => [e.name, e.edoreczenia?.address, e.origin]), [['Sąd Rejonowy w Cieszynie, "Wydział I"', 'AE:PL-41204-88565-UWDWA-29', 'user']]);
  });

  test('an import with invalid rows imports nothing and names rows and fields', async () => {
    const before = (await call<{ text: string }>('directory.export', { format: 'json' })).text;
    const report = await call<ImportReport>('directory.import', {
      format: 'csv',
      text: 'name,epuapAddress,sizeLimitBytes,sizeLimitScope\r\nDobry,/dobry/SkrytkaESP,,\r\nZły,dobry/SkrytkaESP,3MB,attachments\r\n,,,\r\n"",/x/y,,\r\n',
    });
    assert.deepEqual(report, {
      added: 0,
      updated: 0,
      unchanged: 0,
      errors: [
        { line: 3, fields: ['epuapAddress', 'sizeLimitBytes'] },
        { line: 5, fields: ['name'] },
      ],
    });
    const json = await call<ImportReport>('directory.import', { format: 'json', text: '{"format":"nadawca.directory","version":1,"entries":[{"name":"A","kind":"company"}]}' });
    assert.deepEqual(json.errors, [{ line: 1, fields: ['kind'] }]);
    assert.equal((await call<{ text: string }>('directory.export', { format: 'json' })).text, before);
  });

  test('a restart (the seed loaded again) keeps every edit, deletion and own entry', async () => {
    const exported = (await call<{ text: string }>('directory.export', { format: 'json' })).text;
    await ctx.services.close();
    db.close();
    ctx = await startTestServices({ dataDir });
    db = openDatabase(join(dataDir, 'nadawca.sqlite'));
    assert.equal((await call<{ text: string }>('directory.export', { format: 'json' })).text, exported);
    assert.equal((await call<DirectoryEntryView>('directory.get', { id: 'krus-or-lodz' })).epuap?.address, '/krus_lodz/SkrytkaESP');
    assert.equal((await fail('directory.get', { id: 'krus-or-opole' })).code, 'NOT_FOUND');
    assert.equal(inboxLimit(db, '/KRUS/SkrytkaESP')?.bytes, 2 * MB);
  });
});

describe('directory store', () => {
  const entry = (id: string, name: string, notes = ''): DirectoryEntry => ({ id, name, kind: 'public', notes, source: 'test', verifiedOn: '2026-11-23' });
  let dir: string;
  let db: Db;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nadawca-dir-'));
    db = openAppDatabase(dir);
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a seed update reaches untouched entries, never the user’s edits or deletions', () => {
    const v1 = [entry('a', 'A'), entry('b', 'B'), entry('c', 'C'), entry('d', 'D')];
    const first = createDirectoryService({ db, clock, seed: v1 });
    first.save({ ...entry('b', 'B'), notes: 'moja notatka' });
    first.remove('c');
    first.remove('d');
    assert.deepEqual(syncSeed(db, v1, clock().toISOString()), { written: 0, removed: 0 }, 'idempotent');

    const v2 = [entry('a', 'A', 'nowa wersja'), entry('b', 'B', 'nowa wersja'), entry('c', 'C', 'nowa wersja'), entry('e', 'E')];
    const second = createDirectoryService({ db, clock, seed: v2 });
    const shown = second.search('').entries.map((e) => [e.id, e.notes, e.origin]);
    assert.deepEqual(shown, [
      ['a', 'nowa wersja', 'seed'],
      ['b', 'moja notatka', 'edited'],
      ['e', '', 'seed'],
    ]);
    // d left the seed: its "hidden" marker went with it.
    assert.equal(db.prepare("SELECT count(*) FROM directory_entries WHERE id = 'd'").pluck().get(), 0);
    // Saving a seed entry back to what ships drops the user's copy: later seed updates reach it again.
    second.save(entry('b', 'B', 'nowa wersja'));
    assert.equal(second.get('b').origin, 'seed');
  });

  test('a JSON or CSV export imports into a fresh database and exports to the same text', () => {
    const seed = readSeed();
    const source = createDirectoryService({ db, clock, seed });
    source.save({ name: 'Urząd, „cudzysłowy” i "cytaty"', town: 'Łódź', notes: 'dwie\r\nlinie', edoreczenia: { address: 'AE:PL-61360-92303-WGCGF-27' } });
    for (const format of ['csv', 'json'] as const) {
      const text = source.exportText(format).text;
      const freshDir = mkdtempSync(join(tmpdir(), 'nadawca-dir-'));
      const freshDb = openAppDatabase(freshDir);
      try {
        const fresh = createDirectoryService({ db: freshDb, clock, seed });
        const report = fresh.importText(format, text);
        assert.deepEqual(report.errors, []);
        assert.ok(report.added >= 1, format);
        assert.equal(fresh.exportText(format).text, text, format);
      } finally {
        freshDb.close();
        rmSync(freshDir, { recursive: true, force: true });
      }
    }
  });

  test('migration 2 from a version-1 database with a filing: tables, view and rules', () => {
    const mdir = mkdtempSync(join(tmpdir(), 'nadawca-m2-'));
    const mdb = openDatabase(join(mdir, 'n.sqlite'));
    try {
      migrate(mdb, 1);
      const blobs = createBlobStore(mdir, mdb, clock);
      const sha = blobs.put(Buffer.from('<a/>'), 'text/xml');
      createFilingsRepo(mdb, clock).insert({ id: 'f1', client_id: 'c1', channel: 'epuap', to_address: '/KRUS/SkrytkaESP', addressee_name: 'KRUS', title: 'T', file_name: 'p.xml', draft_sha256: sha }, { actor: 'test', kind: 'created' });
      migrate(mdb, 2);
      assert.equal(schemaVersion(mdb), 2);
      assert.equal(mdb.prepare('SELECT count(*) FROM filings').pluck().get(), 1, 'filings kept');
      const objects = mdb.prepare("SELECT type || ':' || name FROM sqlite_master WHERE name LIKE 'directory%' ORDER BY 1").pluck().all();
      assert.deepEqual(objects, ['index:directory_entries_ade', 'index:directory_entries_epuap', 'table:directory_entries', 'view:directory_visible']);
      const insert = mdb.prepare("INSERT INTO directory_entries (id, layer, hidden, name, kind, limit_bytes, limit_scope, notes, source, updated_at) VALUES (?, ?, ?, 'X', 'public', ?, ?, '', '', 'now')");
      insert.run('a', 'seed', 0, 1, 'file');
      insert.run('a', 'user', 1, null, null);
      assert.throws(() => insert.run('b', 'seed', 1, null, null), /CHECK/, 'only the user hides');
      assert.throws(() => insert.run('c', 'user', 0, 5, null), /CHECK/, 'a limit has a scope');
      assert.throws(() => insert.run('a', 'seed', 0, null, null), /UNIQUE|PRIMARY/, 'one row per id and layer');
      assert.equal(mdb.prepare('SELECT count(*) FROM directory_visible').pluck().get(), 0, 'the hidden entry is not visible');
    } finally {
      mdb.close();
      rmSync(mdir, { recursive: true, force: true });
    }
  });
});
