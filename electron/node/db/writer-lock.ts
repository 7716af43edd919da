/**
 * One writer per data folder (ARCHITECTURE §1): the app or a CLI command holds a lock file naming
 * its process; another process finds it and refuses instead of writing beside it. A lock left by
 * a process that no longer runs is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../common/errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireWriterLock(dataDir: string): { release(): void } {
  const file = join(dataDir, 'writer.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        release() {
          try { unlinkSync(file); } catch { /* already gone */ }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new AppError('DATABASE_BUSY', `data folder ${dataDir} is in use by process ${holder}`, { pid: holder });
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new AppError('DATABASE_BUSY', `cannot lock data folder ${dataDir}`);
}
