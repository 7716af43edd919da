/**
 * `nadawca profile` and `nadawca send` as a user runs them (docs/CLI.md): options, exit codes, the
 * password only from an environment variable. A profile points at an ePUAP simulator in this
 * process that knows the test PKI's system certificate; the simulator verifies WS-Security.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startEpuapSimulator, type EpuapSimulator } from '../../electron/simulators/epuap';
import { ensureTestIdentities } from '../../electron/simulators/test-identities';
import { runCli } from '../harness/cli';
import { signedXmlSample } from '../harness/signature-samples';
import { getTestEnvironment, type TestEnvironment } from '../harness/test-env';

const SUBJECT = 'urzad-cli-profil';
let work: string;
let data: string;
let env: TestEnvironment;
let sim: EpuapSimulator;
let signedFile: string;

const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCli(['--data', data, '--lang', 'en', ...args], extraEnv);

before(async () => {
  env = await getTestEnvironment();
  work = mkdtempSync(join(tmpdir(), 'nadawca-cli-profile-'));
  data = join(work, 'data');
  const ids = await ensureTestIdentities(join(work, 'ids'));
  sim = await startEpuapSimulator({ identities: ids, systems: [{ subject: SUBJECT, certificatePem: readFileSync(env.pki.system.cert, 'utf8') }] });
  signedFile = await signedXmlSample(join(work, 'wniosek.xml'), 'Wniosek.', 'sig-cli');
});
after(async () => {
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('profile add: missing or bad values exit 2 naming the option; a wrong password exits 2 without echoing it', async () => {
  const noEndpoint = await cli(['profile', 'add', 'urzad', '--channel', 'epuap', '--address', SUBJECT]);
  assert.equal(noEndpoint.code, 2);
  assert.match(noEndpoint.stderr, /--endpoint/);
  const badUrl = await cli(['profile', 'add', 'urzad', '--channel', 'epuap', '--endpoint', 'ftp://x', '--address', SUBJECT]);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /endpoint/);
  const wrong = await cli(['profile', 'add', 'urzad', '--channel', 'epuap', '--endpoint', sim.url, '--address', SUBJECT, '--system-p12', env.pki.system.p12, '--password-env', 'P12_PASS'], { P12_PASS: 'zle-haslo-123' });
  assert.equal(wrong.code, 2, wrong.stderr);
  assert.match(wrong.stderr, /Wrong password for the certificate file "system\.p12"/);
  assert.ok(!`${wrong.stdout}${wrong.stderr}`.includes('zle-haslo-123'));
  const unset = await cli(['profile', 'add', 'urzad', '--channel', 'epuap', '--endpoint', sim.url, '--address', SUBJECT, '--system-p12', env.pki.system.p12, '--password-env', 'NOT_SET_VAR']);
  assert.equal(unset.code, 2);
});

test('profile add / list --json, then send --profile delivers through the simulator with the profile certificate (exit 0)', async () => {
  const add = await cli(['profile', 'add', 'urzad', '--channel', 'epuap', '--endpoint', sim.url, '--address', SUBJECT, '--system-p12', env.pki.system.p12, '--password-env', 'P12_PASS', '--json'], { P12_PASS: env.pki.system.p12Password });
  assert.equal(add.code, 0, add.stderr);
  assert.ok(!add.stdout.includes(env.pki.system.p12Password));
  const list = await cli(['profile', 'list', '--json']);
  assert.equal(list.code, 0, list.stderr);
  const profiles = JSON.parse(list.stdout) as { name: string; environment: string; replyBox: string; active: boolean }[];
  assert.deepEqual(profiles.map((p) => [p.name, p.environment, p.replyBox, p.active]), [['urzad', 'simulator', `/${SUBJECT}/SkrytkaESP`, false]]);

  const sent = await cli(['send', signedFile, '--to', '/ZOJO_Cieszyn/SkrytkaESP', '--profile', 'urzad', '--json']);
  assert.equal(sent.code, 0, sent.stderr + sent.stdout);
  const out = JSON.parse(sent.stdout) as { state: string; channel: string; receiptIds: string[] };
  assert.equal(out.state, 'delivered');
  assert.equal(out.channel, 'epuap');
  assert.equal(out.receiptIds.length, 1);
  const req = sim.requests().filter((r) => r.path.endsWith('/skrytka')).at(-1)!;
  const token = /<[^>]*BinarySecurityToken[^>]*>([^<]+)</.exec(req.body)![1]!;
  assert.equal(new X509Certificate(Buffer.from(token.replace(/\s+/g, ''), 'base64')).fingerprint256, new X509Certificate(readFileSync(env.pki.system.cert)).fingerprint256);
  assert.equal(sim.deliveredTo('/ZOJO_Cieszyn/SkrytkaESP').length, 1);
});

test('send: bad input exits 2; an unreachable profile endpoint exits 3 and the filing waits in the outbox', async () => {
  const unsigned = join(work, 'niepodpisane.xml');
  writeFileSync(unsigned, '<a/>');
  assert.equal((await cli(['send', unsigned, '--to', '/ZOJO_Cieszyn/SkrytkaESP'])).code, 2);
  assert.equal((await cli(['send', signedFile])).code, 2);
  assert.equal((await cli(['send', signedFile, '--to', 'nie-adres'])).code, 2);
  assert.equal((await cli(['send', signedFile, '--to', '/ZOJO_Cieszyn/SkrytkaESP', '--channel', 'edoreczenia'])).code, 2);
  assert.equal((await cli(['send', signedFile, '--to', '/ZOJO_Cieszyn/SkrytkaESP', '--profile', 'nie-ma-takiego'])).code, 2);

  const add = await cli(['profile', 'add', 'martwy', '--channel', 'epuap', '--endpoint', 'http://127.0.0.1:9', '--address', SUBJECT, '--system-p12', env.pki.system.p12, '--password-env', 'P12_PASS'], { P12_PASS: env.pki.system.p12Password });
  assert.equal(add.code, 0, add.stderr);
  const down = await cli(['send', signedFile, '--to', '/ZOJO_Cieszyn/SkrytkaESP', '--profile', 'martwy', '--json']);
  assert.equal(down.code, 3, down.stderr + down.stdout);
  assert.equal((JSON.parse(down.stdout) as { state: string }).state, 'failed');

  const removed = await cli(['profile', 'remove', 'martwy']);
  assert.equal(removed.code, 0);
  assert.equal((await cli(['profile', 'remove', 'martwy'])).code, 2);
});
