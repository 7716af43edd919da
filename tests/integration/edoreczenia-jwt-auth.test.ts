/**
 * e-Doręczenia client authentication by a signed JWT (RFC 7523 private_key_jwt, DOMAIN-inboxes
 * §1.2) against the simulator over HTTPS: a profile with a PKCS#12 system certificate and one
 * with the certificate on a SoftHSM token (RSA and EC) get tokens without a client secret; a
 * letter goes out through the outbox with the token profile. The simulator refuses a wrong
 * certificate, an expired, a replayed and a mis-addressed assertion. The assertions are also
 * verified independently: openssl dgst -verify on the signing input (RSA), jose (EC). A card taken
 * out is a retryable TOKEN_ABSENT failure in the outbox.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { compactVerify, decodeJwt, decodeProtectedHeader, importX509 } from 'jose';
import type { ChannelInput, FilingDetail } from '../../electron/common/contract';
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from '../../electron/node/edoreczenia/client-assertion';
import { systemAssertionSigner } from '../../electron/node/edoreczenia/system-assertion';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import { xmlSignerFor } from '../../electron/node/signer/xml-signer';
import type { XmlSigner } from '../../electron/node/xml/engine';
import { OWN_BOX, PUBLIC_BOX, type EdoreczeniaFixture, type TlsMaterial } from '../harness/edoreczenia';
import { startHttpsBoxBench, type HttpsBoxBench } from '../harness/edoreczenia-services';
import { routerCall, type TestServices } from '../harness/services';
import type { TestEnvironment } from '../harness/test-env';

let dir: string;
let tls: TlsMaterial;
let fx: EdoreczeniaFixture;
let services: TestServices;
let env: TestEnvironment;

const pem = (path: string) => readFileSync(path, 'utf8');

let bench: HttpsBoxBench;
before(async () => {
  // Systems registered with a certificate only (no client secret), as the operator registers them.
  bench = await startHttpsBoxBench((e, t) => ({
    tls: { certPem: t.serverCertPem, keyPem: t.serverKeyPem },
    clients: [
      { clientId: 'system-p12', box: OWN_BOX, certificatePem: pem(e.pki.system.cert) },
      { clientId: 'system-karta', box: OWN_BOX, certificatePem: pem(e.pki.signers.nonQualified.cert) },
      { clientId: 'system-karta-ec', box: OWN_BOX, certificatePem: pem(e.pki.signers.qualifiedEc.cert) },
      { clientId: 'urzad', clientSecret: 'urzad-sekret', box: PUBLIC_BOX },
    ],
  }));
  ({ dir, tls, fx, services, env } = bench);
});
after(async () => {
  await bench?.close();
});

const call = routerCall(() => services);

const profile = (name: string, clientId: string, extra: Partial<ChannelInput<'edoreczenia.profiles.save'>>): ChannelInput<'edoreczenia.profiles.save'> => ({
  name, address: OWN_BOX, environment: 'integration', apiUrl: fx.sim.url, tokenUrl: fx.sim.tokenUrl, clientId, ...extra,
});

/** Saves a profile, trusts the simulator's test CA for it, and runs the connection test. */
async function saveAndConnect(input: ChannelInput<'edoreczenia.profiles.save'>) {
  const saved = await call('edoreczenia.profiles.save', input);
  services.edoreczenia.profiles.setCaPem(saved.id, tls.caPem);
  return { saved, connection: await call('edoreczenia.testConnection', { id: saved.id }) };
}

/** The assertion a profile's client would send now, made by the same path (for independent checks). */
async function assertionOf(profileId: string): Promise<string> {
  const creds = services.edoreczenia.profiles.credentials(profileId);
  const signer = await systemAssertionSigner(creds, services.cards.cardSigner)!();
  return signClientAssertion(signer, { clientId: creds.clientId!, audience: creds.tokenUrl! });
}

