/**
 * `nadawca sign` and `nadawca verify` end to end (docs/CLI.md): a SoftHSM key signs a PDF (PAdES)
 * with the PIN from --pin-env, pdfsig accepts it, co-signing adds a second signature under a free
 * name; verify answers 0 (B-LT, revocation embedded), 3 (revocation unreachable, no anchor),
 * 1 (tampered) with reasons; bad usage answers 2 naming the value.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { makePdf } from '../fixtures/pdf/make-pdfs';
import { pdfsig } from '../harness/pdfsig';
import { startOcsp, startTsa } from '../harness/signature-services';
import { REPO_ROOT } from '../harness/services';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT, env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', NADAWCA_LANG: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('nadawca sign / verify', () => {
  let env: TestEnvironment;
  let dir: string;
  let data: string;
  before(async () => {
    env = await getTestEnvironment();
    dir = mkdtempSync(join(tmpdir(), 'cli-sign-'));
    data = mkdtempSync(join(tmpdir(), 'cli-sign-data-'));
  });

  it('signs with a certificate file (--p12, password from --password-env): openssl cms accepts it; a wrong password is exit 2', async () => {
    const input = join(dir, 'notatka.txt');
    writeFileSync(input, 'Notatka podpisana plikiem certyfikatu.\n');
    const r = await run(['sign', input, '--format', 'cades', '--p12', env.pki.system.p12, '--password-env', 'P12_PASSWORD', '--data', data, '--json'], { P12_PASSWORD: env.pki.system.p12Password });
    assert.equal(r.status, 0, r.stderr);
    const [result] = JSON.parse(r.stdout) as { output: string }[];
    assert.equal(result!.output, `${input}.p7s`);
    assert.ok(!r.stdout.includes(env.pki.system.p12Password) && !r.stderr.includes(env.pki.system.p12Password), 'the password is never printed');
    const check = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', result!.output, '-content', input, '-noverify', '-out', '/dev/null'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    writeFileSync(input, 'Zmieniona notatka.\n');
    assert.notEqual(spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', result!.output, '-content', input, '-noverify', '-out', '/dev/null']).status, 0, 'the oracle fails on other content');
    const wrong = await run(['sign', input, '--format', 'cades', '--p12', env.pki.system.p12, '--password-env', 'P12_PASSWORD', '--data', data], { P12_PASSWORD: 'nie-to-haslo' });
    assert.equal(wrong.status, 2, wrong.stderr);
    assert.ok(!wrong.stderr.includes('nie-to-haslo'));
  });

  it('signs a PDF (PAdES B-B), co-signs it, verifies it: exit codes 3 and 1', async () => {
    const input = await makePdf(join(dir, 'umowa.pdf'));
    const common = ['--data', data, '--module', env.tokens.module, '--pin-env', 'TEST_PIN'];
    const first = await run(['sign', input, '--format', 'pades', '--cert', env.tokens.certificateIds.qualifiedRsa, ...common, '--json'], { TEST_PIN: env.tokens.qes.pin });
    assert.equal(first.status, 0, first.stderr);
    const [r1] = JSON.parse(first.stdout) as { output: string; signatureCount: number; level: string }[];
    assert.equal(r1!.output, join(dir, 'umowa-podpisany.pdf'));
    assert.equal(r1!.level, 'B-B');
    assert.ok(!first.stdout.includes(env.tokens.qes.pin) && !first.stderr.includes(env.tokens.qes.pin), 'the PIN is never printed');

    // Second signer on the signed file; the first result is not overwritten.
    const second = await run(['sign', r1!.output, '--format', 'pades', '--cert', env.tokens.certificateIds.qualifiedEc.slice(0, 16), ...common, '--json'], { TEST_PIN: env.tokens.qes.pin });
    assert.equal(second.status, 0, second.stderr);
    const [r2] = JSON.parse(second.stdout) as { output: string; signatureCount: number }[];
    assert.equal(r2!.output, join(dir, 'umowa-podpisany (2).pdf'), 'co-signing keeps the name, never overwrites');
    assert.equal(r2!.signatureCount, 2);
    const oracle = pdfsig(r2!.output, env.pki);
    assert.deepEqual(oracle.signatures.map((s) => s.signatureValidation), ['Signature is Valid.', 'Signature is Valid.'], oracle.output);

    // Same input again: a free name, nothing overwritten.
    const again = await run(['sign', input, '--format', 'pades', '--cert', env.tokens.certificateIds.qualifiedRsa, ...common, '--json'], { TEST_PIN: env.tokens.qes.pin });
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { output: string }[])[0]!.output, join(dir, 'umowa-podpisany (3).pdf'));

    // B-B from certificates that name no OCSP responder: intact and trusted, revocation unknowable → 3.
    const undecided = await run(['verify', r2!.output, '--trust', env.pki.chainPem, '--json']);
    assert.equal(undecided.status, 3, undecided.stdout + undecided.stderr);
    const report = JSON.parse(undecided.stdout) as { indication: string; subIndication: string; signatures: { chain: { trusted: boolean }; reasons: { code: string }[] }[] };
    assert.equal(report.subIndication, 'TRY_LATER');
    for (const s of report.signatures) {
      assert.equal(s.chain.trusted, true);
      assert.ok(s.reasons.some((r) => r.code === 'REVOCATION_UNAVAILABLE'));
    }

    const noAnchor = await run(['verify', r2!.output]);
    assert.equal(noAnchor.status, 3, noAnchor.stdout + noAnchor.stderr);
    assert.match(noAnchor.stdout, /No trusted authority certificate/);

    const bytes = readFileSync(r2!.output);
    bytes[bytes.indexOf('/MediaBox') + 1] = 'N'.charCodeAt(0); // inside the signed range of both
    const tampered = join(dir, 'zmieniony.pdf');
    writeFileSync(tampered, bytes);
    const bad = await run(['verify', tampered, '--trust', env.pki.chainPem]);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /TOTAL_FAILED \(HASH_FAILURE\)/);
    assert.match(bad.stdout, /does not match — the data was changed after signing/);
  });

  it('B-LT (timestamp + OCSP in the /DSS) verifies offline-complete: exit 0; pdfsig agrees', async () => {
    const tsa = await startTsa(env.pki);
    const ocsp = await startOcsp(env.pki);
    try {
      const input = await makePdf(join(dir, 'archiwum.pdf'), 1);
      const signed = await run(['sign', input, '--format', 'pades', '--level', 'B-LT', '--tsa', tsa.url, '--ocsp', ocsp.url, '--data', data,
        '--module', env.tokens.module, '--cert', env.tokens.certificateIds.qualifiedRsa, '--pin-env', 'TEST_PIN'], { TEST_PIN: env.tokens.qes.pin });
      assert.equal(signed.status, 0, signed.stderr);
      const out = join(dir, 'archiwum-podpisany.pdf');
      assert.match(signed.stdout, /archiwum\.pdf → .*archiwum-podpisany\.pdf \(pades, B-LT, 1\)/);
      assert.equal(pdfsig(out, env.pki).signatures[0]?.signatureValidation, 'Signature is Valid.');
      const verified = await run(['verify', out, '--trust', env.pki.chainPem]);
      assert.equal(verified.status, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /TOTAL_PASSED — 1\/1/);
      assert.match(verified.stdout, /PAdES B-LT TOTAL_PASSED — Jan Testowy/);
      assert.match(verified.stdout, /The certificate is not revoked \(OCSP/);
    } finally {
      await tsa.close();
      await ocsp.close();
    }
  });

  it('bad usage exits 2 naming the value; no PIN source exits 2', async () => {
    const input = await makePdf(join(dir, 'inny.pdf'), 1);
    const noFormat = await run(['sign', input, '--data', data]);
    assert.equal(noFormat.status, 2);
    assert.match(noFormat.stderr, /--format: one of xades, xades-enveloping/);
    const noTsa = await run(['sign', input, '--format', 'pades', '--level', 'B-T', '--data', data]);
    assert.equal(noTsa.status, 2);
    assert.match(noTsa.stderr, /--tsa: B-T needs a time-stamping authority URL/);
    const noPin = await run(['sign', input, '--format', 'pades', '--module', env.tokens.module, '--cert', env.tokens.certificateIds.qualifiedRsa, '--data', data]);
    assert.equal(noPin.status, 2, noPin.stderr);
    assert.match(noPin.stderr, /--pin-env/);
    assert.equal(existsSync(join(dir, 'inny-podpisany.pdf')), false);
    const missing = await run(['verify', join(dir, 'nie-ma.pdf')]);
    assert.equal(missing.status, 2);
  });
});
