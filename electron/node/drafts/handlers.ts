import type { draftChannels } from '../../common/contract-drafts';
import type { HandlerDeps } from '../handler-deps';
import type { Handlers } from '../router';
import { createDraftsService } from './drafts-service';
import { createProfilesService } from './profiles-service';

/** Handlers of the drafts and sender-profile channels. */
export function createDraftHandlers(deps: HandlerDeps): Pick<Handlers, keyof typeof draftChannels> {
  const drafts = createDraftsService(deps);
  const profiles = createProfilesService(deps);
  return {
    'drafts.save': async (input) => drafts.save(input),
    'drafts.list': async () => drafts.list(),
    'drafts.get': async ({ id }) => drafts.get(id),
    'drafts.delete': async ({ id }) => drafts.remove(id),
    'drafts.duplicate': async (from) => drafts.duplicate(from),
    'profiles.list': async () => profiles.list(),
    'profiles.save': async (input) => profiles.save(input),
    'profiles.delete': async ({ id }) => profiles.remove(id),
  };
}
