// What every benchmark in scripts/bench shares: peak memory, test data and the JSON it prints.
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

export const MB = 1024 * 1024;

/** Peak resident set of this process: the kernel's high-water mark where there is one, else samples. */
export function peakRssMB(sampled: number): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Math.max(sampled, Number(hwm) * 1024) / MB;
  } catch {
    // not Linux: the samples are all there is
  }
  return sampled / MB;
}

/** Random bytes (nothing to compress or deduplicate), through one reused buffer so the test data adds no RSS. */
export function writeRandomFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  const buf = Buffer.alloc(MB);
  try {
    for (let left = size; left > 0; left -= MB) writeSync(fd, randomFillSync(buf), 0, Math.min(MB, left));
  } finally {
    closeSync(fd);
  }
}

/** One benchmark's result: its figures, the reference tool's, and whether it met its target. */
export interface BenchResult {
  ok: boolean;
  [figure: string]: unknown;
}

/** The runner (scripts/bench.ts) reads the last line a benchmark prints as its JSON result. */
export function printBenchResult(result: BenchResult): void {
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = result.ok ? 0 : 1;
}

export function runBench(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`bench: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  });
}