/** openssl checks an RS256 assertion: the signature over "header.payload" with the certificate's key. */
function opensslVerifies(jwt: string, certPath: string): boolean {
  const [h, p, s] = jwt.split('.');
  writeFileSync(join(dir, 'input.txt'), `${h}.${p}`);
  writeFileSync(join(dir, 'sig.bin'), Buffer.from(s!, 'base64url'));
  writeFileSync(join(dir, 'pub.pem'), new X509Certificate(readFileSync(certPath)).publicKey.export({ type: 'spki', format: 'pem' }));
  try {
    execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.bin'), join(dir, 'input.txt')], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** POSTs a token request straight to the simulator (to send hand-made assertions). */
function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: { error?: string; error_description?: string; access_token?: string } }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request(fx.sim.tokenUrl, { method: 'POST', ca: tls.caPem, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const jwtForm = (assertion: string, clientId = 'system-p12') => ({ grant_type: 'client_credentials', client_id: clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion });

async function fileSigner(keyPath: string, certPath: string): Promise<XmlSigner> {
  const s = createFileSigner({ keyPem: keyPath, certPem: certPath, label: 'test' });
  return xmlSignerFor(s, (await s.listCertificates())[0]!.id, '');
}

test('(a) a PKCS#12 profile without a client secret gets a token by a signed assertion (openssl verifies it)', async () => {
  const { saved, connection } = await saveAndConnect(profile('Biuro (plik)', 'system-p12', { pkcs12Base64: readFileSync(env.pki.system.p12).toString('base64'), pkcs12Password: env.pki.system.p12Password }));
  assert.equal(saved.hasClientSecret, false);
  assert.equal(saved.certificate?.kind, 'pkcs12');
  assert.equal(connection.ok, true, connection.error ?? '');

  const jwt = await assertionOf(saved.id);
  const header = decodeProtectedHeader(jwt);
  const claims = decodeJwt(jwt);
  assert.equal(header.alg, 'RS256');
  assert.ok(Buffer.from(header.x5c![0]!, 'base64').equals(new X509Certificate(readFileSync(env.pki.system.cert)).raw));
  assert.equal(claims.iss, 'system-p12');
  assert.equal(claims.sub, 'system-p12');
  assert.equal(claims.aud, fx.sim.tokenUrl);
  assert.ok(typeof claims.jti === 'string' && claims.exp! > claims.iat!);
  assert.ok(opensslVerifies(jwt, env.pki.system.cert), 'openssl verifies the RS256 signature');
});

test('a wrong token PIN is PIN_INCORRECT and an unknown certificate TOKEN_ABSENT; nothing stored, no PIN in replies', async () => {
  const before = (await call('edoreczenia.profiles.list', {})).length;
  const wrong = await services.router('edoreczenia.profiles.save', profile('Zły PIN', 'system-karta', { token: { certificateId: env.tokens.certificateIds.nonQualified, pin: '999999' } }));
  assert.ok(!wrong.ok);
  assert.equal(wrong.error.code, 'PIN_INCORRECT');
  assert.ok(!JSON.stringify(wrong).includes('999999'));
  const absent = await services.router('edoreczenia.profiles.save', profile('Brak karty', 'system-karta', { token: { certificateId: 'ab'.repeat(32), pin: env.tokens.qes.pin } }));
  assert.ok(!absent.ok);
  assert.equal(absent.error.code, 'TOKEN_ABSENT');
  assert.equal((await call('edoreczenia.profiles.list', {})).length, before);
});

test('(b) a profile with the system certificate on a token (RSA and EC) gets a token; the key never leaves the token', async () => {
  const rsa = await saveAndConnect(profile('Biuro (karta)', 'system-karta', { token: { certificateId: env.tokens.certificateIds.nonQualified, pin: env.tokens.qes.pin } }));
  assert.equal(rsa.connection.ok, true, rsa.connection.error ?? '');
  assert.ok(rsa.saved.certificate?.kind === 'token' && rsa.saved.certificate.pinStored && rsa.saved.certificate.tokenLabel === env.tokens.qes.label);
  assert.match(rsa.saved.certificate.subject, /CN=/);
  assert.equal(rsa.saved.hasCertificate, true);
  assert.ok(!JSON.stringify(rsa.saved).includes(env.tokens.qes.pin));
  const jwt = await assertionOf(rsa.saved.id);
  assert.equal(decodeProtectedHeader(jwt).alg, 'RS256');
  assert.ok(opensslVerifies(jwt, env.pki.signers.nonQualified.cert), 'openssl verifies the signature made on the token');

  const ec = await saveAndConnect(profile('Biuro (karta EC)', 'system-karta-ec', { token: { certificateId: env.tokens.certificateIds.qualifiedEc, pin: env.tokens.qes.pin } }));
  assert.equal(ec.connection.ok, true, ec.connection.error ?? '');
  const ecJwt = await assertionOf(ec.saved.id);
  assert.equal(decodeProtectedHeader(ecJwt).alg, 'ES256');
  const key = await importX509(pem(env.pki.signers.qualifiedEc.cert), 'ES256');
  await compactVerify(ecJwt, key); // jose: throws unless the raw r||s signature verifies
});

test('a letter goes out through the outbox with the token profile active (assertion, no secret)', async () => {
  const rsa = (await call('edoreczenia.profiles.list', {})).find((p) => p.name === 'Biuro (karta)')!;
  await call('edoreczenia.profiles.save', { ...profile(rsa.name, 'system-karta', { id: rsa.id }), active: true });
  const f = await call('filings.create', {
    sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
    addressee: { name: 'Urząd Miasta Testowo', inbox: PUBLIC_BOX },
    place: 'Warszawa', date: '2026-11-23', title: 'Wniosek (system na karcie)', content: ['Treść.'],
  });
  await call('filings.sign', { id: f.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  await call('filings.send', { id: f.id });
  await services.outbox.run();
  await services.edoreczenia.sender.refresh(); // the send task's result and the evidences
  const done: FilingDetail = services.filings.detail(f.id);
  assert.ok(['sent', 'delivered'].includes(done.state), `${done.state}: ${done.lastError ?? ''}`);
  assert.ok(fx.sim.messages(OWN_BOX).some((m) => m.messageMetadata?.messageId === services.repo.get(f.id).remote_id));
});

test('(c) the simulator refuses a wrong certificate, an expired, a replayed and a mis-addressed assertion', async () => {
  const system = await fileSigner(env.pki.system.key, env.pki.system.cert);
  const ok = await signClientAssertion(system, { clientId: 'system-p12', audience: fx.sim.tokenUrl });
  const first = await tokenRequest(jwtForm(ok));
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const replay = await tokenRequest(jwtForm(ok));
  assert.equal(replay.status, 401);
  assert.match(replay.body.error_description ?? '', /już użyta/);

  const expired = await signClientAssertion(system, { clientId: 'system-p12', audience: fx.sim.tokenUrl, now: new Date(Date.now() - 3600_000) });
  const old = await tokenRequest(jwtForm(expired));
  assert.equal(old.status, 401);
  assert.match(old.body.error_description ?? '', /wygasła/);

  const elsewhere = await signClientAssertion(system, { clientId: 'system-p12', audience: 'https://example.org/oauth2/token' });
  const aud = await tokenRequest(jwtForm(elsewhere));
  assert.equal(aud.status, 401);
  assert.match(aud.body.error_description ?? '', /aud/);

  // Another certificate's key: the x5c names a certificate not registered for this client…
  const other = await fileSigner(env.pki.signers.expired.key, env.pki.signers.expired.cert);
  const foreign = await tokenRequest(jwtForm(await signClientAssertion(other, { clientId: 'system-p12', audience: fx.sim.tokenUrl })));
  assert.equal(foreign.status, 401);
  assert.match(foreign.body.error_description ?? '', /x5c/);
  // …and with the registered certificate in x5c but the other key, the signature does not verify.
  const forged = { ...other, certificateDer: system.certificateDer };
  const bad = await tokenRequest(jwtForm(await signClientAssertion(forged, { clientId: 'system-p12', audience: fx.sim.tokenUrl })));
  assert.equal(bad.status, 401);
  assert.match(bad.body.error_description ?? '', /Podpis asercji/);

  // A client registered with a secret only cannot use an assertion.
  const secretOnly = await tokenRequest(jwtForm(await signClientAssertion(system, { clientId: 'urzad', audience: fx.sim.tokenUrl }), 'urzad'));
  assert.equal(secretOnly.status, 401);
});

test('the card taken out: the token profile fails with TOKEN_ABSENT, kept in the outbox for a retry', async () => {
  const f = await call('filings.create', {
    sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
    addressee: { name: 'Urząd Miasta Testowo', inbox: PUBLIC_BOX },
    place: 'Warszawa', date: '2026-11-23', title: 'Wniosek (karta wyjęta)', content: ['Treść.'],
  });
  await call('filings.sign', { id: f.id, certificateId: env.tokens.certificateIds.qualifiedRsa, pin: env.tokens.qes.pin });
  // Last test of this process: the token is deleted and the signer host restarted, so it sees it gone;
  // the cached client's access token is dropped too, so a new assertion must be signed.
  execFileSync('softhsm2-util', ['--delete-token', '--token', env.tokens.qes.label], { stdio: 'pipe' });
  await services.cards.cardSigner.close();
  services.edoreczenia.reset();
  await call('filings.send', { id: f.id });
  await services.outbox.run();
  const failed = services.filings.detail(f.id);
  assert.equal(failed.state, 'failed', JSON.stringify(failed));
  assert.match(failed.lastError ?? '', /No card with the selected certificate/);
  assert.ok(services.repo.get(f.id).next_attempt_at, 'the outbox retries it later');
});
