import type { profileChannels } from '../../common/contract-profiles';
import { errorMessage, type Lang } from '../../common/messages';
import { isAppError } from '../../common/errors';
import type { Logger } from '../logger';
import type { Handlers } from '../router';
import type { Signer } from '../signer/types';
import { epuapClientForProfile } from './profile-clients';
import type { SendingProfiles } from './profiles-store';

/** IPC of the ePUAP sending profiles. Secrets (file password, token PIN) go in through `save` only; nothing returns them. */
export function createProfileHandlers(deps: { profiles: SendingProfiles; lang: () => Lang; logger: Logger; tokens?: Signer | null }): Pick<Handlers, keyof typeof profileChannels> {
  const { profiles } = deps;
  return {
    'sendingProfiles.list': async () => profiles.list(),
    'sendingProfiles.save': (input) => profiles.save(input),
    'sendingProfiles.delete': async ({ id }) => profiles.remove(id),
    'sendingProfiles.activate': async ({ id }) => profiles.activate(id),
    'sendingProfiles.testConnection': async ({ id }) => {
      try {
        const client = await epuapClientForProfile(profiles.credentials(id), deps.logger, deps.tokens ?? null);
        return { ok: true, pending: await client.pending(), error: null };
      } catch (e) {
        if (!isAppError(e) || e.code === 'NOT_FOUND') throw e;
        return { ok: false, pending: null, error: errorMessage(deps.lang(), e.code, e.details) };
      }
    },
  };
}
