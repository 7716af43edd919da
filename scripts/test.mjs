// The whole test suite: lint, typecheck, build, then each tier with node's own test runner.
// Ends with one line "N passed, N failed" summing every tier (CI reads it).
// Usage: node scripts/test.mjs [tier...]   tiers: unit integration ipc ui e2e
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ALL = ['unit', 'integration', 'ipc', 'ui', 'e2e'];
const asked = process.argv.slice(2);
const tiers = asked.length ? asked : ALL;
const full = asked.length === 0;
let passed = 0;
let failed = 0;
let skipped = 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: process.env });
  if (opts.capture && r.stdout) process.stdout.write(r.stdout);
  return r;
}

function check(name, cmd, args) {
  console.log(`\n=== ${name}`);
  const ok = run(cmd, args).status === 0;
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'FAILED'}: ${name}`);
  return ok;
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return testFiles(p);
    return /\.test\.tsx?$/.test(name) ? [p] : [];
  }).sort();
}

if (full) {
  check('lint (ESLint, import rules of ARCHITECTURE §2)', 'npx', ['eslint', '.']);
  check('typecheck (per-folder tsconfig)', 'node', ['scripts/typecheck.mjs']);
}
if (full || tiers.includes('ui')) check('build', 'node', ['scripts/build.mjs']);

for (const tier of tiers) {
  console.log(`\n=== ${tier} tests`);
  const files = testFiles(join('tests', tier));
  if (files.length === 0) {
    console.log(`(no ${tier} tests)`);
    continue;
  }
  const r = run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], { capture: true });
  const count = (label) => Number(new RegExp(`^\\S*\\s*${label} (\\d+)$`, 'm').exec(r.stdout ?? '')?.[1] ?? 0);
  const p = count('pass');
  const f = count('fail');
  const s = count('skipped');
  passed += p;
  failed += f + (r.status !== 0 && f === 0 ? 1 : 0); // a crash with no counted failure still fails
  skipped += s;
  console.log(`${tier}: ${p} passed, ${f} failed, ${s} skipped`);
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
