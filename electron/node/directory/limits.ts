/**
 * What the directory knows about an inbox's acceptance rules (docs/DOMAIN-inboxes.md §7), for the
 * attachment checks. ePUAP addresses are compared case-sensitively, ADEs after normalising.
 */
import { normaliseInboxAddress } from '../../common/addresses';
import type { SizeScope } from '../../common/contract-directory';
import type { Db } from '../db/database';

export interface InboxLimit {
  bytes: number;
  /** attachments: all attachments of one letter; document: the whole document with them; file: each file. */
  scope: SizeScope;
  /** The directory name of the inbox's institution, for messages. */
  inboxName: string;
}

const BY_ADDRESS = '(epuap_address = @address OR ade = @address)';

/**
 * The size limit of the visible directory entry with this address, or null when none has one.
 * Should several entries name the address, the smallest limit wins (the cautious choice: a
 * rejected letter costs the user more than a split one).
 */
export function inboxLimit(db: Db, address: string): InboxLimit | null {
  const row = db
    .prepare(
      `SELECT limit_bytes AS bytes, limit_scope AS scope, name AS inboxName FROM directory_visible
        WHERE ${BY_ADDRESS} AND limit_bytes IS NOT NULL
        ORDER BY limit_bytes, id LIMIT 1`,
    )
    .get({ address: normaliseInboxAddress(address) }) as InboxLimit | undefined;
  return row ?? null;
}

/**
 * The file formats (lower-case extensions) the inbox accepts when its page narrows the national
 * list, or null when the directory knows no such list. Several lists: only what all accept.
 */
export function inboxFormats(db: Db, address: string): string[] | null {
  const lists = (
    db.prepare(`SELECT allowed_formats FROM directory_visible WHERE ${BY_ADDRESS} AND allowed_formats IS NOT NULL`).pluck().all({ address: normaliseInboxAddress(address) }) as string[]
  ).map((json) => JSON.parse(json) as string[]);
  const [first, ...rest] = lists;
  return first ? first.filter((f) => rest.every((l) => l.includes(f))) : null;
}
