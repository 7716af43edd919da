import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

/**
 * Runs `use` with the bytes in an owner-only file of a fresh temporary folder — for parsers that
 * take a path (PKCS#12, PDF) — and removes the folder afterwards, whatever happens.
 */
export async function withPrivateTempFile<T>(name: string, bytes: Uint8Array, use: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-'));
  try {
    const file = join(dir, name);
    writeFileAtomic(file, bytes, 0o600);
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
