import type { Lang } from '../common/messages';
import type { Db } from './db/database';
import type { Logger } from './logger';
import type { BlobStore } from './storage/blob-store';

/** What an area's IPC handlers may use; built once by createServices. */
export interface HandlerDeps {
  dataDir: string;
  db: Db;
  blobs: BlobStore;
  clock: () => Date;
  lang: () => Lang;
  logger: Logger;
}
