/**
 * The reminder scheduler: never miss a deadline. It trusts the wall clock, not timers — a timer may
 * fire late or not at all while the computer sleeps — so every check asks the service what is due
 * *now* (clock()), and the timer only decides when to look again: at the next due reminder, and at
 * least every `maxSleepMs` so a wake-up is noticed even when the OS sends no resume event. `wake()`
 * (main calls it on resume/unlock) checks at once. Claims are durable in the database (takeDue), so
 * a reminder is raised once across restarts, sleeps and overlapping checks.
 */
import type { Logger } from '../logger';
import type { Reminder } from './deadlines-service';

export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerDeps {
  clock: () => Date;
  takeDue(now: Date): Reminder[];
  nextDueAt(now: Date): Date | null;
  notify(reminder: Reminder): void;
  logger: Logger;
  timers?: SchedulerTimers;
  /** Longest wait between two checks (default 1 minute). */
  maxSleepMs?: number;
}

const realTimers: SchedulerTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createDeadlineScheduler(deps: SchedulerDeps) {
  const timers = deps.timers ?? realTimers;
  const maxSleep = deps.maxSleepMs ?? 60_000;
  let handle: unknown = null;
  let running = false;

  function check(): number {
    const now = deps.clock();
    let raised = 0;
    try {
      for (const reminder of deps.takeDue(now)) {
        raised++;
        try {
          deps.notify(reminder);
        } catch (e) {
          deps.logger.warn('reminder notification failed', { key: reminder.key, error: String(e) });
        }
      }
    } catch (e) {
      deps.logger.error('deadline check failed', { error: String(e) });
    }
    return raised;
  }

  function arm(): void {
    if (!running) return;
    if (handle !== null) timers.clearTimeout(handle);
    const now = deps.clock();
    const next = deps.nextDueAt(now);
    const wait = next ? Math.min(maxSleep, Math.max(0, next.getTime() - now.getTime())) : maxSleep;
    handle = timers.setTimeout(() => {
      handle = null;
      check();
      arm();
    }, wait);
  }

  return {
    /** Checks at once (catching up on whatever fell due while the app was closed), then keeps watching. */
    start(): number {
      running = true;
      const raised = check();
      arm();
      return raised;
    },
    /** After sleep, unlock or a clock change: look now, against the wall clock. */
    wake(): number {
      const raised = check();
      arm();
      return raised;
    },
    stop(): void {
      running = false;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
export type DeadlineScheduler = ReturnType<typeof createDeadlineScheduler>;
