/**
 * `nadawca profile add … --system-token CERT_ID --pin-env VAR` (the system certificate on a card,
 * SoftHSM here) and `send --profile` to an AE address, as an office scripts it: the e-Doręczenia
 * simulator demands a TLS client certificate of the card's CA and the registered one, and no client
 * secret exists — the letter gets through only with the card's key in the TLS handshake and on the
 * signed client assertion. Bad values exit 2 naming the option; the PIN is never echoed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../harness/cli';
import { makeTlsMaterial, OWN_BOX, PUBLIC_BOX, startEdoreczeniaFixture, type EdoreczeniaFixture } from '../harness/edoreczenia';
import { signedXmlSample } from '../harness/signature-samples';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

let work: string;
let data: string;
let env: TestEnvironment;
let fx: EdoreczeniaFixture;
let signedFile: string;

const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCli(['--data', data, '--lang', 'en', ...args], extraEnv);

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nadawca-cli-token-'));
  data = join(work, 'data');
  env = await getTestEnvironment();
  const tls = makeTlsMaterial(work);
  fx = await startEdoreczeniaFixture({
    tls: { certPem: tls.serverCertPem, keyPem: tls.serverKeyPem, clientCaPem: readFileSync(env.pki.chainPem, 'utf8') },
    clients: [{ clientId: 'system-karta', box: OWN_BOX, certificatePem: readFileSync(env.pki.signers.nonQualified.cert, 'utf8') }],
  });
  signedFile = await signedXmlSample(join(work, 'wniosek.xml'), 'Wniosek do urzędu.', 'sig-cli-token');
});
after(async () => {
  await fx?.close();
  rmSync(work, { recursive: true, force: true });
});

/** `profile add NAME` for the box with the card's authentication certificate; `change` drops or replaces options. */
function addArgs(name: string, change: Record<string, string | undefined> = {}): string[] {
  const options: Record<string, string | undefined> = {
    '--channel': 'edoreczenia', '--endpoint': fx.sim.url.replace(/\/api\/v1$/, ''), '--address': OWN_BOX, '--token-url': fx.sim.tokenUrl,
    '--client-id': 'system-karta', '--system-token': env.tokens.certificateIds.nonQualified, '--pin-env': 'CARD_PIN', ...change,
  };
  return ['profile', 'add', name, ...Object.entries(options).flatMap(([k, v]) => (v === undefined ? [] : [k, v])), '--ca', join(work, 'ca.pem'), '--ca', fx.ids.caPath];
}

test('profile add --system-token: bad values exit 2 naming the option, a wrong PIN is refused; the PIN never echoed', async () => {
  const pin = { CARD_PIN: env.tokens.qes.pin };
  const cases: [string, Record<string, string | undefined>, Record<string, string>, RegExp, number][] = [
    ['not a certificate id', { '--system-token': 'karta-1' }, pin, /--system-token: "karta-1" is not a certificate id/, 2],
    ['file and card', { '--system-p12': join(work, 'client.p12') }, pin, /--system-token: the system certificate from a file \(--system-p12\) or on a card/, 2],
    ['PIN variable unset', { '--pin-env': 'NADAWCA_TEST_UNSET_PIN' }, {}, /--pin-env: the environment variable NADAWCA_TEST_UNSET_PIN is not set/, 2],
    ['--pin-env without a card', { '--system-token': undefined, '--client-secret-env': 'X' }, { ...pin, X: 's' }, /--pin-env: only with --system-token/, 2],
  ];
  for (const [what, change, extraEnv, message, code] of cases) {
    const r = await cli(addArgs('zly', change), extraEnv);
    assert.equal(r.code, code, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
  }
  const wrong = await cli(addArgs('zly'), { CARD_PIN: '000000' });
  assert.notEqual(wrong.code, 0);
  assert.equal(wrong.code, 2, wrong.stderr);
  assert.match(wrong.stderr, /PIN/);
  assert.ok(!`${wrong.stdout}${wrong.stderr}`.includes('000000'));
  assert.equal(JSON.parse((await cli(['profile', 'list', '--json'])).stdout).length, 0, 'nothing saved');
});

test('profile add with the card, then send --profile: delivered over mutual TLS with the card key (exit 0); the card also for an ePUAP profile', async () => {
  const add = await cli(addArgs('biuro-karta'), { CARD_PIN: env.tokens.qes.pin });
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /biuro-karta {2}edoreczenia {2}integration .* system-token/);
  assert.ok(!`${add.stdout}${add.stderr}`.includes(env.tokens.qes.pin));
  const sent = await cli(['send', signedFile, '--to', PUBLIC_BOX, '--profile', 'biuro-karta', '--json']);
  assert.equal(sent.code, 0, sent.stderr + sent.stdout);
  const out = JSON.parse(sent.stdout) as { state: string; channel: string };
  assert.deepEqual([out.state, out.channel], ['delivered', 'edoreczenia']);
  assert.equal(fx.sim.messages(PUBLIC_BOX).length, 1, 'the letter reached the public body');
  assert.ok(!readFileSync(join(data, 'logs', 'cli.log'), 'utf8').includes(env.tokens.qes.pin), 'no PIN in the log');

  // The same card as the system certificate of an ePUAP profile (WS-Security signed on the card).
  const epuap = await cli(['profile', 'add', 'urzad-karta', '--channel', 'epuap', '--endpoint', 'https://127.0.0.1:9', '--address', 'biuro_test', '--system-token', env.tokens.certificateIds.nonQualified, '--pin-env', 'CARD_PIN', '--json'], { CARD_PIN: env.tokens.qes.pin });
  assert.equal(epuap.code, 0, epuap.stderr);
  const saved = JSON.parse(epuap.stdout) as { certificate: { kind: string; pinStored: boolean } | null };
  assert.deepEqual([saved.certificate?.kind, saved.certificate?.pinStored], ['token', true]);
  assert.ok(!epuap.stdout.includes(env.tokens.qes.pin));
});
