// `npm run bench [name...]`: runs each benchmark in scripts/bench/ (all, or the named ones) in its own
// process, so each peak RSS is its own, and prints one JSON document with every result side by side
// with its reference tool. Exits 1 when a benchmark missed its target, 2 when one could not run.
// Not part of `npm test`: benchmarks write hundreds of MB to the temp folder.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const dir = join(import.meta.dirname, 'bench');
const all = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'report.ts').map((f) => basename(f, '.ts')).sort();
const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !all.includes(n));
if (unknown.length) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}; there are: ${all.join(', ')}\n`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
let status = 0;
for (const name of asked.length ? asked : all) {
  process.stderr.write(`bench: ${name}…\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    results[name] = JSON.parse(last);
  } catch {
    results[name] = { ok: false, error: `exit ${r.status ?? r.signal}, no result` };
  }
  status = Math.max(status, r.status === 0 ? 0 : r.status === 1 ? 1 : 2);
}
process.stdout.write(JSON.stringify({ machine: { node: process.version, platform: process.platform, arch: process.arch }, results }, null, 2) + '\n');
process.exitCode = status;
