/**
 * The trust settings in a real SQLite file (migration 009): user-added PEM anchors (deduplicated,
 * used by verification) and TSA servers with KIR and Certum listed but off until enabled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../electron/common/errors';
import { openAppDatabase } from '../../electron/node/db/database';
import { DEFAULT_TSA_SERVERS } from '../../electron/node/signatures/api';
import { createTrustStore } from '../../electron/node/trust/store';
import { getTestEnvironment } from '../harness/test-env';

test('trust anchors from PEM are stored once, listed, removable; TSA defaults are disabled until enabled', async () => {
  const env = await getTestEnvironment();
  const dir = mkdtempSync(path.join(tmpdir(), 'nadawca-trust-'));
  try {
    const db = openAppDatabase(dir);
    const store = createTrustStore(db);
    assert.equal(store.addCertificates(readFileSync(env.pki.chainPem, 'utf8')).length, 2);
    assert.equal(store.addCertificates(readFileSync(env.pki.rootCa.cert, 'utf8')).length, 0, 'the same root is not added twice');
    assert.deepEqual(store.list().map((a) => a.subject.replace(/.*CN=/, '')), ['TEST Kwalifikowane CA', 'TEST Nadawca Root CA']);
    assert.equal(store.certificates().length, 2);
    assert.throws(() => store.addCertificates('nie certyfikat'), (e: AppError) => e.code === 'TRUST_ANCHOR_UNREADABLE');
    assert.throws(() => store.addCertificates(readFileSync(env.pki.signers.qualifiedRsa.cert, 'utf8')), (e: AppError) => e.code === 'TRUST_ANCHOR_NOT_CA' && /Jan Testowy/.test(String(e.details.subject)));
    assert.throws(() => createTrustStore(db, () => new Date('2199-01-01')).addCertificates(readFileSync(env.pki.rootCa.cert, 'utf8')), (e: AppError) => e.code === 'TRUST_ANCHOR_EXPIRED');
    assert.throws(() => store.addCertificates(new X509Certificate(readFileSync(env.pki.tsa.cert)).raw, 'tsa.der'), (e: AppError) => e.code === 'TRUST_ANCHOR_NOT_CA');
    assert.equal(store.list().length, 2, 'refused certificates are not stored');
    store.remove(store.list()[0]!.fingerprint256);
    assert.equal(store.list().length, 1);
    assert.throws(() => store.remove('0'.repeat(64)), (e: AppError) => e.code === 'NOT_FOUND');

    assert.deepEqual(store.tsaServers().map((s) => [s.url, s.enabled]), DEFAULT_TSA_SERVERS.map((s) => [s.url, false]));
    assert.deepEqual(store.enabledTsa(), []);
    store.saveTsaServer({ url: 'http://qts.certum.pl/qts', name: 'Certum', enabled: true });
    store.saveTsaServer({ url: 'http://127.0.0.1:1/tsa', name: 'lokalny', enabled: true });
    assert.deepEqual(store.enabledTsa().map((t) => t.url), ['http://qts.certum.pl/qts', 'http://127.0.0.1:1/tsa']);
    assert.throws(() => store.saveTsaServer({ url: 'ftp://x', name: 'x', enabled: true }), (e: AppError) => e.code === 'INVALID_INPUT');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
