/**
 * The user's deadline settings for pure computations (`nadawca deadline`): read from the data folder's
 * database when there is one, the documented defaults otherwise. Reading needs no writer lock.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deadlineSettingsSchema, DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings } from '../../common/legal-calendar';
import { openAppDatabase } from '../db/database';
import { createDeadlineStore } from './store';

export function readDeadlineSettings(dataDir: string): DeadlineSettings {
  if (!existsSync(join(dataDir, 'nadawca.sqlite'))) return DEFAULT_DEADLINE_SETTINGS;
  const db = openAppDatabase(dataDir);
  try {
    const json = createDeadlineStore(db).settingsJson();
    return json ? deadlineSettingsSchema.parse(JSON.parse(json)) : DEFAULT_DEADLINE_SETTINGS;
  } finally {
    db.close();
  }
}
