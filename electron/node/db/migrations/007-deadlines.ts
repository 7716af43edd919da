import type { Db } from '../../../../native/sqlite';

/** Reserved for the deadlines (issue 8); filled in by that work. */
export function up(_db: Db): void {
  // nothing yet
}
