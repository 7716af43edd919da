import type { Db } from '../../../../native/sqlite';
import * as m001 from './001-initial';

/** Ordered migration steps; step N brings the schema from user_version N-1 to N. */
export const MIGRATIONS: ReadonlyArray<(db: Db) => void> = [m001.up];
