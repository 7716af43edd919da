import type { Db } from '../../../../native/sqlite';

/** The inbox directory (filled in by the directory work). */
export function up(_db: Db): void {}
