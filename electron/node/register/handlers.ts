/** IPC handlers of contract-register.ts (register.query and register.exportCsv are in outbox/handlers.ts). */
import type { registerChannels } from '../../common/contract-register';
import type { Db } from '../db/database';
import type { Handlers } from '../router';
import { incomingHistory } from './incoming-history';

export function createRegisterHandlers(db: Db): Pick<Handlers, keyof typeof registerChannels> {
  return {
    'register.incoming': async ({ id }) => incomingHistory(db, id),
  };
}
