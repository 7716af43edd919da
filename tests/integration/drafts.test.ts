/**
 * Drafts and sender profiles through real services: a draft survives the SIGKILL of the process
 * that saved it, stale revisions are refused, "new from this one" from a draft and from a delivered
 * filing, profiles with field-named errors and one default, and migration 4 from a version-3 database.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CertificateInfo, ChannelInput, FilingDetail } from '../../electron/common/contract';
import type { Draft, DraftSummary, SenderProfile } from '../../electron/common/contract-drafts';
import type { Result } from '../../electron/common/result';
import { migrate, schemaVersion } from '../../electron/node/db/database';
import { createDraftsService } from '../../electron/node/drafts/drafts-service';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';
import { createServices } from '../../electron/node/services';
import { createBlobStore } from '../../electron/node/storage/blob-store';
import { openDatabase } from '../../native/sqlite';
import { REPO_ROOT, SIGNER_HOST, startTestServices } from '../harness/services';

type Ctx = Awaited<ReturnType<typeof startTestServices>>;
type Router = Ctx['services']['router'];
const clock = () => new Date('2026-11-23T10:00:00Z');

const ok = async <T>(router: Router, channel: string, input: unknown): Promise<T> => {
  const r = (await router(channel, input)) as Result<T>;
  if (!r.ok) assert.fail(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
};
const fail = async (router: Router, channel: string, input: unknown) => {
  const r = (await router(channel, input)) as Result<unknown>;
  assert.equal(r.ok, false, `${channel} should fail`);
  return (r as Extract<Result<unknown>, { ok: false }>).error;
};

const person = { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' };
const address = { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1' };

describe('a saved draft survives the SIGKILL of its process', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nadawca-crash-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('saved, killed, reopened: the draft is back intact and the dead writer lock is taken over', async () => {
    const spec = { title: 'Wniosek przerwany awarią', place: 'Cieszyn', sender: { person: { firstName: 'Zażółć' } }, content: ['Akapit', 'gęślą jaźń'] };
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tests/harness/draft-writer.ts'), dataDir, JSON.stringify(spec)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const saved = await new Promise<{ id: string; revision: number }>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('saved ')) return;
        child.kill('SIGKILL'); // right away: nothing after the save may help it reach the disk
        resolve(JSON.parse(line.slice('saved '.length)) as { id: string; revision: number });
      });
      child.once('exit', () => reject(new Error(`writer exited before saving: ${stderr}`)));
    });
    assert.equal(await exited, 'SIGKILL');
    assert.equal(readFileSync(join(dataDir, 'writer.lock'), 'utf8'), String(child.pid), 'the dead process still names itself the writer');
    assert.ok(existsSync(join(dataDir, 'nadawca.sqlite-wal')), 'no clean close: the committed save is recovered from the WAL');

    const services = await createServices({ dataDir, lang: 'en', signerHost: SIGNER_HOST });
    try {
      const draft = await ok<Draft>(services.router, 'drafts.get', { id: saved.id });
      assert.deepEqual(draft.spec, spec);
      assert.equal(draft.revision, saved.revision);
      assert.deepEqual((await ok<DraftSummary[]>(services.router, 'drafts.list', {})).map((d) => [d.id, d.title]), [[saved.id, spec.title]]);
    } finally {
      await services.close();
    }
  });
});

describe('drafts and profiles through the router', { timeout: 240_000 }, () => {
  let ctx: Ctx;
  let router: Router;
  before(async () => {
    ctx = await startTestServices();
    router = ctx.services.router;
  });
  after(async () => { await ctx?.close(); });

  test('a partial letter saves; each save bumps the revision; a stale one is refused', async () => {
    const first = await ok<{ id: string; revision: number }>(router, 'drafts.save', { spec: { title: 'Skarga' } });
    assert.equal(first.revision, 1);
    const second = await ok<{ id: string; revision: number }>(router, 'drafts.save', { id: first.id, revision: 1, spec: { title: 'Skarga na bezczynność', content: [''] } });
    assert.equal(second.revision, 2);

    const stale = await fail(router, 'drafts.save', { id: first.id, revision: 1, spec: { title: 'Okno drugie' } });
    assert.equal(stale.code, 'DRAFT_CONFLICT');
    assert.match(stale.message, /another window/);
    const kept = await ok<Draft>(router, 'drafts.get', { id: first.id });
    assert.deepEqual([kept.revision, kept.spec], [2, { title: 'Skarga na bezczynność', content: [''] }]);

    assert.deepEqual((await fail(router, 'drafts.save', { id: first.id, spec: {} })).details?.fields, ['revision']);
    assert.equal((await fail(router, 'drafts.save', { id: '00000000-0000-4000-8000-000000000000', revision: 1, spec: {} })).code, 'NOT_FOUND');
  });

  test('a draft holds shape-checked text and staged references only, at most 1 MB', async () => {
    const inline = await fail(router, 'drafts.save', { spec: { attachments: [{ fileName: 'a.pdf', contentBase64: 'QQ==' }] } });
    assert.equal(inline.code, 'INVALID_INPUT');
    assert.ok((inline.details?.fields as string[]).some((f) => f.startsWith('spec.attachments.0')), JSON.stringify(inline.details));
    assert.deepEqual((await fail(router, 'drafts.save', { spec: { title: 7, extra: 1 } })).details?.fields, ['spec.title', 'spec']);
    const big = await fail(router, 'drafts.save', { spec: { content: Array.from({ length: 11 }, () => 'x'.repeat(100_000)) } });
    assert.deepEqual(big.details?.fields, ['spec']);
    // Incomplete and not yet valid values are what a draft is for.
    await ok(router, 'drafts.save', { spec: { sender: { person: { pesel: '850' } }, addressee: { inbox: '/KR' }, date: '2026-1' } });
  });

  test('list, duplicate from a draft, delete', async () => {
    const a = await ok<{ id: string }>(router, 'drafts.save', { spec: { title: 'Do skopiowania', attachments: [{ stagedId: '11111111-1111-4111-8111-111111111111', description: 'Skan' }] } });
    const copy = await ok<Draft & { omittedAttachments: string[] }>(router, 'drafts.duplicate', { id: a.id });
    assert.notEqual(copy.id, a.id);
    assert.equal(copy.revision, 1);
    assert.deepEqual(copy.spec, (await ok<Draft>(router, 'drafts.get', { id: a.id })).spec);
    assert.deepEqual(copy.omittedAttachments, []);
    const titles = (await ok<DraftSummary[]>(router, 'drafts.list', {})).map((d) => d.title);
    assert.equal(titles.filter((t) => t === 'Do skopiowania').length, 2);

    assert.deepEqual(await ok(router, 'drafts.delete', { id: copy.id }), { id: copy.id });
    assert.equal((await fail(router, 'drafts.get', { id: copy.id })).code, 'NOT_FOUND');
    assert.equal((await fail(router, 'drafts.delete', { id: copy.id })).code, 'NOT_FOUND');
  });

  test('"new from this one" from a delivered filing rebuilds its letter; the draft links the filing', async () => {
    const letter: ChannelInput<'filings.create'> = {
      sender: { person, address },
      addressee: { name: 'Kasa Rolniczego Ubezpieczenia Społecznego', inbox: '/KRUS/SkrytkaESP' },
      place: 'Cieszyn', date: '2026-11-23', title: 'Wniosek o zaświadczenie', content: ['Proszę o wydanie zaświadczenia.'],
      attachments: [{ fileName: 'zalacznik.pdf', description: 'Kopia', contentBase64: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64') }],
    };
    const created = await ok<FilingDetail>(router, 'filings.create', letter);
    const demo = (await ok<CertificateInfo[]>(router, 'certificates.list', {})).find((c) => c.token.module === 'file');
    assert.ok(demo, 'the built-in environment offers the demo signer');
    await ok(router, 'filings.sign', { id: created.id, certificateId: demo.id, pin: 'demo' });
    await ok(router, 'filings.send', { id: created.id });
    await ctx.services.outbox.run();
    assert.equal((await ok<FilingDetail>(router, 'filings.get', { id: created.id })).state, 'delivered');

    const copy = await ok<Draft & { omittedAttachments: string[] }>(router, 'drafts.duplicate', { filingId: created.id });
    const { attachments: _inline, ...rest } = letter;
    assert.deepEqual(copy.spec, { ...rest, template: '4566', kind: 'wniosek', attachments: [] });
    assert.deepEqual(copy.omittedAttachments, ['zalacznik.pdf']);

    const linked = await ok<{ id: string; revision: number }>(router, 'drafts.save', { id: copy.id, revision: 1, spec: copy.spec, filingId: created.id });
    assert.equal((await ok<DraftSummary[]>(router, 'drafts.list', {})).find((d) => d.id === linked.id)?.filingId, created.id);
    assert.equal((await fail(router, 'drafts.duplicate', { filingId: 'no-such-filing' })).code, 'NOT_FOUND');
    assert.equal((await fail(router, 'drafts.save', { spec: {}, filingId: 'no-such-filing' })).code, 'NOT_FOUND');
  });

  test('sender profiles: saved, edited, listed default first, deleted; wrong fields named', async () => {
    const bad = await fail(router, 'profiles.save', { name: ' ', sender: { person: { ...person, pesel: '85022512341' }, address: { ...address, postalCode: '43400' } } });
    assert.equal(bad.code, 'INVALID_INPUT');
    for (const f of ['name', 'sender.person.pesel', 'sender.address.postalCode']) assert.ok((bad.details?.fields as string[]).includes(f), `${f} in ${JSON.stringify(bad.details)}`);
    assert.ok(((await fail(router, 'profiles.save', { name: 'Nikt', sender: { address } })).details?.fields as string[]).includes('sender'));

    const me = await ok<SenderProfile>(router, 'profiles.save', { name: 'Ja', sender: { person, address }, isDefault: true });
    const firm = await ok<SenderProfile>(router, 'profiles.save', { name: 'Moja firma', sender: { institution: { name: 'Firma sp. z o.o.', nip: '5261040828' }, address } });
    assert.deepEqual([me.isDefault, firm.isDefault], [true, false]);

    await ok(router, 'profiles.save', { id: firm.id, name: 'Moja firma', sender: firm.sender, isDefault: true });
    const renamed = await ok<SenderProfile>(router, 'profiles.save', { id: firm.id, name: 'Firma', sender: firm.sender });
    assert.equal(renamed.isDefault, true, 'an edit without isDefault keeps the mark');
    const list = await ok<SenderProfile[]>(router, 'profiles.list', {});
    assert.deepEqual(list.map((p) => [p.name, p.isDefault]), [['Firma', true], ['Ja', false]]);
    assert.deepEqual(list[1]!.sender, { person, address });

    await ok(router, 'profiles.delete', { id: me.id });
    assert.deepEqual((await ok<SenderProfile[]>(router, 'profiles.list', {})).map((p) => p.id), [firm.id]);
    assert.equal((await fail(router, 'profiles.delete', { id: me.id })).code, 'NOT_FOUND');
    assert.equal((await fail(router, 'profiles.save', { id: me.id, name: 'Ja', sender: { person, address } })).code, 'NOT_FOUND');
  });
});

test('migration 4: from version 3, filings kept without a description; one default profile at most', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-db-'));
  const db = openDatabase(join(dir, 'n.sqlite'));
  try {
    migrate(db, 3);
    const blobs = createBlobStore(dir, db, clock);
    const sha = blobs.put(Buffer.from('<a/>'), 'text/xml');
    createFilingsRepo(db, clock).insert({ id: 'f1', client_id: 'c1', channel: 'epuap', to_address: '/A/B', addressee_name: 'A', title: 'T', file_name: 'p.xml', draft_sha256: sha }, { actor: 'test', kind: 'created' });
    migrate(db, 4);
    assert.equal(schemaVersion(db), 4);
    assert.deepEqual(db.prepare("SELECT id, spec_json FROM filings").all(), [{ id: 'f1', spec_json: null }]);
    const drafts = createDraftsService({ db, clock });
    assert.throws(() => drafts.duplicate({ filingId: 'f1' }), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    const d = drafts.save({ spec: { title: 'T' }, filingId: 'f1' });
    assert.equal(drafts.list()[0]?.filingId, 'f1');
    assert.throws(() => db.prepare("UPDATE drafts SET spec_json = 'nie json' WHERE id = ?").run(d.id), /CHECK/);
    const insert = db.prepare("INSERT INTO sender_profiles (id, name, sender_json, is_default, created_at, updated_at) VALUES (?, 'x', '{}', 1, 'now', 'now')");
    insert.run('p1');
    assert.throws(() => insert.run('p2'), /UNIQUE/);
  } finally {
    db.close();
    rmSync(dir, { recursive: true });
  }
});
