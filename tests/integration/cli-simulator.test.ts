/**
 * `nadawca simulator edoreczenia|epuap`: each runs in the foreground on 127.0.0.1, says where, and
 * answers; SIGTERM stops it with exit 0. Bad values are refused with exit 2 naming the option.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../harness/services';

const BIN = join(REPO_ROOT, 'bin', 'nadawca.cjs');
const data = mkdtempSync(join(tmpdir(), 'nadawca-cli-sim-'));

before(() => {
  if (!existsSync(join(REPO_ROOT, 'out', 'cli', 'nadawca.js'))) {
    assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' }).status, 0, 'build');
  }
});
after(() => rmSync(data, { recursive: true, force: true }));

/** Starts the command, returns its first JSON line and a stop function that resolves to the exit code. */
async function startSimulator(args: string[]): Promise<{ info: Record<string, string>; stop(): Promise<number | NodeJS.Signals | null> }> {
  const child = spawn(process.execPath, [BIN, 'simulator', ...args, '--data', data, '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output in 60 s: ${err}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const end = out.indexOf('\n}');
      if (out.trimStart().startsWith('{') && end > 0) {
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, end + 2)) as Record<string, string>);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return {
    info,
    stop: () => new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? signal));
      child.kill('SIGTERM');
    }),
  };
}

/** POSTs a form over HTTPS trusting only `caPem`; resolves to the status and the JSON body. */
function postForm(url: string, form: Record<string, string>, caPem: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca: caPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(new URLSearchParams(form).toString());
  });
}

test('simulator edoreczenia: HTTPS on 127.0.0.1 under the printed CA, issues an OAuth2 token to the built-in system client, stops on SIGTERM', { timeout: 120_000 }, async () => {
  const sim = await startSimulator(['edoreczenia', '--clock-offset', '14']);
  try {
    assert.match(sim.info.url!, /^https:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    assert.match(sim.info.box!, /^AE:PL-\d{5}-\d{5}-[A-Z]{5}-\d{2}$/);
    assert.ok(existsSync(sim.info.caCertificate!));
    const token = await postForm(sim.info.tokenUrl!, { grant_type: 'client_credentials', client_id: sim.info.clientId!, client_secret: sim.info.clientSecret! }, readFileSync(sim.info.caCertificate!, 'utf8'));
    assert.equal(token.status, 200);
    assert.ok(token.body.access_token);
  } finally {
    assert.equal(await sim.stop(), 0);
  }
});

test('simulator epuap: runs on 127.0.0.1 with the test system subject, stops on SIGTERM', { timeout: 120_000 }, async () => {
  const sim = await startSimulator(['epuap']);
  try {
    assert.match(sim.info.url!, /^http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(sim.info.systemSubject);
  } finally {
    assert.equal(await sim.stop(), 0);
  }
});

test('bad simulator name or clock offset: exit 2 naming the value', () => {
  for (const args of [['simulator', 'krus'], ['simulator', 'epuap', '--clock-offset', 'jutro'], ['simulator', 'epuap', '--port', '70000']]) {
    const r = spawnSync(process.execPath, [BIN, ...args, '--data', data, '--lang', 'en'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /simulator edoreczenia\|epuap|--clock-offset|--port/);
  }
});
