import type { Db } from '../../../../native/sqlite';

/**
 * Received correspondence in the register (issue 6 §6): register_incoming is the register's index
 * of letters that came in — documents collected from ePUAP (incoming_documents) and e-Doręczenia
 * letters (awaiting collection as the deadline register tracks them, opened in the mailbox) — with
 * their dates and state, kept in step with those tables by triggers, and searched through
 * register_incoming_fts (FTS5, as filings_fts). It is derived data: the source tables stay as they
 * are and hold the letters themselves.
 *
 * An e-Doręczenia letter is one row by its message id, whichever source saw it first:
 * deadline_items/deadline_events (D.1 → awaiting collection, E.1 → collected, a deemed delivery →
 * deemed delivered) and edoreczenia_incoming (opened = collected, with subject, sender and the
 * sender's case reference — UA API MessageMetadata.caseId —, which this migration adds to it).
 */
/** What each source row does to the index; trigger bodies, and replayed over existing rows below. */
const ON_DOCUMENT = `
  INSERT INTO register_incoming (id, channel, box, sender, subject, received_at, collected_at, state)
  VALUES ('doc:' || new.id, new.channel, new.box, new.sender, new.file_name, new.received_at, new.received_at, 'collected')
  ON CONFLICT(id) DO NOTHING`;
// Opened in the mailbox: collected (a deemed delivery stays the legal one); the sender's name the
// deadline register took from the box listing is kept over the bare address the mailbox records.
const ON_OPENED = `
  INSERT INTO register_incoming (id, channel, box, sender, subject, case_ref, message_id, received_at, collected_at, state)
  VALUES ('ed:' || new.message_id, 'edoreczenia', new.box, new.sender, new.subject, new.case_ref, new.message_id, new.opened_at, new.opened_at, 'collected')
  ON CONFLICT(id) DO UPDATE SET
    box = excluded.box,
    case_ref = CASE WHEN excluded.case_ref <> '' THEN excluded.case_ref ELSE case_ref END,
    sender = CASE WHEN sender <> '' THEN sender ELSE excluded.sender END,
    subject = CASE WHEN excluded.subject <> '' THEN excluded.subject ELSE subject END,
    collected_at = coalesce(collected_at, excluded.collected_at),
    state = CASE WHEN state = 'deemed' THEN 'deemed' ELSE 'collected' END`;
// Tracked by the deadline register (a Stub awaiting collection).
const ON_TRACKED = `
  INSERT INTO register_incoming (id, channel, box, sender, subject, message_id, received_at, state)
  VALUES ('ed:' || new.message_id, 'edoreczenia', '', new.counterparty, new.title, new.message_id, new.created_at, 'awaiting')
  ON CONFLICT(id) DO NOTHING`;
const TRACKED_WHEN = "new.role = 'incoming' AND new.channel = 'edoreczenia' AND new.message_id IS NOT NULL";
// D.1: made available (the register's date); E.1 or a recorded actual delivery: collected; deemed delivery.
const ON_EVENT = `
  UPDATE register_incoming SET
    available_at = CASE WHEN new.kind IN ('D.1', 'D1') THEN coalesce(available_at, new.at) ELSE available_at END,
    received_at = CASE WHEN new.kind IN ('D.1', 'D1') AND available_at IS NULL THEN new.at ELSE received_at END,
    collected_at = CASE WHEN new.kind IN ('E.1', 'E1', 'delivery.actual') THEN coalesce(collected_at, new.at) ELSE collected_at END,
    deemed_at = CASE WHEN new.kind = 'delivery.deemed' THEN coalesce(deemed_at, new.at) ELSE deemed_at END,
    state = CASE
      WHEN new.kind = 'delivery.deemed' AND collected_at IS NULL THEN 'deemed'
      WHEN new.kind IN ('E.1', 'E1', 'delivery.actual') AND state = 'awaiting' THEN 'collected'
      ELSE state END
  WHERE id = 'ed:' || (SELECT message_id FROM deadline_items WHERE id = new.item_id)`;
