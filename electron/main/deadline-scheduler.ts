/**
 * Hosts the reminder scheduler (electron/node/deadlines/scheduler.ts) in the main process: desktop
 * notifications, and an immediate check on resume from sleep, screen unlock and clock changes — the
 * scheduler compares the wall clock, so whatever fell due while asleep is raised at once (once).
 */
import { powerMonitor } from 'electron';
import type { DeadlinesService } from '../node/deadlines/deadlines-service';
import { createDeadlineScheduler } from '../node/deadlines/scheduler';
import type { Logger } from '../node/logger';
import { showReminder } from './notifications';

export function startDeadlineScheduler(deadlines: DeadlinesService, logger: Logger, onClick: () => void): () => void {
  const scheduler = createDeadlineScheduler({
    clock: () => new Date(),
    takeDue: deadlines.takeDue,
    nextDueAt: deadlines.nextDueAt,
    notify: (reminder) => showReminder(reminder, onClick),
    logger,
  });
  const wake = () => scheduler.wake();
  const events = ['resume', 'unlock-screen', 'user-did-become-active'] as const;
  for (const e of events) powerMonitor.on(e as 'resume', wake);
  scheduler.start();
  return () => {
    for (const e of events) powerMonitor.off(e as 'resume', wake);
    scheduler.stop();
  };
}
