import type { directoryChannels } from '../../common/contract-directory';
import type { HandlerDeps } from '../handler-deps';
import type { Handlers } from '../router';

/** Handlers of the directory channels. */
export function createDirectoryHandlers(_deps: HandlerDeps): Pick<Handlers, keyof typeof directoryChannels> {
  return {};
}
