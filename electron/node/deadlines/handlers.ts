import type { deadlineChannels } from '../../common/contract-deadlines';
import type { Handlers } from '../router';
import type { DeadlinesService } from './deadlines-service';
import { exportIcs } from './ics';
import type { Lang } from '../../common/messages';

/** Handlers of the deadlines and incoming-letter channels. */
export function createDeadlineHandlers(service: DeadlinesService, deps: { lang: () => Lang; clock: () => Date }): Pick<Handlers, keyof typeof deadlineChannels> {
  return {
    'deadlines.overview': async () => service.overview(),
    'deadlines.suggest': async ({ start, n, unit }) => service.suggest(start, n !== undefined && unit !== undefined ? { n, unit } : undefined),
    'deadlines.addTerm': async (input) => service.addTerm(input),
    'deadlines.linkFiling': async ({ termId, filingId }) => service.linkFiling(termId, filingId),
    'deadlines.dismissTerm': async ({ termId }) => service.dismissTerm(termId),
    'deadlines.calendar': async ({ year, month }) => service.calendar(year, month),
    'deadlines.exportIcs': async () => ({ fileName: 'nadawca-terminy.ics', ics: exportIcs(service, deps.lang(), deps.clock()) }),
    'deadlines.settings.get': async () => service.settings(),
    'deadlines.settings.save': async (input) => service.saveSettings(input),
    'inbox.list': async () => {
      await service.refreshIncoming();
      return service.items('incoming');
    },
    'inbox.collect': ({ id }) => service.collect(id),
  };
}
