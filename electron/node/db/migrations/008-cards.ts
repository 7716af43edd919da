import type { Db } from '../../../../native/sqlite';

/** Reserved for the cards and modules (issue 3); filled in by that work. */
export function up(_db: Db): void {
  // nothing yet
}
