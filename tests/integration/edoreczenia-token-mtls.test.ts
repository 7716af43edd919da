/**
 * Mutual TLS with the system certificate whose key stays on a PKCS#11 token (SoftHSM): the TLS
 * tunnel host signs the handshake through OpenSSL's PKCS#11 engine (libp11). Against the
 * e-Doręczenia simulator on HTTPS that demands a client certificate (and matches it to the
 * registered system), and independently against `openssl s_server -Verify`, which checks the
 * handshake signature made on the token. Without the engine the connection goes out without a
 * client certificate and the server's refusal is a clear error; a PIN the card refuses is dropped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { connect as connectTcp, createServer } from 'node:net';
import { join } from 'node:path';
import type { ChannelInput } from '../../electron/common/contract';
import { isAppError } from '../../electron/common/errors';
import { silentLogger } from '../../electron/node/logger';
import { createTokenTlsAgent, tlsTunnelSpec, type TokenTlsOptions } from '../../electron/node/signer/tls-tunnel';
import { OWN_BOX, PUBLIC_BOX, type EdoreczeniaFixture, type TlsMaterial } from '../harness/edoreczenia';
import { startHttpsBoxBench, type HttpsBoxBench } from '../harness/edoreczenia-services';
import { createSignedFiling, routerCall, SIGNER_HOST, type TestServices } from '../harness/services';
import type { TestEnvironment } from '../harness/test-env';

let dir: string;
let tls: TlsMaterial;
let fx: EdoreczeniaFixture;
let services: TestServices;
let env: TestEnvironment;

const pem = (path: string) => readFileSync(path, 'utf8');

let bench: HttpsBoxBench;
before(async () => {
  // The server asks every connection for a certificate of the test PKI (the card's issuer).
  bench = await startHttpsBoxBench((e, t) => ({
    tls: { certPem: t.serverCertPem, keyPem: t.serverKeyPem, clientCaPem: pem(e.pki.chainPem) },
    clients: [
      { clientId: 'system-karta', box: OWN_BOX, certificatePem: pem(e.pki.signers.nonQualified.cert) },
      { clientId: 'system-inny', box: OWN_BOX, certificatePem: t.clientCertPem },
    ],
  }));
  ({ dir, tls, fx, services, env } = bench);
});
after(async () => {
  await bench?.close();
});

const call = routerCall(() => services);

async function saveTokenProfile(name: string, clientId: string, certificateId: string) {
  const input: ChannelInput<'edoreczenia.profiles.save'> = {
    name, address: OWN_BOX, environment: 'integration', apiUrl: fx.sim.url, tokenUrl: fx.sim.tokenUrl, clientId,
    token: { certificateId, pin: env.tokens.qes.pin },
  };
  const saved = await call('edoreczenia.profiles.save', input);
  services.edoreczenia.profiles.setCaPem(saved.id, tls.caPem);
  return saved;
}

const agentOptions = (o: Partial<TokenTlsOptions> & { urls: string[] }): TokenTlsOptions => ({
  host: tlsTunnelSpec(SIGNER_HOST), tokens: services.cards.cardSigner, certificateId: env.tokens.certificateIds.nonQualified,
  certificatePem: pem(env.pki.signers.nonQualified.cert), pin: env.tokens.qes.pin, caPems: [tls.caPem], pinRejected: () => undefined, logger: silentLogger, ...o,
});

// First: the engine loads once per tunnel process, and these two must see it fail to load or log in.
test('without the PKCS#11 engine the connection has no client certificate: the server refuses, a clear error, nothing sent', async () => {
  process.env.NADAWCA_PKCS11_ENGINE = join(dir, 'no-engine', 'pkcs11.so');
  try {
    const saved = await saveTokenProfile('Karta bez silnika', 'system-karta', env.tokens.certificateIds.nonQualified);
    const r = await call('edoreczenia.testConnection', { id: saved.id });
    assert.equal(r.ok, false);
    assert.equal(r.clientCertificate, null);
    assert.match(r.error ?? '', /^SERVICE_UNREACHABLE/);
    assert.ok(!JSON.stringify(r).includes(env.tokens.qes.pin));
  } finally {
    delete process.env.NADAWCA_PKCS11_ENGINE;
  }
});

test('a PIN the card refuses: SYSTEM_PIN_REJECTED and the caller is told to drop it (no retries that could lock the card)', async () => {
  let dropped = 0;
  const agent = createTokenTlsAgent(agentOptions({ pin: '000000', urls: [fx.sim.url], pinRejected: () => { dropped++; } }));
  try {
    const attempt = () => new Promise<unknown>((resolve) => get(`${fx.sim.url}/`, { agent }, () => resolve(null)).on('error', resolve));
    const err = await attempt();
    assert.ok(isAppError(err) && err.code === 'SYSTEM_PIN_REJECTED', String(err));
    assert.ok(!String((err as Error).message).includes('000000'));
    assert.equal(dropped, 1);
    // A retry (the outbox's) is refused at once: the card is not offered the PIN again.
    const again = await attempt();
    assert.ok(isAppError(again) && again.code === 'SYSTEM_PIN_REJECTED', String(again));
    assert.equal(dropped, 1, 'no second login attempt');
    assert.equal(agent.clientCertificate, 'unknown');
  } finally {
    await agent.shutdown();
  }
});

test('a token profile connects with mutual TLS: the key on the token signs the handshake, the simulator matches the certificate', async () => {
  // The authentication certificate (clientAuth): a qualified signing certificate is not for TLS, and the server would refuse it.
  const saved = await saveTokenProfile('Biuro (karta, mTLS)', 'system-karta', env.tokens.certificateIds.nonQualified);
  const r = await call('edoreczenia.testConnection', { id: saved.id });
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(r.clientCertificate, 'token');
  assert.ok(r.totalCapacityMb !== null);
  assert.ok(!JSON.stringify(r).includes(env.tokens.qes.pin));
  // The same card for a system registered with another certificate: the handshake works, the service refuses.
  const other = await saveTokenProfile('Inny system', 'system-inny', env.tokens.certificateIds.nonQualified);
  const refused = await call('edoreczenia.testConnection', { id: other.id });
  assert.equal(refused.ok, false);
  assert.match(refused.error ?? '', /^SERVICE_REJECTED/);
  assert.equal(refused.clientCertificate, 'token', 'the TLS connection itself presented the card');
});

test('a letter goes out through the outbox over mutual TLS with the token key (draft, attachment, send)', async () => {
  const saved = await saveTokenProfile('Biuro (karta, wysyłka)', 'system-karta', env.tokens.certificateIds.nonQualified);
  await call('edoreczenia.profiles.save', { name: saved.name, address: OWN_BOX, environment: 'integration', apiUrl: fx.sim.url, tokenUrl: fx.sim.tokenUrl, clientId: 'system-karta', id: saved.id, active: true });
  services.edoreczenia.reset();
  const id = await createSignedFiling(services, {
    sender: { institution: { name: 'Biuro Rachunkowe Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
    addressee: { name: 'Urząd Miasta Testowo', inbox: PUBLIC_BOX },
    place: 'Warszawa', date: '2026-11-23', title: 'Wniosek (mTLS z karty)', content: ['Treść.'],
  });
  await call('filings.send', { id });
  await services.outbox.run();
  await services.edoreczenia.sender.refresh(); // the send task's result
  const row = services.repo.get(id);
  assert.ok(['sent', 'delivered'].includes(row.state), `${row.state}: ${row.last_error ?? ''}`);
  assert.ok(fx.sim.messages(OWN_BOX).some((m) => m.messageMetadata?.messageId === row.remote_id), 'the service has the letter');
  assert.equal(services.edoreczenia.client().clientCertificate(), 'token');
});

/** A free loopback port for openssl s_server (it takes a fixed port). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port. */
async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connectTcp(port, '127.0.0.1', () => { s.destroy(); resolve(true); }).on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

