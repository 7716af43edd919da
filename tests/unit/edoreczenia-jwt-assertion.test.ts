/**
 * The RFC 7523 client assertion, in process: assembled by client-assertion.ts through a digest
 * signer (RS256, ES256, ES384 keys made here) and verified by jose — independently of our assembly —
 * and by the simulator's verifier, which also refuses replays, expired, mis-addressed, too
 * long-lived and foreign-certificate assertions, each with its reason.
 */
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { compactVerify, decodeJwt, decodeProtectedHeader, importX509 } from 'jose';
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from '../../electron/node/edoreczenia/client-assertion';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import { xmlSignerFor } from '../../electron/node/signer/xml-signer';
import type { XmlSigner } from '../../electron/node/xml/engine';
import { createReplayCache, verifyClientAssertion } from '../../electron/simulators/edoreczenia/client-assertion';

const AUD = 'https://127.0.0.1:1/oauth2/token';
const ALGORITHMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 },
  ES256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' },
} as const;

/** A self-signed certificate and an XmlSigner over its key (the file signer: digest in, signature out). */
async function identity(alg: keyof typeof ALGORITHMS): Promise<{ signer: XmlSigner; pem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHMS[alg], true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=System ${alg}`, keys, signingAlgorithm: ALGORITHMS[alg],
    notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000),
  });
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  const file = createFileSigner({ keyPem, certPem: cert.toString('pem'), label: alg });
  return { signer: await xmlSignerFor(file, (await file.listCertificates())[0]!.id, ''), pem: cert.toString('pem') };
}

const form = (assertion: string, clientId = 'system') => new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion });

for (const alg of ['RS256', 'ES256', 'ES384'] as const) {
  test(`${alg}: the assertion carries the claims and the certificate, and jose verifies its signature`, async () => {
    const { signer, pem } = await identity(alg);
    const jwt = await signClientAssertion(signer, { clientId: 'system', audience: AUD });
    const header = decodeProtectedHeader(jwt);
    assert.equal(header.alg, alg);
    assert.equal(header.typ, 'JWT');
    assert.ok(header.x5c?.length === 1 && typeof header['x5t#S256'] === 'string');
    const claims = decodeJwt(jwt);
    assert.deepEqual([claims.iss, claims.sub, claims.aud], ['system', 'system', AUD]);
    assert.ok(claims.exp! - claims.iat! > 0 && claims.exp! - claims.iat! <= 300);
    await compactVerify(jwt, await importX509(pem, alg));
    const verdict = await verifyClientAssertion(form(jwt), { clients: [{ clientId: 'system', certificatePem: pem }], audience: AUD, now: new Date(), replay: createReplayCache() });
    assert.ok('client' in verdict, JSON.stringify(verdict));
  });
}

test('two assertions never share a jti', async () => {
  const { signer } = await identity('ES256');
  const [a, b] = await Promise.all([signClientAssertion(signer, { clientId: 's', audience: AUD }), signClientAssertion(signer, { clientId: 's', audience: AUD })]);
  assert.notEqual(decodeJwt(a!).jti, decodeJwt(b!).jti);
});

test('the verifier refuses replays, expiry, another audience, long lifetimes, foreign certificates and unknown types', async () => {
  const { signer, pem } = await identity('RS256');
  const other = await identity('RS256');
  const clients = [{ clientId: 'system', certificatePem: pem }, { clientId: 'secret-only' }];
  const replay = createReplayCache();
  const verify = async (f: URLSearchParams, now = new Date()) => {
    const v = await verifyClientAssertion(f, { clients, audience: AUD, now, replay });
    return 'refused' in v ? v.refused : 'ok';
  };
  const jwt = await signClientAssertion(signer, { clientId: 'system', audience: AUD });
  assert.equal(await verify(form(jwt)), 'ok');
  assert.match(await verify(form(jwt)), /już użyta/);
  assert.match(await verify(form(await signClientAssertion(signer, { clientId: 'system', audience: AUD, now: new Date(Date.now() - 3_600_000) }))), /wygasła/);
  assert.match(await verify(form(await signClientAssertion(signer, { clientId: 'system', audience: 'https://elsewhere/token' }))), /aud/);
  // Signed now but checked as if made 20 minutes ahead of the server: exp is too far away.
  assert.match(await verify(form(await signClientAssertion(signer, { clientId: 'system', audience: AUD, now: new Date(Date.now() + 1_200_000) }))), /iat|dłużej/);
  assert.match(await verify(form(await signClientAssertion(other.signer, { clientId: 'system', audience: AUD }))), /x5c/);
  const forged = { ...other.signer, certificateDer: signer.certificateDer };
  assert.match(await verify(form(await signClientAssertion(forged, { clientId: 'system', audience: AUD }))), /Podpis asercji/);
  assert.match(await verify(form(await signClientAssertion(signer, { clientId: 'secret-only', audience: AUD }), 'secret-only')), /bez zarejestrowanego certyfikatu/);
  assert.match(await verify(form(await signClientAssertion(signer, { clientId: 'system', audience: AUD }), 'someone-else')), /client_id/);
  const wrongType = form(jwt);
  wrongType.set('client_assertion_type', 'urn:other');
  assert.match(await verify(wrongType), /typ asercji/);
  assert.match(await verify(form('not.a.jwt')), /poprawnym JWT/);
});
