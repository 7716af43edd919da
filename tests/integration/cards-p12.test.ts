/**
 * PKCS#12 files as a signer with the card signer's interface: the test PKI's .p12 (OpenSSL 3
 * defaults: AES-256 + PBKDF2), signatures verified by openssl; a wrong password and a legacy
 * RC2/3DES file give clear errors.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../electron/common/errors';
import { createP12Signer, readP12 } from '../../electron/node/signer/p12-signer';
import { opensslVerify } from '../harness/signature-check';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const DATA = Buffer.from('Pismo podpisane certyfikatem z pliku (nie kwalifikowanym).\n', 'utf8');
let env: TestEnvironment;

before(async () => {
  env = await getTestEnvironment();
});

test('reads the certificate with the password, signs SHA-256/384/512 with it; openssl verifies', async () => {
  const { pairs } = await readP12(env.pki.system.p12, env.pki.system.p12Password);
  assert.equal(pairs.length, 1, 'the chain certificates in the file are not offered');
  const signer = createP12Signer({ file: env.pki.system.p12, certificateDer: new Uint8Array(pairs[0]!.certificate.raw), label: 'CC SEKAP (test)' });
  const [info] = await signer.listCertificates();
  assert.equal(info!.id, env.pki.system.id);
  assert.equal(info!.qualified, false);
  for (const hash of ['SHA-256', 'SHA-384', 'SHA-512'] as const) {
    const h = hash.replace('-', '').toLowerCase() as 'sha256';
    const r = await signer.sign({ certificateId: info!.id, pin: env.pki.system.p12Password, hash, digest: createHash(h).update(DATA).digest() });
    assert.equal(opensslVerify(env.pki.system.cert, { hash: h, data: DATA, signature: r.signature, scheme: 'pkcs1' }), 'Verified OK');
  }
  await assert.rejects(
    signer.sign({ certificateId: info!.id, pin: 'nie-to-haslo', hash: 'SHA-256', digest: createHash('sha256').update(DATA).digest() }),
    (e: AppError) => e.code === 'PASSWORD_INCORRECT' && e.details.file === 'system.p12' && !e.message.includes('nie-to-haslo'),
  );
  await assert.rejects(signer.sign({ certificateId: info!.id, pin: null, hash: 'SHA-256', digest: createHash('sha256').update(DATA).digest() }), (e: AppError) => e.code === 'INVALID_INPUT');
});

test('a legacy RC2/3DES file and a file that is not PKCS#12 → CERT_FILE_UNSUPPORTED saying what to do', async () => {
  const legacy = path.join(env.pki.dir, 'legacy.p12');
  execFileSync('openssl', ['pkcs12', '-export', '-legacy', '-inkey', env.pki.system.key, '-in', env.pki.system.cert, '-passout', 'pass:legacy-haslo', '-out', legacy], { stdio: 'pipe' });
  await assert.rejects(readP12(legacy, 'legacy-haslo'), (e: AppError) => e.code === 'CERT_FILE_UNSUPPORTED' && /export the file again with AES/.test(String(e.details.reason)));
  await assert.rejects(readP12(env.pki.system.cert, 'x'), (e: AppError) => e.code === 'CERT_FILE_UNSUPPORTED' && e.details.reason === 'not a PKCS#12 file');
});
