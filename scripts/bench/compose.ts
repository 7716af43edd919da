// Benchmark (scripts/bench.ts runs it): composes a pismo with 150 MB of attachments through the
// streaming builder into an atomic file with its SHA-256 (what the app's store and `nadawca compose`
// do) and, beside it, the floor for the same job: coreutils `base64` of the same files into one file.
// Misses its target when the peak RSS reaches the limit.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeInputSchema } from '../../electron/common/compose-schema';
import { writePismo } from '../../electron/node/filings/pismo';
import { openAtomicWriter } from '../../electron/node/storage/atomic-write';
import { digestingSink } from '../../electron/node/storage/blob-store';
import { MB, peakRssMB, printBenchResult, runBench, writeRandomFile } from './report';

const FILES = [60, 50, 40].map((n) => n * MB); // 150 MB in all
const LIMIT_RSS_MB = 300;

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
    printBenchResult(result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