const EVENT_WHEN = "EXISTS (SELECT 1 FROM deadline_items d WHERE d.id = new.item_id AND d.role = 'incoming' AND d.channel = 'edoreczenia' AND d.message_id IS NOT NULL)";

export function up(db: Db): void {
  db.exec(`
    ALTER TABLE edoreczenia_incoming ADD COLUMN case_ref TEXT NOT NULL DEFAULT '';
    CREATE TABLE register_incoming (
      id            TEXT PRIMARY KEY,
      channel       TEXT NOT NULL,
      box           TEXT NOT NULL,
      sender        TEXT NOT NULL,
      subject       TEXT NOT NULL,
      case_ref      TEXT NOT NULL DEFAULT '',
      message_id    TEXT,
      received_at   TEXT NOT NULL,
      available_at  TEXT,
      collected_at  TEXT,
      deemed_at     TEXT,
      state         TEXT NOT NULL CHECK (state IN ('awaiting', 'collected', 'deemed'))
    );
    -- The register pages by these (rowid breaks ties).
    CREATE INDEX register_incoming_received ON register_incoming(received_at);
    CREATE INDEX register_incoming_state_received ON register_incoming(state, channel, received_at);
    CREATE INDEX register_incoming_message ON register_incoming(message_id);

    CREATE VIRTUAL TABLE register_incoming_fts USING fts5(
      subject, sender, case_ref, message_id, box,
      content='register_incoming', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
    );
    CREATE TRIGGER register_incoming_fts_insert AFTER INSERT ON register_incoming BEGIN
      INSERT INTO register_incoming_fts(rowid, subject, sender, case_ref, message_id, box)
      VALUES (new.rowid, new.subject, new.sender, new.case_ref, coalesce(new.message_id, ''), new.box);
    END;
    CREATE TRIGGER register_incoming_fts_update AFTER UPDATE OF subject, sender, case_ref, message_id, box ON register_incoming BEGIN
      INSERT INTO register_incoming_fts(register_incoming_fts, rowid, subject, sender, case_ref, message_id, box)
      VALUES ('delete', old.rowid, old.subject, old.sender, old.case_ref, coalesce(old.message_id, ''), old.box);
      INSERT INTO register_incoming_fts(rowid, subject, sender, case_ref, message_id, box)
      VALUES (new.rowid, new.subject, new.sender, new.case_ref, coalesce(new.message_id, ''), new.box);
    END;

    CREATE TRIGGER register_incoming_documents AFTER INSERT ON incoming_documents BEGIN ${ON_DOCUMENT}; END;
    CREATE TRIGGER register_incoming_opened AFTER INSERT ON edoreczenia_incoming BEGIN ${ON_OPENED}; END;
    CREATE TRIGGER register_incoming_tracked AFTER INSERT ON deadline_items WHEN ${TRACKED_WHEN} BEGIN ${ON_TRACKED}; END;
    CREATE TRIGGER register_incoming_events AFTER INSERT ON deadline_events WHEN ${EVENT_WHEN} BEGIN ${ON_EVENT}; END;
  `);

  // What the source tables already hold, replayed in their order through the triggers' own statements.
  const replay = (sql: string, when: string | null, source: string, order: string) => {
    const run = db.prepare(sql.replace(/\bnew\.(\w+)/g, '@$1'));
    const filter = when ? `WHERE ${when.replace(/\bnew\./g, 'src.')}` : '';
    for (const row of db.prepare<[], Record<string, unknown>>(`SELECT src.* FROM ${source} src ${filter} ORDER BY ${order}`).all()) {
      const params = Object.fromEntries(Object.entries(row).filter(([k]) => sql.includes(`new.${k}`)));
      run.run(params);
    }
  };
  replay(ON_DOCUMENT, null, 'incoming_documents', 'src.rowid');
  replay(ON_TRACKED, TRACKED_WHEN, 'deadline_items', 'src.rowid');
  replay(ON_EVENT, EVENT_WHEN, 'deadline_events', 'src.seq');
  replay(ON_OPENED, null, 'edoreczenia_incoming', 'src.opened_at');
}
