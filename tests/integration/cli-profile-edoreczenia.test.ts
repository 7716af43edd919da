/**
 * `nadawca profile add NAME --channel edoreczenia …`, `profile list|remove` and `send --profile` to
 * an AE address, as a user runs them (docs/CLI.md). The box is the e-Doręczenia simulator in this
 * process over HTTPS with mutual TLS (its server certificate from a per-run openssl CA, the client
 * certificate registered for the system): the profile needs the client secret, the system
 * certificate and the --ca anchors to get through. Bad values exit 2 naming the option.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT, makeTlsMaterial, OWN_BOX, PUBLIC_BOX, startEdoreczeniaFixture, type EdoreczeniaFixture } from '../harness/edoreczenia';
import { runCli } from '../harness/cli';
import { REPO_ROOT } from '../harness/services';
import { signedXmlSample } from '../harness/signature-samples';

let work: string;
let data: string;
let fx: EdoreczeniaFixture;
let signedFile: string;
let endpoint: string;
let files: { tlsCa: string; p12: string; p12Password: string; notPem: string };

const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCli(['--data', data, '--lang', 'en', ...args], extraEnv);

/** A complete `profile add` command line; `change` drops (undefined) or replaces options. */
function addArgs(name: string, change: Record<string, string | undefined> = {}): string[] {
  const options: Record<string, string | undefined> = {
    '--channel': 'edoreczenia', '--endpoint': endpoint, '--address': OWN_BOX, '--token-url': fx.sim.tokenUrl, '--client-id': CLIENT.clientId,
    '--client-secret-env': 'EDOR_SECRET', '--system-p12': files.p12, '--password-env': 'P12_PASS', ...change,
  };
  const ca = ['--ca', files.tlsCa, '--ca', fx.ids.caPath];
  return ['profile', 'add', name, ...Object.entries(options).flatMap(([k, v]) => (v === undefined ? [] : [k, v])), ...ca];
}
const secrets = () => ({ EDOR_SECRET: CLIENT.clientSecret, P12_PASS: files.p12Password });

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nadawca-cli-edor-profile-'));
  data = join(work, 'data');
  const tls = makeTlsMaterial(work);
  fx = await startEdoreczeniaFixture({
    tls: { certPem: tls.serverCertPem, keyPem: tls.serverKeyPem, clientCaPem: tls.caPem },
    clients: [{ ...CLIENT, box: OWN_BOX, certificatePem: tls.clientCertPem }],
  });
  endpoint = fx.sim.url.replace(/\/api\/v1$/, '');
  // makeTlsMaterial wrote ca.pem and client.p12 into the folder.
  files = { tlsCa: join(work, 'ca.pem'), p12: join(work, 'client.p12'), p12Password: tls.pkcs12Password, notPem: join(work, 'nie-pem.txt') };
  writeFileSync(files.notPem, 'to nie jest certyfikat\n');
  signedFile = await signedXmlSample(join(work, 'wniosek.xml'), 'Wniosek do urzędu.', 'sig-cli-edor');
});
after(async () => {
  await fx?.close();
  rmSync(work, { recursive: true, force: true });
});

test('profile add --channel edoreczenia: each bad or missing value exits 2 naming it; secrets never echoed', async () => {
  const cases: [string, Record<string, string | undefined>, Record<string, string>, RegExp][] = [
    ['no token url', { '--token-url': undefined }, secrets(), /--token-url: required for an e-Doręczenia profile/],
    ['secret variable unset', { '--client-secret-env': 'NADAWCA_TEST_UNSET_VAR' }, { P12_PASS: files.p12Password }, /--client-secret-env: the environment variable NADAWCA_TEST_UNSET_VAR is not set/],
    ['bad address', { '--address': 'AE:PL-123' }, secrets(), /--address: "AE:PL-123" is not an e-Doręczenia address/],
    ['http endpoint', { '--endpoint': endpoint.replace('https:', 'http:') }, secrets(), /--endpoint: "http:\/\/127\.0\.0\.1:\d+" is not an https:\/\/ URL/],
    ['no credentials', { '--client-secret-env': undefined, '--system-p12': undefined, '--password-env': undefined }, {}, /--client-secret-env VAR or --system-p12 FILE/],
    ['unreadable p12', { '--system-p12': join(work, 'nie-ma.p12') }, secrets(), /--system-p12: cannot read the file .*nie-ma\.p12/],
    ['wrong p12 password', {}, { EDOR_SECRET: CLIENT.clientSecret, P12_PASS: 'zle-haslo-987' }, /Wrong password for the certificate file "client\.p12"/],
    ['ePUAP-only flag mix', { '--channel': 'epuap' }, secrets(), /--token-url: only for e-Doręczenia profiles/],
  ];
  for (const [what, change, env, message] of cases) {
    const r = await cli(addArgs('zly', change), env);
    assert.equal(r.code, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(CLIENT.clientSecret) && !`${r.stdout}${r.stderr}`.includes('zle-haslo-987'), what);
  }
  // The same error in the user's language (the last --lang wins).
  for (const [lang, message] of [['pl', /--token-url: wymagane dla profilu e-Doręczeń \(punkt wydawania tokenów OIDC\)/], ['uk', /--token-url: обов’язково для профілю e-Doręczenia/]] as const) {
    const r = await cli([...addArgs('zly', { '--token-url': undefined }), '--lang', lang], secrets());
    assert.equal(r.code, 2);
    assert.match(r.stderr, message, lang);
  }
  const notPem = await cli([...addArgs('zly'), '--ca', files.notPem], secrets());
  assert.equal(notPem.code, 2, notPem.stderr);
  assert.match(notPem.stderr, /--ca: .*nie-pem\.txt holds no PEM certificate/);
  const list = await cli(['profile', 'list', '--json']);
  assert.deepEqual(JSON.parse(list.stdout), [], 'nothing was stored by a refused add');
});

