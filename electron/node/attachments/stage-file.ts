import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { CHUNK_MAX_BYTES, type StagedAttachment } from '../../common/contract-attachments';
import type { Lang } from '../../common/messages';
import { reasonOf, unreadable } from '../filings/base64-stream';
import { describeStaged } from './review';
import { createStaging, type StagingDeps } from './staging';

/** Streams a local file into staging the way the UI's chunks arrive (for the CLI and tests). */
export async function stageFromPath(deps: StagingDeps & { lang: () => Lang }, path: string): Promise<StagedAttachment> {
  const name = basename(path);
  const info = await stat(path).catch((e: unknown) => { throw unreadable(name, reasonOf(e)); });
  if (!info.isFile()) throw unreadable(name, 'notAFile');
  const staging = createStaging(deps);
  const id = await staging.begin(name, info.size);
  try {
    let offset = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_MAX_BYTES })) offset = await staging.chunk(id, offset, chunk as Buffer);
    return describeStaged(await staging.commit(id), deps.lang());
  } catch (e) {
    await staging.discard(id);
    throw e;
  }
}
