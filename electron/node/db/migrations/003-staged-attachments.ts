import type { Db } from '../../../../native/sqlite';

/** Attachments staged from disk before a letter is composed (filled in by the attachments work). */
export function up(_db: Db): void {}
