import type { Db } from '../../../../native/sqlite';

/** Reserved for the signatures and trust (issue 4); filled in by that work. */
export function up(_db: Db): void {
  // nothing yet
}
