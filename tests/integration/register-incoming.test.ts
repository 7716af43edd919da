/**
 * The register's received correspondence over real components: letters from a public body arrive
 * in the e-Doręczenia simulator's box (D.1 chosen, injectable clock), the deadline register picks
 * them up, one is collected through the channel's mailbox (opening = collection, E.1), the other is
 * deemed delivered; an ePUAP document is collected into incoming_documents. Migration 012's
 * triggers keep the register in step: direction, sender, subject, dates, state, full-text search,
 * filters, the CSV journal with both directions, each letter's history. The backfill of a database
 * that already held letters gives the same rows as the triggers.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrate, openAppDatabase, type Db } from '../../electron/node/db/database';
import { openDatabase } from '../../native/sqlite';
import { createDeadlinesService } from '../../electron/node/deadlines/deadlines-service';
import { edoreczeniaIncomingSource } from '../../electron/node/deadlines/edoreczenia-source';
import { createEdoreczeniaClient } from '../../electron/node/edoreczenia/client';
import { createMailbox } from '../../electron/node/edoreczenia/mailbox';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';
import { silentLogger } from '../../electron/node/logger';
import { createIncomingStore } from '../../electron/node/outbox/incoming-store';
import { incomingHistory } from '../../electron/node/register/incoming-history';
import { JOURNAL_FLOWS, JOURNAL_HEADERS } from '../../electron/node/register/journal-headers';
import { createRegister } from '../../electron/node/register/register';
import { createBlobStore } from '../../electron/node/storage/blob-store';
import { OWN_BOX, PUBLIC_BOX, startEdoreczeniaFixture, type EdoreczeniaFixture } from '../harness/edoreczenia';

let now = new Date('2026-05-21T08:00:00Z');
const clock = () => now;
let fx: EdoreczeniaFixture;
let db: Db;
let dir: string;

before(async () => {
  fx = await startEdoreczeniaFixture({ clock });
  dir = mkdtempSync(join(tmpdir(), 'nadawca-register-in-'));
  db = openAppDatabase(dir);
});
after(async () => {
  db?.close();
  await fx?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What register_incoming holds, without rowids (compared across databases). */
const indexRows = (d: Db) => d.prepare('SELECT * FROM register_incoming ORDER BY id').all();

