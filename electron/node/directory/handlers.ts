import type { directoryChannels } from '../../common/contract-directory';
import type { HandlerDeps } from '../handler-deps';
import type { Handlers } from '../router';
import { createDirectoryService } from './directory-service';
import { readSeed } from './seed';

/** Handlers of the directory channels; building them brings the shipped seed into the database. */
export function createDirectoryHandlers(deps: HandlerDeps): Pick<Handlers, keyof typeof directoryChannels> {
  const directory = createDirectoryService({ db: deps.db, clock: deps.clock, seed: readSeed() });
  return {
    'directory.search': async ({ query, limit }) => directory.search(query, limit),
    'directory.get': async ({ id }) => directory.get(id),
    'directory.save': async ({ entry }) => directory.save(entry),
    'directory.delete': async ({ id }) => directory.remove(id),
    'directory.import': async ({ format, text }) => directory.importText(format, text),
    'directory.export': async ({ format }) => directory.exportText(format),
    'directory.propose': async ({ id, date }) => directory.propose(id, date),
  };
}
