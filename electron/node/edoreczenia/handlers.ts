import type { edoreczeniaChannels, EvidenceSummary } from '../../common/contract-edoreczenia';
import { AppError, isAppError } from '../../common/errors';
import type { HandlerDeps } from '../handler-deps';
import type { Handlers } from '../router';
import type { DesktopHooks } from '../export/pdf-export';
import { saveReceiptFile } from '../receipts/save-file';
import type { EdoreczeniaChannel } from './channel';
import { evidenceType, isPdfEvidence, renderProofHtml, type StoredEvidence } from './evidence';

const PROOFS = new Set(['BP.OX', 'BP.WX']);
const PDF_FORMS = new Set(['BP.OP', 'BP.WP']);

function summary(e: StoredEvidence): EvidenceSummary {
  return {
    evidenceId: e.evidenceId, messageId: e.messageId, type: e.type, eventDate: e.eventDate, verified: e.verified,
    problems: e.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail ?? 'failed'}`), receiptId: e.receiptId, viewable: PROOFS.has(e.type),
    format: PDF_FORMS.has(e.type) ? 'pdf' : 'xml',
  };
}

/** Handlers of the e-Doręczenia channels (box, profiles, messages, opening, evidences); `desktop` gives the save dialog. */
export function createEdoreczeniaHandlers(deps: HandlerDeps, channel: EdoreczeniaChannel, desktop?: DesktopHooks): Pick<Handlers, keyof typeof edoreczeniaChannels> {
  const { db } = deps;
  const stored = (evidenceId: string) => {
    const row = db.prepare<[string], { sha256: string; type: string }>('SELECT sha256, type FROM edoreczenia_evidences WHERE evidence_id = ?').get(evidenceId);
    if (!row) throw new AppError('NOT_FOUND', `evidence ${evidenceId}`, { what: evidenceId });
    return { ...row, bytes: channel.evidences.bytes(row.sha256) };
  };

  /** Fetches, stores and verifies the evidences of one message of the box; ties them to its filing when there is one. */
  async function syncMessage(messageId: string): Promise<StoredEvidence[]> {
    const client = channel.client();
    const filing = db.prepare<[string], { id: string; file_name: string; signed_sha256: string | null }>("SELECT id, file_name, signed_sha256 FROM filings WHERE remote_id = ? AND channel = 'edoreczenia'").get(messageId);
    for (const e of await client.listEvidences(messageId)) {
      if (channel.evidences.has(client.address, e.evidenceId)) continue;
      const type = evidenceType(e.type);
      await channel.evidences.store({ box: client.address, filingId: filing?.id ?? null, messageId, evidenceId: e.evidenceId, type, eventDate: e.eventDate ?? null, bytes: await client.downloadEvidence(e.evidenceId) });
    }
    return channel.evidences.forMessage(client.address, messageId);
  }

  return {
    'edoreczenia.box': async () => channel.describeBox(),
    'edoreczenia.profiles.list': async () => channel.profiles.list(),
    'edoreczenia.profiles.save': async (input) => {
      const saved = await channel.profiles.saveChecked(input);
      channel.reset();
      return saved;
    },
    'edoreczenia.profiles.delete': async ({ id }) => {
      const r = channel.profiles.remove(id);
      channel.reset();
      return r;
    },
    'edoreczenia.testConnection': async ({ id }) => {
      const creds = id ? channel.profiles.credentials(id) : channel.profiles.active();
      const client = channel.clientFor(creds);
      try {
        await client.accessToken(true);
        const s = await client.settings();
        const num = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : null);
        return { ok: true, address: client.address, totalCapacityMb: num(s.settings?.totalCapacity), usedCapacityMb: num(s.settings?.usedCapacity), error: null, clientCertificate: client.clientCertificate() };
      } catch (e) {
        if (!isAppError(e)) throw e;
        return { ok: false, address: client.address, totalCapacityMb: null, usedCapacityMb: null, error: `${e.code}: ${e.message}`, clientCertificate: client.clientCertificate() };
      } finally {
        client.close();
      }
    },
    'edoreczenia.messages': async ({ folder }) => channel.mailbox.list(folder),
    'edoreczenia.open': async ({ messageId }) => channel.mailbox.open(messageId),
    'edoreczenia.evidences': async (input) => {
      if ('messageId' in input) return (await syncMessage(input.messageId)).map(summary);
      const filing = db.prepare<[string], { remote_id: string | null; channel: string }>('SELECT remote_id, channel FROM filings WHERE id = ?').get(input.filingId);
      if (!filing) throw new AppError('NOT_FOUND', `filing ${input.filingId}`, { what: input.filingId });
      if (filing.channel === 'edoreczenia' && filing.remote_id) await syncMessage(filing.remote_id);
      return channel.evidences.forFiling(input.filingId).map(summary);
    },
    'edoreczenia.evidence.view': async ({ evidenceId }) => {
      const { type, bytes } = stored(evidenceId);
      // A PDF form has no XML text; it is saved and opened as a file (edoreczenia.evidence.save).
      if (isPdfEvidence(bytes)) return { xml: '', html: null };
      return { xml: Buffer.from(bytes).toString('utf8'), html: PROOFS.has(type) ? await renderProofHtml(bytes) : null };
    },
    'edoreczenia.evidence.save': async ({ evidenceId }) => {
      const { type, bytes } = stored(evidenceId);
      return saveReceiptFile(desktop, bytes, `${type}-${evidenceId}.${isPdfEvidence(bytes) ? 'pdf' : 'xml'}`);
    },
  };
}
