/**
 * A standalone RFC 3161 timestamp reply (.tsr) from the local TSA, and the bare token (.tst),
 * verified against the stamped file: `nadawca verify FILE.tsr --content DATA` agrees with
 * `openssl ts -verify` — valid (exit 0), other data (exit 1, HASH_FAILURE), no data given
 * (cannot decide), TSA not trusted (cannot decide).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyFile } from '../../electron/node/signatures/api';
import { REPO_ROOT } from '../harness/services';
import { startOcsp, startTsa, type LocalService } from '../harness/signature-services';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT, env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', NADAWCA_LANG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('standalone RFC 3161 timestamps', { timeout: 120_000 }, () => {
  let env: TestEnvironment;
  let tsa: LocalService;
  let ocsp: LocalService;
  let dir: string;
  let data: string;
  let tsr: string;
  let tst: string;
  let other: string;
  const opensslVerify = (reply: string, file: string) =>
    spawnSync('openssl', ['ts', '-verify', '-data', file, '-in', reply, '-CAfile', env.pki.chainPem], { encoding: 'utf8' });

  before(async () => {
    env = await getTestEnvironment();
    tsa = await startTsa(env.pki);
    ocsp = await startOcsp(env.pki);
    dir = mkdtempSync(join(env.dir, 'tsr-'));
    data = join(dir, 'umowa.txt');
    writeFileSync(data, 'Umowa zawarta dnia 23 listopada 2026 r.\n');
    other = join(dir, 'inna.txt');
    writeFileSync(other, 'Umowa zawarta dnia 24 listopada 2026 r.\n');
    const query = spawnSync('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert'], { encoding: 'buffer' }).stdout;
    const reply = await fetch(tsa.url, { method: 'POST', headers: { 'Content-Type': 'application/timestamp-query' }, body: query });
    assert.equal(reply.status, 200);
    tsr = join(dir, 'umowa.txt.tsr');
    writeFileSync(tsr, Buffer.from(await reply.arrayBuffer()));
    tst = join(dir, 'umowa.txt.tst');
    const token = spawnSync('openssl', ['ts', '-reply', '-in', tsr, '-token_out', '-out', tst], { encoding: 'utf8' });
    assert.equal(token.status, 0, token.stderr);
  });
  after(async () => {
    await tsa?.close();
    await ocsp?.close();
  });

  it('nadawca verify FILE.tsr --content DATA: valid like openssl ts -verify; other data fails in both', async () => {
    const oracle = opensslVerify(tsr, data);
    assert.equal(oracle.status, 0, oracle.stdout + oracle.stderr);
    const empty = mkdtempSync(join(dir, 'data-'));
    const ok = await run(['verify', tsr, '--content', data, '--trust', env.pki.chainPem, '--ocsp', ocsp.url, '--data', empty, '--json']);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const report = JSON.parse(ok.stdout) as { documentType: string; signatures: { format: string; form: string; signer: { commonName: string }; signingTime: string; signedObjects: { intact: boolean }[] }[] };
    assert.equal(report.documentType, 'TIMESTAMP');
    assert.equal(report.signatures[0]!.format, 'RFC3161');
    assert.equal(report.signatures[0]!.form, 'timestamp');
    assert.equal(report.signatures[0]!.signer.commonName, 'TEST Nadawca TSA');
    assert.ok(Math.abs(Date.parse(report.signatures[0]!.signingTime) - Date.now()) < 120_000);
    assert.equal(report.signatures[0]!.signedObjects[0]!.intact, true);

    assert.notEqual(opensslVerify(tsr, other).status, 0, 'openssl refuses other data');
    const bad = await run(['verify', tsr, '--content', other, '--trust', env.pki.chainPem, '--data', empty]);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /TOTAL_FAILED \(HASH_FAILURE\)/);
  });

  it('the bare token (.tst) verifies too; without the data or without a trusted TSA chain it cannot be decided', async () => {
    const tokenOnly = await verifyFile({ file: tst, detachedContent: data, trustAnchors: [env.pki.chainPem], online: true, ocspUrl: ocsp.url });
    assert.equal(tokenOnly.indication, 'TOTAL_PASSED', JSON.stringify(tokenOnly.signatures[0]?.reasons));
    const noData = await verifyFile({ file: tsr, trustAnchors: [env.pki.chainPem], online: true, ocspUrl: ocsp.url });
    assert.equal(noData.indication, 'INDETERMINATE');
    assert.equal(noData.subIndication, 'SIGNED_DATA_NOT_FOUND');
    const untrusted = await verifyFile({ file: tsr, detachedContent: data, trustAnchors: [], online: false });
    assert.equal(untrusted.indication, 'INDETERMINATE');
    assert.equal(untrusted.signatures[0]!.chain.trusted, false);
    assert.ok(readFileSync(tsr).length > readFileSync(tst).length, 'the reply wraps the token');
  });
});
