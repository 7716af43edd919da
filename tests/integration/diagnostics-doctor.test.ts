/**
 * `nadawca doctor` and `nadawca certs` on SoftHSM tokens (issue 3 point 7, CLI.md): every module
 * tried with its result (a missing path included), cryptoki info, tokens with PIN state and
 * mechanisms, certificates with classification and expiry advice, the redacted report (no PESEL,
 * masked serials) as JSON and text; a test signature verified on the host, and a wrong PIN.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, test } from 'node:test';
import { diagnosticsReportSchema, type DiagnosticsReport } from '../../electron/common/contract-diagnostics';
import { createDiagnostics } from '../../electron/node/diagnostics/handlers';
import { createPkcs11Signer } from '../../electron/node/signer/client';
import { createTestPki, type TestPki } from '../harness/pki';
import { REPO_ROOT, SIGNER_HOST } from '../harness/services';
import { createSoftHsm, SOFTHSM_MODULE, type TestTokens } from '../harness/softhsm';

const MISSING = '/opt/nadawca-test/missing/libnothere.so';
let pki: TestPki;
let tokens: TestTokens;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nadawca-doctor-'));
  pki = await createTestPki(join(dir, 'pki'));
  tokens = await createSoftHsm(join(dir, 'hsm'), pki); // sets SOFTHSM2_CONF for the processes below
});

const nadawca = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 90_000,
  });

function assertRedacted(text: string): void {
  assert.ok(!text.includes(pki.pesel), 'no PESEL in the report');
  assert.ok(!text.includes(tokens.qes.serial), 'no full token serial in the report');
  assert.ok(text.includes(`PNOPL-********${pki.pesel.slice(-3)}`), 'PESEL masked to its last 3 digits');
}

test('doctor --json: modules, tokens, PIN state, mechanisms, certificates, advice, redacted; --report writes the same', { timeout: 120_000 }, () => {
  const reportFile = join(dir, 'raport.json');
  const r = nadawca(['doctor', '--module', SOFTHSM_MODULE, '--module', MISSING, '--json', '--report', reportFile, '--lang', 'en']);
  assert.equal(r.status, 1, `problems found → 1\n${r.stderr}`); // the expired certificate and the missing module
  const report: DiagnosticsReport = diagnosticsReportSchema.parse(JSON.parse(r.stdout));
  assert.deepEqual(JSON.parse(readFileSync(reportFile, 'utf8')), JSON.parse(r.stdout));
  assertRedacted(r.stdout);
  assert.equal(report.lang, 'en');
  assert.equal(report.app.node, process.versions.node);
  assert.ok(['running', 'not-running', 'not-responding'].includes(report.pcsc.service));

  const softhsm = report.modules.find((m) => m.path === SOFTHSM_MODULE);
  assert.ok(softhsm?.loaded, JSON.stringify(report.modules.map((m) => [m.path, m.failure])));
  assert.match(softhsm.info!.cryptokiVersion, /^2\.\d+/);
  assert.match(softhsm.info!.manufacturer, /SoftHSM/);
  const missing = report.modules.find((m) => m.path === MISSING);
  assert.equal(missing?.loaded, false);
  assert.equal(missing.failure?.reason, 'file-missing');
  assert.ok(report.advice.some((a) => a.code === 'module-file-missing' && a.params.module === MISSING && a.message.includes(MISSING)));

  const token = softhsm.slots.find((s) => s.token?.label === tokens.qes.label)?.token;
  assert.ok(token);
  assert.equal(token.serial, '*'.repeat(tokens.qes.serial.length - 4) + tokens.qes.serial.slice(-4));
  assert.equal(token.pinState, 'ok');
  assert.ok(token.mechanisms.some((m) => m.name === 'RSA_PKCS' && m.present));
  assert.ok(token.mechanisms.some((m) => m.name === 'ECDSA' && m.present));
  assert.ok(softhsm.slots.some((s) => s.token?.label === tokens.empty.label), 'the empty token is listed');
  assert.ok(report.advice.some((a) => a.code === 'no-certificates' && a.params.token === tokens.empty.label));

  // Certificates: the same object as `certs --json`, classification decides "qualified".
  const byId = new Map(report.certificates.map((c) => [c.id, c]));
  for (const role of ['qualifiedRsa', 'qualifiedEc', 'nonQualified', 'expired'] as const) assert.ok(byId.has(tokens.certificateIds[role]), role);
  assert.equal(byId.get(tokens.certificateIds.qualifiedRsa)!.qualified, true);
  assert.equal(byId.get(tokens.certificateIds.nonQualified)!.qualified, false);
  assert.deepEqual(Object.keys(report.certificates[0]!), ['id', 'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'qualified', 'keyUsage', 'keyType', 'token']);
  assert.ok(!byId.has(pki.qualifiedCa.id), 'CA certificates are not offered');
  const expired = report.advice.find((a) => a.code === 'cert-expired');
  assert.equal(expired?.severity, 'error');
  assert.ok(Number(expired.params.days) > 300);
  assert.ok(report.advice.some((a) => a.code === 'cert-not-qualified' && a.severity === 'info'));
});

test('doctor: readable text in Polish, --report FILE.txt', { timeout: 120_000 }, () => {
  const reportFile = join(dir, 'raport.txt');
  const r = nadawca(['doctor', '--module', SOFTHSM_MODULE, '--report', reportFile, '--lang', 'pl']);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(readFileSync(reportFile, 'utf8'), r.stdout);
  for (const heading of ['Nadawca — raport diagnostyczny', 'Usługa PC/SC', 'Moduły PKCS#11', 'Certyfikaty', 'Zalecenia']) assert.ok(r.stdout.includes(heading), heading);
  assert.match(r.stdout, /Certyfikat „[^”]+” wygasł \d+ dni temu/);
  assertRedacted(r.stdout);
});

test('certs --json lists signing certificates with the ids sign --cert takes; --p12 adds a file', { timeout: 120_000 }, () => {
  const r = nadawca(['certs', '--module', SOFTHSM_MODULE, '--p12', pki.system.p12, '--password-env', 'P12_PASSWORD', '--json'], { P12_PASSWORD: pki.system.p12Password });
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout) as { id: string; token: { label: string; module: string }; qualified: boolean }[];
  const ids = list.map((c) => c.id);
  for (const role of ['qualifiedRsa', 'qualifiedRsaAlwaysAuth', 'qualifiedEc', 'nonQualified', 'expired'] as const) assert.ok(ids.includes(tokens.certificateIds[role]), role);
  const file = list.find((c) => c.id === pki.system.id);
  assert.deepEqual(file?.token, { label: basename(pki.system.p12), module: 'file' });
  for (const c of list) assert.deepEqual(Object.keys(c), ['id', 'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'qualified', 'keyUsage', 'keyType', 'token']);

  const wrong = nadawca(['certs', '--p12', pki.system.p12, '--password-env', 'P12_PASSWORD'], { P12_PASSWORD: 'not-the-password' });
  assert.notEqual(wrong.status, 0);
  assert.ok(wrong.stderr.length > 0);
});

test('a test signature on random data is verified on the host; a wrong PIN gives advice, and no PIN is in the report', { timeout: 120_000 }, async (t) => {
  const signer = createPkcs11Signer({ modules: [SOFTHSM_MODULE], host: SIGNER_HOST });
  t.after(() => signer.close());
  const diagnostics = createDiagnostics({
    modules: () => ({ configured: [SOFTHSM_MODULE], user: [] }),
    testSignature: (id, pin) => signer.testSignature(id, pin),
    signerHost: SIGNER_HOST,
    clock: () => new Date(),
    lang: () => 'en',
    version: '9.9.9',
  });

  for (const role of ['qualifiedRsa', 'qualifiedEc'] as const) {
    const ok = await diagnostics.run({ testSignature: { certificateId: tokens.certificateIds[role], pin: tokens.qes.pin } });
    assert.equal(ok.testSignature?.ok, true, JSON.stringify(ok.testSignature));
    assert.equal(ok.testSignature.verifiedOnHost, true);
    assert.equal(ok.testSignature.mechanism, role === 'qualifiedEc' ? 'ECDSA' : 'RSA_PKCS');
    assert.ok(!ok.advice.some((a) => a.code.startsWith('test-signature')));
  }

  const wrongPin = '999999';
  const bad = await diagnostics.run({ testSignature: { certificateId: tokens.certificateIds.qualifiedRsa, pin: wrongPin } });
  assert.equal(bad.testSignature?.ok, false);
  assert.equal(bad.testSignature.error?.code, 'PIN_INCORRECT');
  const advice = bad.advice.find((a) => a.code === 'test-signature-failed');
  assert.ok(advice, JSON.stringify(bad.advice));
  const json = JSON.stringify(bad);
  assert.ok(!json.includes(wrongPin) && !json.includes(tokens.qes.pin), 'no PIN in the report');
  // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a wrong PIN: the next run says so.
  const after = await diagnostics.run();
  assert.ok(after.advice.some((a) => a.code === 'pin-count-low' && a.params.token === tokens.qes.label), JSON.stringify(after.advice));
});