describe('register: received correspondence', { timeout: 120_000 }, () => {
  it('lists received letters beside sent ones with their dates and states; searches, filters, exports, shows history', async () => {
    const blobs = createBlobStore(dir, db, clock);
    const client = createEdoreczeniaClient(fx.clientOptions());
    const mailbox = createMailbox({ client: () => client, db, blobs, clock });
    const deadlines = createDeadlinesService({ db, clock, lang: () => 'pl', logger: silentLogger });
    deadlines.registerIncomingSource(edoreczeniaIncomingSource(() => mailbox));
    const register = createRegister(db);

    // A letter the user sent earlier (out).
    const repo = createFilingsRepo(db, clock);
    const sha = blobs.put(Buffer.from('<Pismo/>'), 'text/xml');
    repo.insert({ id: 'sent-1', client_id: randomUUID(), channel: 'epuap', to_address: '/ZUS/SkrytkaESP', addressee_name: 'Zakład Ubezpieczeń Społecznych', title: 'Wniosek o zaświadczenie', file_name: 'Wniosek.xml', draft_sha256: sha, case_ref: 'ZUS.123' }, { actor: 'test', kind: 'created' });

    now = new Date('2026-05-21T08:30:00Z');
    const d1 = new Date('2026-05-21T08:00:00Z');
    await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Decyzja w sprawie podatku', caseId: 'US.4210.17.2026', d1, files: [{ name: 'decyzja.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 decyzja') }] });
    await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Wezwanie do uzupełnienia', d1 });
    await deadlines.refreshIncoming();

    let received = register.query({ flow: 'in' });
    assert.equal(received.total, 2);
    assert.ok(received.items.every((i) => i.flow === 'in' && i.state === 'awaiting' && i.availableAt === d1.toISOString() && i.collectedAt === null));
    assert.deepEqual(received.items.map((i) => i.title).sort(), ['Decyzja w sprawie podatku', 'Wezwanie do uzupełnienia']);

    // Collected on day 3 through the mailbox: opening is collection (E.1 in the deadline register, opened in the mailbox).
    now = new Date('2026-05-24T09:15:00Z');
    const decyzja = deadlines.items('incoming').find((i) => i.title === 'Decyzja w sprawie podatku')!;
    await deadlines.collect(decyzja.id);
    // An ePUAP document collected from the reply box.
    createIncomingStore(db, blobs, clock).store('epuap', { box: '/nadawca/SkrytkaESP', from: 'Urząd Skarbowy w Cieszynie', fileName: 'Postanowienie.xml', bytes: Buffer.from('<Postanowienie/>'), sentAt: '2026-05-24T08:00:00Z' });

    // The other runs out: deemed delivered the day after the collection period.
    now = new Date('2026-06-06T06:00:00Z');
    await fx.sim.advance(0);
    deadlines.items('incoming'); // the deadline register writes the deemed delivery when it looks
    received = register.query({ flow: 'in', sort: 'title', direction: 'asc' });
    assert.deepEqual(received.items.map((i) => [i.title, i.state, i.channel]), [
      ['Decyzja w sprawie podatku', 'collected', 'edoreczenia'],
      ['Postanowienie.xml', 'collected', 'epuap'],
      ['Wezwanie do uzupełnienia', 'deemed', 'edoreczenia'],
    ]);
    const collected = received.items[0]!;
    assert.equal(collected.collectedAt, '2026-05-24T09:15:00.000Z');
    assert.equal(collected.caseRef, 'US.4210.17.2026', "the sender's case reference (MessageMetadata.caseId) once collected");
    assert.deepEqual(register.query({ text: 'US.4210' }).items.map((i) => i.id), [collected.id], 'searched by case reference');
    assert.equal(collected.deliveredAt, collected.collectedAt);
    assert.ok(received.items[2]!.deliveredAt?.startsWith('2026-06-0'), 'deemed delivery date');

    // Both directions, newest first; direction and state filters; full-text over received letters.
    const all = register.query({});
    assert.equal(all.total, 4);
    assert.deepEqual(all.items.map((i) => i.flow), ['in', 'in', 'in', 'out']);
    assert.equal(register.query({ flow: 'out' }).total, 1);
    assert.deepEqual(register.query({ states: ['deemed'] }).items.map((i) => i.title), ['Wezwanie do uzupełnienia']);
    assert.deepEqual(register.query({ states: ['draft', 'awaiting'] }).items.map((i) => i.id), ['sent-1'], 'filing and incoming states in one filter');
    assert.deepEqual(register.query({ text: 'decyzja podatku' }).items.map((i) => i.id), [collected.id]);
    assert.deepEqual(register.query({ text: 'skarbowy' }).items.map((i) => i.title), ['Postanowienie.xml'], 'the sender is searched');
    assert.equal(register.query({ text: 'ZUS' }).items[0]!.id, 'sent-1');
    assert.equal(register.query({ channel: 'epuap' }).total, 2);
    assert.equal(register.query({ flow: 'in', from: '2026-05-24', to: '2026-05-24' }).total, 1, 'dates: when it arrived');

    // The correspondence journal: both directions, oldest first.
    const csv = register.exportCsv({}, JOURNAL_HEADERS.pl, JOURNAL_FLOWS.pl);
    const lines = csv.csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(csv.rows, 4);
    assert.match(lines[0]!, /;Kierunek;Data udostępnienia \(D\.1\);Data odbioru$/);
    assert.match(lines[1]!, /^1;2026-05-21;.*Wniosek o zaświadczenie;ZUS\.123;draft;.*;wysłane;;$/);
    assert.ok(lines.some((l) => /;Decyzja w sprawie podatku;US\.4210\.17\.2026;collected;.*;otrzymane;2026-05-21T08:00:00\.000Z;2026-05-24T09:15:00\.000Z$/.test(l)), lines.join('\n'));

    // History of the collected letter: made available, collected, opened; its file with the verdict.
    const history = incomingHistory(db, collected.id);
    assert.deepEqual(history.events.map((e) => e.kind), ['D.1', 'E.1', 'delivery.actual', 'opened']);
    assert.deepEqual(history.files.map((f) => [f.name, f.size]), [['decyzja.pdf', 16]]);
    const epuapHistory = incomingHistory(db, received.items[1]!.id);
    assert.deepEqual(epuapHistory.events.map((e) => e.kind), ['sent', 'received']);
    assert.throws(() => incomingHistory(db, 'doc:none'), /received letter/);
  });

  it('migration 012 on a database that already held received letters gives what the triggers give', () => {
    const oldDir = mkdtempSync(join(tmpdir(), 'nadawca-register-mig-'));
    try {
      const old = openDatabase(join(oldDir, 'nadawca.sqlite'));
      migrate(old, 11);
      // Copy the source rows the first test produced into a schema-11 database, then migrate.
      for (const table of ['files', 'incoming_documents', 'deadline_items', 'deadline_events', 'edoreczenia_incoming']) {
        // Only the columns schema 11 had (012 adds edoreczenia_incoming.case_ref).
        const columns = (old.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
        const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).all() as Record<string, unknown>[];
        for (const r of rows) old.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((k) => `@${k}`).join(', ')})`).run(r);
      }
      migrate(old);
      // Letters opened before 012 had no case reference stored: everything else is the same.
      const withoutCaseRef = (rows: unknown[]) => (rows as Record<string, unknown>[]).map((r) => ({ ...r, case_ref: '' }));
      assert.deepEqual(withoutCaseRef(indexRows(old)), withoutCaseRef(indexRows(db)));
      assert.deepEqual((old.prepare("SELECT DISTINCT case_ref FROM edoreczenia_incoming").all() as { case_ref: string }[]).map((r) => r.case_ref), [''], 'the added column starts empty');
      assert.ok(indexRows(old).length >= 3);
      assert.equal((old.prepare("SELECT count(*) AS n FROM register_incoming_fts WHERE register_incoming_fts MATCH 'decyzja'").get() as { n: number }).n, 1);
      old.close();
    } finally {
      rmSync(oldDir, { recursive: true, force: true });
    }
  });
});
