// `npm run bench`: composes a pismo with 150 MB of attachments through the streaming builder into
// an atomic file with its SHA-256 (what the app's store and `nadawca compose` do) and, beside it, the floor for the same job: coreutils
// `base64` of the same files into one file. Prints one JSON document; exits 1 when the peak RSS
// reaches the limit. Not part of `npm test` (it writes ~350 MB to the temp folder).
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeInputSchema } from '../electron/common/compose-schema';
import { writePismo } from '../electron/node/filings/pismo';
import { openAtomicWriter } from '../electron/node/storage/atomic-write';
import { digestingSink } from '../electron/node/storage/blob-store';

const MB = 1024 * 1024;
const FILES = [60, 50, 40].map((n) => n * MB); // 150 MB in all
const LIMIT_RSS_MB = 300;

/** Peak resident set: the kernel's high-water mark where there is one, else samples. */
function peakRssMB(sampled: number): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Math.max(sampled, Number(hwm) * 1024) / MB;
  } catch {
    // not Linux: the samples are all there is
  }
  return sampled / MB;
}

/** Random bytes (nothing to compress or deduplicate), through one reused buffer so the test data adds no RSS. */
function writeRandomFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  const buf = Buffer.alloc(MB);
  try {
    for (let left = size; left > 0; left -= MB) writeSync(fd, randomFillSync(buf), 0, Math.min(MB, left));
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-bench-'));
  try {
    const paths = FILES.map((size, n) => {
      const path = join(dir, `zalacznik-${n + 1}.bin`);
      writeRandomFile(path, size);
      return path;
    });
    const spec = composeInputSchema.parse({
      sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', building: '1' } },
      addressee: { name: 'Centrum Usług Wspólnych w Cieszynie', inbox: '/CUW/SkrytkaESP' },
      place: 'Cieszyn', date: '2026-11-23', title: 'Pismo z dużymi załącznikami', content: ['Przesyłam dokumentację.'],
    });
    const { attachments: _none, ...letter } = spec;

    let sampled = process.memoryUsage.rss();
    const sampler = setInterval(() => { sampled = Math.max(sampled, process.memoryUsage.rss()); }, 10);
    const out = join(dir, 'pismo.xml');
    const started = process.hrtime.bigint();
    const writer = await openAtomicWriter(dir);
    const sink = digestingSink(writer);
    await writePismo({
      ...letter,
      attachments: paths.map((path, n) => ({ fileName: `zalacznik-${n + 1}.bin`, mediaType: 'application/octet-stream', source: { path, size: FILES[n]! } })),
    }, new Date(), sink);
    sink.digest();
    await writer.commit(out);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const rss = peakRssMB(Math.max(sampled, process.memoryUsage.rss()));

    const reference = join(dir, 'reference.b64');
    const fd = openSync(reference, 'w');
    const refStarted = process.hrtime.bigint();
    for (const path of paths) {
      const r = spawnSync('base64', ['-w0', path], { stdio: ['ignore', fd, 'inherit'] });
      if (r.status !== 0) throw new Error(`base64 failed: ${r.error ?? r.status}`);
    }
    const refSeconds = Number(process.hrtime.bigint() - refStarted) / 1e9;
    closeSync(fd);

    const round = (x: number, digits = 2) => Number(x.toFixed(digits));
    const result = {
      compose150MB: {
        seconds: round(seconds),
        peakRssMB: round(rss, 1),
        outputMB: round(statSync(out).size / MB, 1),
        reference: { tool: 'base64 (coreutils)', seconds: round(refSeconds) },
        ratioToReference: round(seconds / refSeconds),
      },
      limits: { peakRssMB: LIMIT_RSS_MB },
      ok: rss < LIMIT_RSS_MB,
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 2;
});
