/**
 * The "Sign files" / "Verify" channels through the real router and services (SoftHSM behind the
 * signer host): defaults per file type, strict input (absolute paths only, no stamp outside PAdES),
 * a wrong PIN that leaves nothing behind and is never echoed, progress events, each default format
 * signed next to its file and checked by an independent tool (pdfsig, xmlsec1, openssl cms).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FileToSign, SignFileResult } from '../../electron/common/contract-signatures';
import type { VerificationReport } from '../../electron/common/verification-report';
import { makePdf } from '../fixtures/pdf/make-pdfs';
import { pdfsig } from '../harness/pdfsig';
import { startTestServices, type TestServices } from '../harness/services';
import type { TestEnvironment } from '../harness/test-env';

let services: TestServices;
let env: TestEnvironment;
let close: () => Promise<void>;
const progress: { path: string; fraction: number }[] = [];

async function call<T>(channel: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  return (await services.router(channel, input)) as never;
}

describe('signatures.* channels', { timeout: 240_000 }, () => {
  let dir: string;
  before(async () => {
    const started = await startTestServices();
    ({ services, env, close } = started);
    services.subscribe((event, payload) => {
      if (event === 'signatures.progress') progress.push(payload as { path: string; fraction: number });
    });
    dir = mkdtempSync(join(tmpdir(), 'signfiles-handlers-'));
  });
  after(async () => { await close?.(); });

  it('proposes a format per file type and a free name next to it', async () => {
    const pdf = await makePdf(join(dir, 'umowa.pdf'), 3);
    writeFileSync(join(dir, 'pismo.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<pismo><tresc>Treść</tresc></pismo>\n');
    writeFileSync(join(dir, 'notatka.txt'), 'Notatka\n');
    const r = await call<FileToSign[]>('signatures.defaults', { paths: [pdf, join(dir, 'pismo.xml'), join(dir, 'notatka.txt')] });
    assert.ok(r.ok);
    assert.deepEqual(r.value.map((f) => [f.kind, f.defaultFormat, f.pageCount]), [['pdf', 'pades', 3], ['xml', 'xades', null], ['other', 'cades', null]]);
    assert.equal(r.value[0]!.proposedOutput, join(dir, 'umowa-podpisany.pdf'));
    const relative = await call('signatures.defaults', { paths: ['umowa.pdf'] });
    assert.ok(!relative.ok && relative.error.code === 'INVALID_INPUT');
  });

  it('a wrong PIN: PIN_INCORRECT, nothing written, the PIN not in the reply', async () => {
    const before = readdirSync(dir).length;
    const r = await call('signatures.sign', { path: join(dir, 'umowa.pdf'), format: 'pades', level: 'B-B', certificateId: env.tokens.certificateIds.qualifiedRsa, pin: '987654' });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'PIN_INCORRECT');
    assert.ok(!JSON.stringify(r).includes('987654'));
    assert.equal(readdirSync(dir).length, before);
    const stamp = await call('signatures.sign', { path: join(dir, 'notatka.txt'), format: 'cades', level: 'B-B', certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin, stamp: { page: 1, x: 10, y: 10 } });
    assert.ok(!stamp.ok && stamp.error.code === 'INVALID_INPUT' && /stamp/.test(stamp.error.message));
  });

  it('signs each default format next to its file; independent tools accept them; progress is reported', async () => {
    const sign = async (name: string, format: string) => {
      const r = await call<SignFileResult>('signatures.sign', { path: join(dir, name), format, level: 'B-B', certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
      assert.ok(r.ok, JSON.stringify(r));
      return r.value;
    };
    const pdf = await sign('umowa.pdf', 'pades');
    assert.equal(pdf.output, join(dir, 'umowa-podpisany.pdf'));
    assert.equal(pdfsig(pdf.output, env.pki).signatures[0]?.signatureValidation, 'Signature is Valid.');
    assert.ok(progress.some((p) => p.path === join(dir, 'umowa.pdf') && p.fraction === 1), 'progress reached 100%');

    const xml = await sign('pismo.xml', 'xades');
    assert.equal(xml.output, join(dir, 'pismo-podpisany.xml'));
    const xmlsec = spawnSync('xmlsec1', ['--verify', '--trusted-pem', env.pki.rootCa.cert, '--untrusted-pem', env.pki.qualifiedCa.cert, xml.output], { encoding: 'utf8' });
    assert.equal(xmlsec.status, 0, xmlsec.stderr);

    const txt = await sign('notatka.txt', 'cades');
    assert.equal(txt.output, join(dir, 'notatka.txt.p7s'));
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', txt.output, '-content', join(dir, 'notatka.txt'), '-CAfile', env.pki.chainPem, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    assert.equal(cms.status, 0, cms.stderr);

    // Verify through the channel: intact PDF; the environment's anchors do not include the token's CA.
    const v = await call<VerificationReport>('signatures.verify', { path: pdf.output });
    assert.ok(v.ok);
    assert.equal(v.value.documentType, 'PDF');
    assert.equal(v.value.signatures[0]?.signedObjects[0]?.intact, true);
    assert.ok(v.value.signatures[0]?.reasons.some((r) => r.code === 'CHAIN_UNTRUSTED'));
    assert.ok(existsSync(join(dir, 'umowa.pdf')));
  });
});
