/**
 * `nadawca sign` and `nadawca verify` read the trust settings of the data folder: without --tsa,
 * B-LT uses the TSA enabled in the settings; without --trust, the certificates trusted in the
 * settings are the anchors (exit 0); another data folder without them cannot decide (exit 3).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openAppDatabase } from '../../electron/node/db/database';
import { createTrustStore } from '../../electron/node/trust/store';
import { REPO_ROOT } from '../harness/services';
import { startOcsp, startTsa, type LocalService } from '../harness/signature-services';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT, env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', NADAWCA_LANG: '', ...extraEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('nadawca sign / verify with the trust settings of the data folder', { timeout: 120_000 }, () => {
  let env: TestEnvironment;
  let tsa: LocalService;
  let ocsp: LocalService;
  let dir: string;
  before(async () => {
    env = await getTestEnvironment();
    tsa = await startTsa(env.pki);
    ocsp = await startOcsp(env.pki);
    dir = mkdtempSync(join(env.dir, 'trust-cli-'));
  });
  after(async () => {
    await tsa?.close();
    await ocsp?.close();
  });

  it('uses the enabled TSA and the trusted root of the settings', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    const db = openAppDatabase(data);
    const store = createTrustStore(db);
    store.addCertificates(readFileSync(env.pki.rootCa.cert, 'utf8'));
    store.saveTsaServer({ url: tsa.url, name: 'lokalny', enabled: true });
    db.close();

    const input = join(dir, 'umowa.txt');
    writeFileSync(input, 'Umowa\n');
    const signed = await run(['sign', input, '--format', 'cades', '--level', 'B-LT', '--ocsp', ocsp.url, '--data', data,
      '--module', env.tokens.module, '--cert', env.tokens.certificateIds.qualifiedRsa, '--pin-env', 'TEST_PIN', '--json'], { TEST_PIN: env.tokens.qes.pin });
    assert.equal(signed.status, 0, signed.stderr);
    assert.equal(tsa.requests, 1, 'the TSA of the settings was asked');
    const [result] = JSON.parse(signed.stdout) as { output: string; level: string }[];
    assert.equal(result!.level, 'B-LT');
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', result!.output, '-content', input, '-CAfile', env.pki.chainPem, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    assert.equal(cms.status, 0, cms.stderr);

    const trusted = await run(['verify', result!.output, '--content', input, '--data', data]);
    assert.equal(trusted.status, 0, trusted.stdout + trusted.stderr);
    assert.match(trusted.stdout, /TOTAL_PASSED — 1\/1/);

    const elsewhere = await run(['verify', result!.output, '--content', input, '--data', join(dir, 'empty')]);
    assert.equal(elsewhere.status, 3, elsewhere.stdout + elsewhere.stderr);
    assert.match(elsewhere.stdout, /No trusted authority certificate/);
  });
});
