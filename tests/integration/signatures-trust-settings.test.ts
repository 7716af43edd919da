/**
 * The "Trust and time-stamps" settings through the real router and services: a CA the user adds
 * makes a signature by it TOTAL_PASSED, removing it makes the same file INDETERMINATE again;
 * refused certificates (leaf, unreadable) and TSA URLs get their own errors; signing at B-T without
 * a typed URL uses the enabled TSA servers in order and never contacts a disabled one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SignFileResult } from '../../electron/common/contract-signatures';
import type { TrustAnchor, TsaServer } from '../../electron/common/contract-trust';
import type { VerificationReport } from '../../electron/common/verification-report';
import { signCades } from '../../electron/node/signatures/api';
import { createPkcs11Signer, type Pkcs11Signer } from '../../electron/node/signer/client';
import { SIGNER_HOST, startTestServices, type TestServices } from '../harness/services';
import { startOcsp, startTsa, type LocalService } from '../harness/signature-services';
import type { TestEnvironment } from '../harness/test-env';

let services: TestServices;
let env: TestEnvironment;
let close: () => Promise<void>;
let signer: Pkcs11Signer;
let enabledTsa: LocalService;
let disabledTsa: LocalService;
let ocsp: LocalService;
let dir: string;

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const call = async <T>(channel: string, input: unknown): Promise<Reply<T>> => (await services.router(channel, input)) as never;
async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await call<T>(channel, input);
  assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
  return r.value;
}

describe('trust.* channels and their use in signing and verification', { timeout: 180_000 }, () => {
  before(async () => {
    ({ services, env, close } = await startTestServices());
    signer = createPkcs11Signer({ modules: [env.tokens.module], host: SIGNER_HOST });
    enabledTsa = await startTsa(env.pki);
    disabledTsa = await startTsa(env.pki);
    ocsp = await startOcsp(env.pki);
    dir = mkdtempSync(join(env.dir, 'trust-settings-'));
  });
  after(async () => {
    await signer?.close();
    await enabledTsa?.close();
    await disabledTsa?.close();
    await ocsp?.close();
    await close?.();
  });

  it('a user-added root makes a signature by its CA TOTAL_PASSED; removing it → INDETERMINATE', async () => {
    const content = join(dir, 'umowa.txt');
    writeFileSync(content, 'Umowa najmu lokalu\n');
    const p7s = join(dir, 'umowa.txt.p7s');
    // B-LT with OCSP embedded, so the outcome depends on the trust anchors alone.
    await signCades({
      signer, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin,
      mode: 'detached', level: 'B-LT', input: content, output: p7s,
      tsa: [{ url: enabledTsa.url }], revocation: { online: true, ocspUrl: ocsp.url },
      chain: [new X509Certificate(readFileSync(env.pki.qualifiedCa.cert)), new X509Certificate(readFileSync(env.pki.rootCa.cert))],
    });
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', content, '-CAfile', env.pki.chainPem, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    assert.equal(cms.status, 0, cms.stderr);

    const verify = () => ok<VerificationReport>('signatures.verify', { path: p7s, contentPath: content });
    const untrusted = await verify();
    assert.equal(untrusted.indication, 'INDETERMINATE', 'the built-in environment does not trust the test PKI');
    assert.ok(untrusted.signatures[0]!.reasons.some((r) => r.code === 'CHAIN_UNTRUSTED'));

    assert.deepEqual(await ok<TrustAnchor[]>('trust.anchors.list', {}), []);
    const anchors = await ok<TrustAnchor[]>('trust.anchors.add', { path: env.pki.rootCa.cert });
    assert.deepEqual(anchors.map((a) => a.subject.replace(/.*CN=/, '')), ['TEST Nadawca Root CA']);
    assert.match(anchors[0]!.validTo, /^\d{4}-\d\d-\d\dT/);
    const trusted = await verify();
    assert.equal(trusted.indication, 'TOTAL_PASSED', JSON.stringify(trusted.signatures[0]?.reasons));
    assert.equal(trusted.signatures[0]!.chain.trusted, true);

    assert.deepEqual(await ok<TrustAnchor[]>('trust.anchors.remove', { fingerprint256: anchors[0]!.fingerprint256 }), []);
    const again = await verify();
    assert.equal(again.indication, 'INDETERMINATE');
    assert.ok(again.signatures[0]!.reasons.some((r) => r.code === 'CHAIN_UNTRUSTED'));
  });

  it('refuses a leaf certificate, a non-certificate and a non-http TSA with their own messages', async () => {
    const leaf = await call('trust.anchors.add', { pem: readFileSync(env.pki.signers.qualifiedRsa.cert, 'utf8') });
    assert.ok(!leaf.ok && leaf.error.code === 'TRUST_ANCHOR_NOT_CA', JSON.stringify(leaf));
    assert.match(leaf.error.message, /Jan Testowy.*neither a certification authority nor self-signed/);
    const text = join(dir, 'notatka.txt');
    writeFileSync(text, 'to nie jest certyfikat');
    const junk = await call('trust.anchors.add', { path: text });
    assert.ok(!junk.ok && junk.error.code === 'TRUST_ANCHOR_UNREADABLE');
    assert.match(junk.error.message, /notatka\.txt/);
    const ftp = await call('trust.tsa.add', { url: 'ftp://tsa.example/', name: 'FTP' });
    assert.ok(!ftp.ok && ftp.error.code === 'INVALID_INPUT');
    const missing = await call('trust.tsa.setEnabled', { url: 'http://127.0.0.1:9/none', enabled: true });
    assert.ok(!missing.ok && missing.error.code === 'NOT_FOUND');
  });

  it('B-T without a typed URL uses the enabled TSA servers in order; a disabled one is never contacted', async () => {
    const file = join(dir, 'wniosek.txt');
    writeFileSync(file, 'Wniosek\n');
    const sign = () => call<SignFileResult>('signatures.sign', { path: file, format: 'cades', level: 'B-T', certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });

    const none = await sign();
    assert.ok(!none.ok && none.error.code === 'INVALID_INPUT' && /time-stamping server/.test(none.error.message), 'KIR and Certum are off by default');

    await ok<TsaServer[]>('trust.tsa.add', { url: enabledTsa.url, name: 'Lokalny TSA' });
    await ok<TsaServer[]>('trust.tsa.add', { url: disabledTsa.url, name: 'Wyłączony TSA' });
    const listed = await ok<TsaServer[]>('trust.tsa.setEnabled', { url: disabledTsa.url, enabled: false });
    // The disabled one first in order: order alone must not make it used.
    const order = [disabledTsa.url, ...listed.map((s) => s.url).filter((u) => u !== disabledTsa.url)];
    const reordered = await ok<TsaServer[]>('trust.tsa.reorder', { urls: order });
    assert.deepEqual(reordered.map((s) => [s.url, s.enabled]).slice(0, 2), [[disabledTsa.url, false], ['http://www.ts.kir.com.pl/HttpTspServer', false]]);
    const badOrder = await call('trust.tsa.reorder', { urls: [enabledTsa.url] });
    assert.ok(!badOrder.ok && badOrder.error.code === 'INVALID_INPUT');

    const before = enabledTsa.requests;
    const signed = await sign();
    assert.ok(signed.ok, JSON.stringify(signed));
    assert.ok(signed.value.timestampTime, 'a signature timestamp was added');
    assert.equal(enabledTsa.requests, before + 1);
    assert.equal(disabledTsa.requests, 0, 'the disabled server was never asked');
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', signed.value.output, '-content', file, '-CAfile', env.pki.chainPem, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    assert.equal(cms.status, 0, cms.stderr);

    await ok('trust.anchors.add', { pem: readFileSync(env.pki.chainPem, 'utf8') });
    const report = await ok<VerificationReport>('signatures.verify', { path: signed.value.output, contentPath: file });
    assert.equal(report.signatures[0]!.level, 'B-T');
    assert.equal(report.signatures[0]!.timestamps[0]?.indication, 'TOTAL_PASSED', JSON.stringify(report.signatures[0]?.timestamps));

    // A typed URL still wins over the settings.
    const typed = await call<SignFileResult>('signatures.sign', { path: file, format: 'cades', level: 'B-T', certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, tsaUrl: disabledTsa.url });
    assert.ok(typed.ok, JSON.stringify(typed));
    assert.equal(disabledTsa.requests, 1);
  });
});
