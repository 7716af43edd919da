import type { attachmentChannels } from '../../common/contract-attachments';
import type { HandlerDeps } from '../handler-deps';
import type { Handlers } from '../router';

/** Handlers of the attachment channels. */
export function createAttachmentHandlers(_deps: HandlerDeps): Pick<Handlers, keyof typeof attachmentChannels> {
  return {};
}
