/**
 * Authentication as COI PT describes for systems: an OAuth2 client_credentials token over mutual
 * TLS with the system certificate from a PKCS#12 file, against the simulator on HTTPS with a
 * per-run test CA; the secrets of a box profile are encrypted at rest.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '../../electron/common/errors';
import { openAppDatabase } from '../../electron/node/db/database';
import { createBoxProfiles } from '../../electron/node/edoreczenia/profiles';
import { fileKeyProvider, openSecret, sealSecret } from '../../electron/node/edoreczenia/secrets';
import { startEdoreczeniaFixture, makeTlsMaterial, CLIENT, OWN_BOX, type EdoreczeniaFixture, type TlsMaterial } from '../harness/edoreczenia';

const dir = mkdtempSync(join(tmpdir(), 'nadawca-edor-auth-'));
let tls: TlsMaterial;
let fx: EdoreczeniaFixture;

before(async () => {
  tls = makeTlsMaterial(dir);
  fx = await startEdoreczeniaFixture({
    tls: { certPem: tls.serverCertPem, keyPem: tls.serverKeyPem, clientCaPem: tls.caPem },
    clients: [{ ...CLIENT, box: OWN_BOX, certificatePem: tls.clientCertPem }],
  });
});
after(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});

test('mutual TLS with the system certificate from PKCS#12 and a client_credentials token', async () => {
  assert.ok(fx.sim.url.startsWith('https://127.0.0.1:'));
  const c = fx.client({ tls: { pfx: tls.pkcs12, passphrase: tls.pkcs12Password, caPems: [tls.caPem] } });
  const s = await c.settings();
  assert.ok(s.settings?.totalCapacity);
  c.close();
});

test('without the client certificate the TLS handshake fails; a wrong PKCS#12 password is an error; a wrong secret is refused', async () => {
  const noCert = fx.client({ tls: { caPems: [tls.caPem] } });
  await assert.rejects(noCert.settings(), (e: unknown) => isAppError(e) && e.code === 'SERVICE_UNREACHABLE');
  const badPass = fx.client({ tls: { pfx: tls.pkcs12, passphrase: 'zle', caPems: [tls.caPem] } });
  await assert.rejects(badPass.settings());
  const badSecret = fx.client({ clientSecret: 'nie-to', tls: { pfx: tls.pkcs12, passphrase: tls.pkcs12Password, caPems: [tls.caPem] } });
  await assert.rejects(badSecret.settings(), (e: unknown) => isAppError(e) && e.code === 'SERVICE_REJECTED' && /sekret/.test(String(e.details.reason)));
  const untrusted = fx.client({ tls: { pfx: tls.pkcs12, passphrase: tls.pkcs12Password } });
  await assert.rejects(untrusted.settings(), (e: unknown) => isAppError(e) && e.code === 'SERVICE_UNREACHABLE', 'the server certificate must chain to a trusted CA');
});

test('profile secrets are sealed with AES-GCM under a 0600 key file; nothing readable in the database; tampering is detected', () => {
  const data = join(dir, 'data');
  mkdirSync(data);
  const db = openAppDatabase(data);
  try {
    const keys = fileKeyProvider(data);
    const profiles = createBoxProfiles({ db, keys, clock: () => new Date('2026-11-23T10:00:00Z') });
    const saved = profiles.save({ name: 'Biuro', address: OWN_BOX, environment: 'integration', apiUrl: 'https://127.0.0.1:1/api/v1', tokenUrl: 'https://127.0.0.1:1/oauth2/token', clientId: 'biuro', clientSecret: CLIENT.clientSecret, pkcs12Base64: Buffer.from(tls.pkcs12).toString('base64'), pkcs12Password: tls.pkcs12Password, active: true });
    assert.equal(saved.hasClientSecret, true);
    assert.equal(JSON.stringify(saved).includes(CLIENT.clientSecret), false, 'never returned');
    assert.equal(statSync(join(data, 'secrets.key')).mode & 0o777, 0o600);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(join(data, 'nadawca.sqlite'));
    assert.equal(raw.includes(Buffer.from(CLIENT.clientSecret)), false, 'the secret is not in the database file');
    assert.equal(raw.includes(Buffer.from(tls.pkcs12Password)), false);
    const creds = profiles.active()!;
    assert.equal(creds.clientSecret, CLIENT.clientSecret);
    assert.ok(Buffer.from(creds.pkcs12!).equals(Buffer.from(tls.pkcs12)));
    const sealed = sealSecret(keys, 'x', 'ctx-a');
    assert.throws(() => openSecret(keys, sealed, 'ctx-b'), /cannot be decrypted/, 'bound to its context');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    assert.throws(() => openSecret(keys, tampered, 'ctx-a'), /cannot be decrypted/);
  } finally {
    db.close();
  }
});
