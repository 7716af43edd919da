import type { Db } from '../../../../native/sqlite';

/** Reserved for the outbox, register (issue 6); filled in by that work. */
export function up(_db: Db): void {
  // nothing yet
}