test('profile add, list both channels, send --profile to an AE address with evidences, remove (a name in both channels needs --channel)', async () => {
  const add = await cli([...addArgs('skrzynka'), '--json'], secrets());
  assert.equal(add.code, 0, add.stderr);
  assert.ok(!add.stdout.includes(CLIENT.clientSecret) && !add.stdout.includes(files.p12Password));
  const added = JSON.parse(add.stdout) as { channel: string; address: string; apiUrl: string; hasClientSecret: boolean; hasCertificate: boolean; active: boolean };
  assert.deepEqual([added.channel, added.address, added.apiUrl, added.hasClientSecret, added.hasCertificate, added.active], ['edoreczenia', OWN_BOX, fx.sim.url, true, true, false]);

  // The same name as an ePUAP profile: both are listed, each with its channel.
  const epuap = await cli(['profile', 'add', 'skrzynka', '--channel', 'epuap', '--endpoint', 'https://127.0.0.1:9', '--address', 'urzad-cli']);
  assert.equal(epuap.code, 0, epuap.stderr);
  const list = await cli(['profile', 'list', '--json']);
  assert.deepEqual((JSON.parse(list.stdout) as { name: string; channel: string }[]).map((p) => [p.name, p.channel]), [['skrzynka', 'epuap'], ['skrzynka', 'edoreczenia']]);
  const text = await cli(['profile', 'list']);
  assert.match(text.stdout, new RegExp(`^skrzynka  edoreczenia  integration  ${fx.sim.url.replace(/[.]/g, '\\.')}  ${OWN_BOX}  client-secret\\+system-p12$`, 'm'));

  const sent = await cli(['send', signedFile, '--to', PUBLIC_BOX, '--profile', 'skrzynka', '--json']);
  assert.equal(sent.code, 0, sent.stderr + sent.stdout);
  const out = JSON.parse(sent.stdout) as { id: string; state: string; channel: string; receiptIds: string[] };
  assert.deepEqual([out.state, out.channel], ['delivered', 'edoreczenia']);
  assert.ok(out.receiptIds.length >= 1, 'evidences held as receipts');
  assert.equal(fx.sim.messages(PUBLIC_BOX).length, 1, 'the letter reached the public body through the profile\'s box');
  const receipts = JSON.parse((await cli(['receipts', '--json'])).stdout) as { filingId: string; kind: string; verified: boolean }[];
  const mine = receipts.filter((r) => r.filingId === out.id);
  assert.ok(mine.some((r) => r.kind === 'BP.OX'), JSON.stringify(mine));
  assert.ok(mine.every((r) => r.verified), `evidences verify with the --ca anchors: ${JSON.stringify(mine)}`);

  const unknown = await cli(['send', signedFile, '--to', PUBLIC_BOX, '--profile', 'nie-ma-takiej']);
  assert.equal(unknown.code, 2, unknown.stderr);

  const ambiguous = await cli(['profile', 'remove', 'skrzynka']);
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /exists for both ePUAP and e-Doręczenia — add --channel/);
  const removed = await cli(['profile', 'remove', 'skrzynka', '--channel', 'edoreczenia', '--json']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(JSON.parse(removed.stdout), { removed: 'skrzynka', channel: 'edoreczenia' });
  assert.equal((await cli(['profile', 'remove', 'skrzynka'])).code, 0, 'only the ePUAP one is left: no --channel needed');
  const gone = await cli(['profile', 'remove', 'skrzynka']);
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, /Not found: profile "skrzynka"/);
});

test('the user\'s path: `nadawca simulator edoreczenia` prints what a box profile needs; profile add with it, send --profile delivers with verified evidences', async () => {
  const simData = join(work, 'sim-data');
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), 'simulator', 'edoreczenia', '--data', simData, '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const info = await new Promise<Record<string, string>>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('no output from the simulator in 60 s')), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const end = out.indexOf('\n}');
        if (end > 0) {
          clearTimeout(timer);
          resolve(JSON.parse(out.slice(0, end + 2)) as Record<string, string>);
        }
      });
    });
    // Another data folder than the simulator's: its CA is trusted only through --ca.
    const add = await cli(['profile', 'add', 'symulator', '--channel', 'edoreczenia', '--endpoint', info.url!.replace(/\/api\/v1$/, ''), '--address', info.box!,
      '--token-url', info.tokenUrl!, '--client-id', info.clientId!, '--client-secret-env', 'SIM_SECRET', '--ca', info.caCertificate!], { SIM_SECRET: info.clientSecret! });
    assert.equal(add.code, 0, add.stderr);
    const sent = await cli(['send', signedFile, '--to', info.publicBox!, '--profile', 'symulator', '--json']);
    assert.equal(sent.code, 0, sent.stderr + sent.stdout);
    const out = JSON.parse(sent.stdout) as { id: string; state: string };
    assert.equal(out.state, 'delivered');
    const receipts = (JSON.parse((await cli(['receipts', '--json'])).stdout) as { filingId: string; kind: string; verified: boolean }[]).filter((r) => r.filingId === out.id);
    assert.ok(receipts.some((r) => r.kind === 'BP.OX') && receipts.every((r) => r.verified), JSON.stringify(receipts));
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
