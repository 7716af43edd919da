/**
 * Composing, signing and queueing a filing. Each step stores its document as a content-addressed
 * file first and then moves the filing to its next state, so nothing is ever half-done.
 */
import { randomUUID } from 'node:crypto';
import { channelOfAddress } from '../../common/addresses';
import type { ComposeSpec, FilingDetail } from '../../common/contract';
import { AppError } from '../../common/errors';
import { sha256Hex, type BlobStore } from '../storage/blob-store';
import { bytesSource } from '../attachments/byte-source';
import type { LetterFile } from '../attachments/letter-check';
import { detectFormat } from '../attachments/sniff';
import type { ResolvedStaged } from '../attachments/staging';
import type { Signer } from '../signer/types';
import { xmlSignerFor } from '../signer/xml-signer';
import { signXmlFileEnveloped } from '../signatures/xades-stream';
import { unreadable } from './base64-stream';
import { detectMediaType } from './media-type';
import { writePismo, type PismoAttachment } from './pismo';
import { renderPreview } from './preview';
import { toFilingDetail, type FilingsRepo } from './filings-repo';

export interface FilingsServiceDeps {
  repo: FilingsRepo;
  blobs: BlobStore;
  signer: Signer;
  resolveStaged: (stagedId: string) => ResolvedStaged | Promise<ResolvedStaged>;
  /** The letter's attachments for its inbox: refusals worded for the user, and the names they travel under. */
  checkAttachments: (inbox: string, files: LetterFile[]) => { problems: string[]; safeNames: string[] };
  clock: () => Date;
  /** Called after every state change (outbox events for the UI). */
  changed: (id: string) => void;
  /** Keeps the letter's description with the new filing ("new from this one"). */
  saveSpec?: (id: string, spec: ComposeSpec) => void;
}

/** ASCII file name the document is sent under (the UPP refers to the filing by it). */
function fileNameFor(id: string, date: string): string {
  return `Pismo_${date}_${id.slice(0, 8)}.xml`;
}

export function createFilingsService({ repo, blobs, signer, resolveStaged, checkAttachments, clock, changed, saveSpec }: FilingsServiceDeps) {
  const detail = (id: string): FilingDetail => toFilingDetail(repo, repo.get(id));

  /** Inline files are small and decoded here; staged files stay on disk and are streamed. */
  const resolveAttachment = async (a: ComposeSpec['attachments'][number]): Promise<{ pismo: PismoAttachment; file: LetterFile }> => {
    if ('stagedId' in a) {
      const f = await resolveStaged(a.stagedId);
      return {
        pismo: { fileName: f.fileName, mediaType: f.mediaType, description: a.description, source: { path: f.path, size: f.size, sha256: f.sha256 } },
        file: { name: f.fileName, size: f.size, sha256: f.sha256, format: f.format },
      };
    }
    const bytes = new Uint8Array(Buffer.from(a.contentBase64, 'base64'));
    if (bytes.byteLength === 0) throw unreadable(a.fileName, 'empty');
    return {
      pismo: { fileName: a.fileName, description: a.description, mediaType: detectMediaType(bytes), source: { bytes } },
      file: { name: a.fileName, size: bytes.byteLength, sha256: sha256Hex(bytes), format: detectFormat(bytesSource(bytes), a.fileName) },
    };
  };

  return {
    detail,

    async create(spec: ComposeSpec, actor = 'user'): Promise<FilingDetail> {
      const channel = channelOfAddress(spec.addressee.inbox);
      if (!channel) throw new AppError('INVALID_ADDRESS', 'invalid inbox address', { address: spec.addressee.inbox });
      const resolved: { pismo: PismoAttachment; file: LetterFile }[] = [];
      for (const a of spec.attachments) resolved.push(await resolveAttachment(a));
      // The renderer checks as the user adds files; the letter is checked again here, whoever asks.
      const check = checkAttachments(spec.addressee.inbox, resolved.map((r) => r.file));
      if (check.problems.length > 0) throw new AppError('ATTACHMENTS_REFUSED', check.problems.join(' '), { problems: check.problems });
      const attachments = resolved.map((r, i) => ({ ...r.pismo, fileName: check.safeNames[i]! }));
      const draftSha = await blobs.putStream((sink) => writePismo({ ...spec, attachments }, clock(), sink), 'text/xml');
      const id = randomUUID();
      repo.insert({
        id,
        client_id: randomUUID(),
        channel,
        to_address: spec.addressee.inbox,
        addressee_name: spec.addressee.name,
        title: spec.title,
        file_name: fileNameFor(id, spec.date),
        draft_sha256: draftSha,
        ...(spec.caseReference ? { case_ref: spec.caseReference } : {}),
      }, { actor, kind: 'created', detail: `template ${spec.template}` });
      saveSpec?.(id, spec);
      changed(id);
      return detail(id);
    },

    /** Enveloped XAdES by the chosen certificate; the PIN goes to the signer and nowhere else. */
    async sign(id: string, certificateId: string, pin: string | null, actor = 'user'): Promise<FilingDetail> {
      const row = repo.get(id);
      if (row.state !== 'draft') throw new AppError('INVALID_STATE', `filing ${id} is ${row.state}`, { state: row.state });
      const xmlSigner = await xmlSignerFor(signer, certificateId, pin);
      // Streamed (issue 4 point 6): a pismo with 150 MB of attachments is never one DOM or string.
      // Co-signable (XPath filter, DOMAIN-signatures §3.1): a second representative can add a parallel signature.
      const draft = blobs.pathOf(row.draft_sha256);
      const signedSha = await blobs.putStream(
        (sink) => signXmlFileEnveloped(draft, sink, xmlSigner, { signingTime: clock(), id: `Sig-${randomUUID()}`, coSignable: true }).then(() => undefined),
        'text/xml',
      );
      repo.transition(id, ['draft'], 'signed', { signed_sha256: signedSha }, { actor, kind: 'signed', detail: `certificate ${certificateId}` });
      changed(id);
      return detail(id);
    },

    /** The document (signed when it is) as the office's viewer shows it. */
    async preview(id: string): Promise<{ html: string }> {
      const row = repo.get(id);
      return { html: await renderPreview(blobs.pathOf(row.signed_sha256 ?? row.draft_sha256)) };
    },

    queue(id: string, actor = 'user'): FilingDetail {
      repo.transition(id, ['signed'], 'queued', {}, { actor, kind: 'queued' });
      changed(id);
      return detail(id);
    },
  };
}

export type FilingsService = ReturnType<typeof createFilingsService>;
