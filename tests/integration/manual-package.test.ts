/**
 * Manual channel: the package (signed filing byte for byte, manifest with digests, instructions
 * in the user's language) appears whole; a UPP the user brings back is matched to its filing by
 * the document its seal binds; a foreign UPP is kept but flagged; a non-receipt is refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../electron/common/errors';
import { createEpuapClient } from '../../electron/node/epuap/client';
import type { ChannelOutput } from '../../electron/common/contract';
import { exportManualPackage } from '../../electron/node/manual/manual';
import { pemKeySigner } from '../../electron/simulators/epuap/key-signer';
import { startInProcessEpuap, startTestServices, type TestServices } from '../harness/services';

let sim: Awaited<ReturnType<typeof startInProcessEpuap>>;
let ctx: Awaited<ReturnType<typeof startTestServices>>;
let services: TestServices;
let work: string;

before(async () => {
  sim = await startInProcessEpuap();
  ctx = await startTestServices({ environment: sim.environment });
  services = ctx.services;
  work = mkdtempSync(join(tmpdir(), 'nadawca-manual-'));
});
after(async () => {
  await ctx?.close();
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The receipt import as the UI calls it (manual.importReceipt through the router). */
async function importReceipt(path: string): Promise<ChannelOutput<'manual.importReceipt'>> {
  const r = await services.router('manual.importReceipt', { path });
  if (!r.ok) throw new AppError(r.error.code, r.error.message);
  return r.value as ChannelOutput<'manual.importReceipt'>;
}

function manualFiling(n: number): string {
  const id = randomUUID();
  const sha = services.blobs.put(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Pismo xmlns="urn:test:manual"><Nr>${n}</Nr><Id>${id}</Id></Pismo>`), 'text/xml');
  services.repo.insert({ id, client_id: randomUUID(), channel: 'manual', to_address: 'Urząd Miasta (portal)', addressee_name: 'Urząd Miasta', title: `Pismo ręczne ${n}`, file_name: `Pismo_manual_${id.slice(0, 8)}.xml`, draft_sha256: sha }, { actor: 'test', kind: 'created' });
  services.repo.transition(id, ['draft'], 'signed', { signed_sha256: sha }, { actor: 'test', kind: 'signed' });
  return id;
}

/** What the office does with the uploaded file: here the ePUAP simulator files it and issues the UPP. */
async function officeUpp(fileName: string, content: Uint8Array): Promise<Uint8Array> {
  const env = sim.environment;
  const client = createEpuapClient({ baseUrl: env.epuapUrl, subject: env.sender.subject, system: pemKeySigner(env.system.certPem, env.system.keyPem) });
  return (await client.nadaj({ to: '/ZOJO_Cieszyn/SkrytkaESP', fileName, contentType: 'text/xml', content })).upp!.bytes;
}

test('export: a folder with the filing byte for byte, digests, instructions; no temp left; never overwritten', () => {
  const id = manualFiling(1);
  const row = services.repo.get(id);
  const pkg = exportManualPackage(work, id, { repo: services.repo, blobs: services.blobs, lang: 'pl' });
  assert.deepEqual(readdirSync(pkg.dir).sort(), ['INSTRUKCJA.txt', row.file_name, 'manifest.json'].sort());
  const filed = readFileSync(join(pkg.dir, row.file_name));
  assert.deepEqual(new Uint8Array(filed), services.blobs.get(row.signed_sha256!));
  const manifest = JSON.parse(readFileSync(join(pkg.dir, 'manifest.json'), 'utf8')) as typeof pkg.manifest;
  for (const f of manifest.files) assert.equal(createHash('sha256').update(readFileSync(join(pkg.dir, f.name))).digest('hex'), f.sha256);
  assert.match(readFileSync(join(pkg.dir, 'INSTRUKCJA.txt'), 'utf8'), /bez żadnych zmian/);
  assert.ok(!readdirSync(work).some((n) => n.endsWith('.tmp')));
  assert.throws(() => exportManualPackage(work, id, { repo: services.repo, blobs: services.blobs, lang: 'pl' }), (e: unknown) => e instanceof AppError && e.code === 'INVALID_INPUT');
  const en = exportManualPackage(mkdtempSync(join(work, 'en-')), id, { repo: services.repo, blobs: services.blobs, lang: 'en' });
  assert.ok(readdirSync(en.dir).includes('INSTRUCTIONS.txt'));
});

test('import: the downloaded UPP is matched by the document it binds and the filing becomes delivered', async () => {
  const id = manualFiling(2);
  manualFiling(3); // another filing waiting: must not be matched
  const row = services.repo.get(id);
  const upp = await officeUpp(row.file_name, services.blobs.get(row.signed_sha256!));
  const file = join(work, 'UPP-pobrane.xml');
  writeFileSync(file, upp);
  const r = await importReceipt(file);
  assert.equal(r.filingId, id);
  assert.equal(r.verified, true, r.problems.join('; '));
  const d = services.filings.detail(id);
  assert.equal(d.state, 'delivered');
  assert.deepEqual(new Uint8Array(Buffer.from(services.receipts.get(r.id).bytes)), new Uint8Array(upp), 'stored byte for byte');
  const again = await importReceipt(file);
  assert.equal(again.id, r.id, 'importing twice gives the same receipt');
  assert.equal(again.alreadyImported, true);
});

test('import: a UPP for a document we never filed is kept but flagged; a file that is no receipt is refused', async () => {
  const foreign = await officeUpp('Cudze_pismo.xml', Buffer.from('<?xml version="1.0"?><Cudze xmlns="urn:x"/>'));
  const file = join(work, 'cudze-UPP.xml');
  writeFileSync(file, foreign);
  const r = await importReceipt(file);
  assert.equal(r.filingId, null);
  assert.equal(r.verified, false);
  assert.ok(r.problems.some((p) => p.includes('matches no filing')));
  const junk = join(work, 'junk.xml');
  writeFileSync(junk, '<a>nie poświadczenie</a>');
  await assert.rejects(importReceipt(junk), (e: unknown) => e instanceof AppError && e.code === 'RECEIPT_UNRECOGNISED');
});
