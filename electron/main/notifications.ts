/** Desktop notifications of deadline reminders (Electron's Notification; silently skipped where unsupported). */
import { Notification } from 'electron';
import type { Reminder } from '../node/deadlines/deadlines-service';

export function showReminder(reminder: Reminder, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: reminder.title, body: reminder.body, urgency: reminder.daysBefore === 0 ? 'critical' : 'normal' });
  n.on('click', onClick);
  n.show();
}
