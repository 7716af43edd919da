import type { Db } from '../../../../native/sqlite';

/** Reserved for the e-Doręczenia channel (issue 7); filled in by that work. */
export function up(_db: Db): void {
  // nothing yet
}
