import type { attachmentChannels } from '../../common/contract-attachments';
import type { HandlerDeps } from '../handler-deps';
import type { Handlers } from '../router';
import { checkStaged, describeStaged } from './review';
import { cleanStaging, createStaging } from './staging';

/** Handlers of the attachment channels; built once per start, which is when abandoned uploads go. */
export function createAttachmentHandlers(deps: HandlerDeps): Pick<Handlers, keyof typeof attachmentChannels> {
  cleanStaging(deps);
  const staging = createStaging(deps);
  return {
    'attachments.stageBegin': async ({ fileName, size }) => ({ stagedId: await staging.begin(fileName, size) }),
    'attachments.stageChunk': async ({ stagedId, offset, dataBase64 }) =>
      ({ received: await staging.chunk(stagedId, offset, Buffer.from(dataBase64, 'base64')) }),
    'attachments.stageCommit': async ({ stagedId }) => describeStaged(await staging.commit(stagedId), deps.lang()),
    'attachments.stageDiscard': async ({ stagedId }) => ({ discarded: await staging.discard(stagedId) }),
    'attachments.check': async ({ inbox, stagedIds }) => checkStaged(deps.db, inbox, stagedIds, deps.lang()),
  };
}
