/**
 * The compose description kept with each filing, for "new from this one". Inline attachment
 * content is dropped (it is in the filing's document); only names and descriptions remain.
 */
import type { ComposeSpec } from '../../common/contract';
import type { Db } from '../db/database';

/** A filing's description as stored: attachments are staged references or inline names. */
export type StoredAttachment = { stagedId: string; description?: string } | { fileName: string; description?: string };
export type StoredFilingSpec = Omit<ComposeSpec, 'attachments'> & { attachments: StoredAttachment[] };

export function filingSpecStore(db: Db) {
  const update = db.prepare<[string, string]>('UPDATE filings SET spec_json = ? WHERE id = ?');
  const select = db.prepare<[string], { spec_json: string | null }>('SELECT spec_json FROM filings WHERE id = ?');
  return {
    save(id: string, spec: ComposeSpec): void {
      const attachments = spec.attachments.map((a): StoredAttachment =>
        'stagedId' in a ? { stagedId: a.stagedId, description: a.description } : { fileName: a.fileName, description: a.description });
      update.run(JSON.stringify({ ...spec, attachments }), id);
    },
    /** undefined: no such filing; null: a filing older than stored descriptions. */
    get(id: string): StoredFilingSpec | null | undefined {
      const row = select.get(id);
      return row && (row.spec_json === null ? null : (JSON.parse(row.spec_json) as StoredFilingSpec));
    },
  };
}
