/**
 * `nadawca demo --out DIR` through the built command (bin/nadawca.cjs → out/cli), as a user runs
 * it after `npm ci`: the package it writes verifies with xmlsec1, the UPP resolving the filed
 * document by its file name inside the folder.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { REPO_ROOT } from '../harness/services';
import { xmlsecVerify } from '../harness/xmlsec';

const BIN = join(REPO_ROOT, 'bin', 'nadawca.cjs');
const nadawca = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'pl_PL.UTF-8' } });

before(() => {
  if (!existsSync(join(REPO_ROOT, 'out', 'cli', 'nadawca.js'))) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    assert.equal(b.status, 0, 'build');
  }
});

test('demo --out writes a proof package that independent tools accept', () => {
  const data = mkdtempSync(join(tmpdir(), 'nadawca-cli-'));
  const out = join(data, 'pakiet');
  const r = nadawca(['demo', '--data', data, '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.state, 'delivered');
  assert.equal(summary.receipt.kind, 'UPP');
  assert.equal(summary.receipt.verified, true);
  assert.match(summary.certificate, /NOT QUALIFIED/);

  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.deepEqual(readdirSync(out).sort(), [summary.fileName, 'UPP.xml', 'manifest.json'].sort());
  for (const f of manifest.files) {
    assert.equal(createHash('sha256').update(readFileSync(join(out, f.name))).digest('hex'), f.sha256, `digest of ${f.name}`);
  }
  const pismo = xmlsecVerify(join(out, summary.fileName), { trusted: [summary.caCertificate] });
  assert.ok(pismo.ok, pismo.output);
  const upp = xmlsecVerify(join(out, 'UPP.xml'), { trusted: [summary.caCertificate], cwd: out });
  assert.ok(upp.ok, upp.output);
  assert.match(upp.output, /References \(ok\/all\): 3\/3/);

  // Human output in Polish by default, listing the receipt and the package.
  const human = nadawca(['receipts', '--data', data]);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /UPP\s+✓/);
  const outbox = nadawca(['outbox', '--data', data, '--json']);
  const items = JSON.parse(outbox.stdout);
  assert.deepEqual(Object.keys(items[0]).sort(), ['attempts', 'channel', 'id', 'lastError', 'state', 'title', 'to', 'updatedAt']);
});

test('usage errors exit 2 with a specific message in the chosen language', () => {
  const data = mkdtempSync(join(tmpdir(), 'nadawca-cli-'));
  const unknown = nadawca(['frobnicate', '--data', data]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Nieznane polecenie „frobnicate”/);
  const missing = nadawca(['receipts', 'show', 'no-such-id', '--data', data, '--lang', 'en']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Not found: no-such-id/);
  const noFiles = nadawca(['sign', '--lang', 'en', '--data', data]);
  assert.equal(noFiles.status, 2);
  assert.match(noFiles.stderr, /nadawca: .*(FILE|file)/);
});
