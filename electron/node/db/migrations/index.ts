import type { Db } from '../../../../native/sqlite';
import * as m001 from './001-initial';
import * as m002 from './002-directory';
import * as m003 from './003-staged-attachments';
import * as m004 from './004-drafts-profiles';
import * as m005 from './005-outbox-register';
import * as m006 from './006-edoreczenia';
import * as m007 from './007-deadlines';
import * as m008 from './008-cards';
import * as m009 from './009-signatures';
import * as m010 from './010-sending-profiles';
import * as m011 from './011-system-tokens';
import * as m012 from './012-register-incoming';

/** Ordered migration steps; step N brings the schema from user_version N-1 to N. */
export const MIGRATIONS: ReadonlyArray<(db: Db) => void> = [m001.up, m002.up, m003.up, m004.up, m005.up, m006.up, m007.up, m008.up, m009.up, m010.up, m011.up, m012.up];