test('openssl s_server -Verify checks the handshake signed on the token (independent verifier)', async () => {
  const port = await freePort();
  writeFileSync(join(dir, 'server.key'), tls.serverKeyPem);
  writeFileSync(join(dir, 'server.pem'), tls.serverCertPem);
  const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-Verify', '1', '-verify_return_error', '-CAfile', env.pki.chainPem, '-cert', join(dir, 'server.pem'), '-key', join(dir, 'server.key'), '-www', '-naccept', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d: Buffer) => { log += d.toString(); });
  server.stderr.on('data', (d: Buffer) => { log += d.toString(); });
  const agent = createTokenTlsAgent(agentOptions({ urls: [`https://127.0.0.1:${port}`] }));
  try {
    await listening(port).catch((e: Error) => { throw new Error(`${e.message}: ${log}`); });
    const body = await new Promise<string>((resolve, reject) => {
      get(`https://127.0.0.1:${port}/`, { agent }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => { b += d.toString(); }).on('end', () => resolve(b));
      }).on('error', reject);
    });
    assert.match(body, /s_server/, 'the page s_server serves to a verified client');
    await new Promise((r) => server.once('exit', r));
    const subject = new X509Certificate(pem(env.pki.signers.nonQualified.cert)).subject;
    const cn = /CN=([^\n]+)/.exec(subject)![1]!;
    assert.ok(log.includes(`CN = ${cn}`) && /verify return:1/.test(log), log);
    assert.equal(agent.clientCertificate, 'token');
  } finally {
    server.kill();
    await agent.shutdown();
  }
});
