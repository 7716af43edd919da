import type { Db } from '../../../../native/sqlite';

/**
 * Delivery windows and deadlines (issue 8): tracked letters (served by the user's office, received by
 * the user, or filed by the user), their append-only delivery events (D.1, E.1, BP.OX, ePUAP notices,
 * UPD — server instants), terms that follow a delivery, the reminders already raised (so none is
 * raised twice, across restarts and sleep), and the settings of the disputed points with their audit.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE deadline_items (
      id              TEXT PRIMARY KEY,
      role            TEXT NOT NULL CHECK (role IN ('served', 'incoming', 'filed')),
      channel         TEXT NOT NULL CHECK (channel IN ('edoreczenia', 'epuap')),
      filing_id       TEXT,
      message_id      TEXT,
      title           TEXT NOT NULL,
      counterparty    TEXT NOT NULL,
      public_sender   INTEGER NOT NULL CHECK (public_sender IN (0, 1)),
      created_at      TEXT NOT NULL,
      CHECK (filing_id IS NOT NULL OR message_id IS NOT NULL)
    );
    CREATE UNIQUE INDEX deadline_items_filing ON deadline_items(filing_id) WHERE filing_id IS NOT NULL;
    CREATE UNIQUE INDEX deadline_items_message ON deadline_items(channel, message_id) WHERE message_id IS NOT NULL;

    CREATE TABLE deadline_events (
      seq          INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id      TEXT NOT NULL REFERENCES deadline_items(id),
      kind         TEXT NOT NULL,
      at           TEXT NOT NULL,
      detail_json  TEXT CHECK (detail_json IS NULL OR json_valid(detail_json)),
      recorded_at  TEXT NOT NULL,
      UNIQUE (item_id, kind, at)
    );
    CREATE TRIGGER deadline_events_append_only_update BEFORE UPDATE ON deadline_events
      BEGIN SELECT RAISE(ABORT, 'deadline events are append-only'); END;
    CREATE TRIGGER deadline_events_append_only_delete BEFORE DELETE ON deadline_events
      BEGIN SELECT RAISE(ABORT, 'deadline events are append-only'); END;

    CREATE TABLE deadline_terms (
      id            TEXT PRIMARY KEY,
      item_id       TEXT REFERENCES deadline_items(id),
      start_date    TEXT,
      label         TEXT NOT NULL,
      preset        TEXT NOT NULL,
      n             INTEGER NOT NULL CHECK (n BETWEEN 1 AND 3650),
      unit          TEXT NOT NULL CHECK (unit IN ('days', 'weeks', 'months')),
      filing_id     TEXT,
      dismissed_at  TEXT,
      created_at    TEXT NOT NULL,
      CHECK (item_id IS NOT NULL OR start_date IS NOT NULL)
    );

    CREATE TABLE deadline_reminders (
      key       TEXT PRIMARY KEY,
      fired_at  TEXT NOT NULL,
      shown     INTEGER NOT NULL CHECK (shown IN (0, 1))
    );

    CREATE TABLE deadline_settings (
      id          INTEGER PRIMARY KEY CHECK (id = 1),
      json        TEXT NOT NULL CHECK (json_valid(json)),
      updated_at  TEXT NOT NULL
    );
    CREATE TABLE deadline_settings_audit (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      at          TEXT NOT NULL,
      json        TEXT NOT NULL CHECK (json_valid(json))
    );
  `);
}
