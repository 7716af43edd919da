/**
 * Simulator-clock test with the e-Doręczenia simulator (in process, injectable clock): letters from a
 * public body arrive in the user's box (D.1 chosen), the register lists them with days left; one is
 * collected on day 3 through the channel's mailbox (opening = collection, E.1), the other runs out
 * and is deemed delivered — and the simulator's own countdown (daysToReceive, R13) agrees with ours.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openAppDatabase, type Db } from '../../electron/node/db/database';
import { createDeadlinesService } from '../../electron/node/deadlines/deadlines-service';
import { edoreczeniaIncomingSource } from '../../electron/node/deadlines/edoreczenia-source';
import { createEdoreczeniaClient } from '../../electron/node/edoreczenia/client';
import { createMailbox } from '../../electron/node/edoreczenia/mailbox';
import { silentLogger } from '../../electron/node/logger';
import { createBlobStore } from '../../electron/node/storage/blob-store';
import { OWN_BOX, PUBLIC_BOX, startEdoreczeniaFixture, type EdoreczeniaFixture } from '../harness/edoreczenia';

let now = new Date('2026-05-21T08:00:00Z');
const clock = () => now;
let fx: EdoreczeniaFixture;
let db: Db;
let dir: string;

before(async () => {
  fx = await startEdoreczeniaFixture({ clock });
  dir = mkdtempSync(join(tmpdir(), 'nadawca-deadlines-edor-'));
  db = openAppDatabase(dir);
});
after(async () => {
  db?.close();
  await fx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('deadlines over the e-Doręczenia simulator', { timeout: 120_000 }, () => {
  it('E4 letters: one collected on day 3, one deemed delivered after the rolled collection period', async () => {
    const blobs = createBlobStore(dir, db, clock);
    const client = createEdoreczeniaClient(fx.clientOptions());
    const mailbox = createMailbox({ client: () => client, db, blobs, clock });
    const deadlines = createDeadlinesService({ db, clock, lang: () => 'pl', logger: silentLogger });
    deadlines.registerIncomingSource(edoreczeniaIncomingSource(() => mailbox));

    const d1 = new Date('2026-05-21T08:00:00Z'); // Thu; D + 14 = Corpus Christi → L = Fri 2026-06-05
    await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Decyzja A', d1 });
    await fx.sim.injectIncoming({ from: PUBLIC_BOX, to: OWN_BOX, subject: 'Decyzja B', d1 });
    await deadlines.refreshIncoming();
    const listed = deadlines.items('incoming').sort((x, y) => x.title.localeCompare(y.title));
    assert.deepEqual(listed.map((i) => [i.title, i.window.state, i.window.start, i.window.lastCollectionDay, i.window.daysLeft]), [
      ['Decyzja A', 'open', '2026-05-21', '2026-06-05', 15],
      ['Decyzja B', 'open', '2026-05-21', '2026-06-05', 15],
    ]);
    const stubs = await mailbox.list('INBOX');
    assert.deepEqual(stubs.map((m) => m.daysToReceive), [15, 15], 'the operator counts the same days (R13)');

    // Day 3 after arrival: collected through the channel.
    now = new Date('2026-05-24T09:15:00Z');
    const a = listed[0]!;
    const collected = await deadlines.collect(a.id);
    assert.equal(collected.window.state, 'collected');
    assert.deepEqual(collected.window.delivery, { date: '2026-05-24', kind: 'actual', source: 'E1', basis: 'u.d.e. art. 41 ust. 2, art. 42 ust. 1 pkt 1' });
    const term = deadlines.addTerm({ itemId: a.id, preset: 'appeal', label: 'Odwołanie A' });
    assert.equal(term.lastDay, '2026-06-08');

    // The other one runs out: still open at the end of 5 June, deemed delivered after it.
    const b = listed[1]!;
    now = new Date('2026-06-05T21:59:00Z');
    await deadlines.refreshIncoming();
    assert.equal(deadlines.item(b.id).window.daysLeft, 0);
    now = new Date('2026-06-06T06:00:00Z');
    await fx.sim.advance(0);
    const deemed = deadlines.item(b.id);
    assert.equal(deemed.window.state, 'deemed');
    assert.equal(deemed.window.delivery!.date, '2026-06-06', 'statute: the day after the collection period');
    assert.ok(deemed.events.some((e) => e.kind === 'delivery.deemed' && e.detail!.includes('"date":"2026-06-06"')));
    assert.deepEqual(deadlines.addTerm({ itemId: b.id, preset: 'appeal', label: 'Odwołanie B' }).fileBy, '2026-06-19', 'earliest: R13 δ 06-05 + 14');
  });
});
