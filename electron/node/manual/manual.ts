/**
 * The manual channel: a package the user takes to a web portal or onto a pendrive/CD (the signed
 * filing exactly as signed — its attachments travel inside it —, manifest.json with digests,
 * short instructions in the user's language), and later the receipt the user downloaded, tied to
 * the filing by the document it binds (DOMAIN-inboxes §1.2, §6.2).
 *
 * The package folder appears whole or not at all: it is built beside its final place and renamed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ReceiptSummary } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Lang } from '../../common/messages';
import type { FilingsRepo } from '../filings/filings-repo';
import type { Outbox } from '../outbox/outbox';
import { sha256Hex, type BlobStore } from '../storage/blob-store';
import { writeFileAtomic } from '../storage/atomic-write';
import type { Db } from '../db/database';
import { recogniseEvidence } from './evidence-file';
import { importEvidence, type EvidenceImportDeps } from './evidence-import';

const INSTRUCTIONS: Record<Lang, (m: { file: string; to: string; title: string }) => string> = {
  pl: (m) => `Pismo „${m.title}” do: ${m.to}\n\n1. Wyślij plik ${m.file} bez żadnych zmian (jest podpisany; każda zmiana unieważnia podpis) — przez formularz „pismo ogólne” na portalu urzędu albo zapisz go na pendrive/płytę CD i złóż w urzędzie.\n2. Pobierz urzędowe poświadczenie (UPP/UPD lub dowód e-Doręczeń) i zaimportuj je w Nadawcy: Ręczne wysyłanie → Importuj poświadczenie.\n3. Plik manifest.json zawiera skróty SHA-256 plików — pozwala sprawdzić, że nic się nie zmieniło.\n`,
  en: (m) => `Letter "${m.title}" to: ${m.to}\n\n1. Send the file ${m.file} unchanged (it is signed; any change breaks the signature) — through the office portal's general letter form, or save it on a USB stick/CD and hand it in at the office.\n2. Download the official receipt (UPP/UPD or an e-Doręczenia evidence) and import it in Nadawca: Manual sending → Import receipt.\n3. manifest.json holds the files' SHA-256 digests, to check that nothing changed.\n`,
  uk: (m) => `Лист «${m.title}» до: ${m.to}\n\n1. Надішліть файл ${m.file} без жодних змін (він підписаний; будь-яка зміна робить підпис недійсним) — через форму «загальний лист» на порталі установи або запишіть його на флешку/CD і подайте в установі.\n2. Завантажте офіційне підтвердження (UPP/UPD або доказ e-Doręczenia) та імпортуйте його в Nadawca: Ручне надсилання → Імпортувати підтвердження.\n3. Файл manifest.json містить хеші SHA-256 файлів — щоб перевірити, що нічого не змінилося.\n`,
};

const INSTRUCTIONS_FILE: Record<Lang, string> = { pl: 'INSTRUKCJA.txt', en: 'INSTRUCTIONS.txt', uk: 'INSTRUKTSIIA.txt' };

export interface ManualPackage {
  dir: string;
  manifest: { filingId: string; clientId: string; address: string; title: string; files: { name: string; sha256: string; size: number }[] };
}

export function exportManualPackage(outDir: string, filingId: string, deps: { repo: FilingsRepo; blobs: BlobStore; lang: Lang }): ManualPackage {
  const filing = deps.repo.get(filingId);
  if (!filing.signed_sha256) throw new AppError('INVALID_STATE', 'filing is not signed', { state: filing.state });
  const dir = join(outDir, filing.file_name.replace(/\.xml$/i, ''));
  if (existsSync(dir)) throw new AppError('INVALID_INPUT', `${dir} already exists`, { fields: ['out'] });
  const temp = join(dirname(dir), `.nadawca-${randomUUID()}.tmp`);
  mkdirSync(temp, { recursive: true });
  try {
    const bytes = deps.blobs.get(filing.signed_sha256);
    const instructions = INSTRUCTIONS[deps.lang]({ file: filing.file_name, to: `${filing.addressee_name} (${filing.to_address})`, title: filing.title });
    const files = [
      { name: filing.file_name, data: bytes },
      { name: INSTRUCTIONS_FILE[deps.lang], data: Buffer.from(instructions, 'utf8') },
    ];
    for (const f of files) writeFileAtomic(join(temp, f.name), f.data);
    const manifest: ManualPackage['manifest'] = {
      filingId: filing.id, clientId: filing.client_id, address: filing.to_address, title: filing.title,
      files: files.map((f) => ({ name: f.name, sha256: sha256Hex(f.data), size: f.data.byteLength })),
    };
    writeFileAtomic(join(temp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    renameSync(temp, dir);
    deps.repo.note(filing.id, { actor: 'user', kind: 'manual-export', detail: dir });
    return { dir, manifest };
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

/** A receipt as the import answers: where it went and which message of the service it names. */
export type ImportedReceipt = ReceiptSummary & { messageId: string | null; filingTitle: string | null; alreadyImported: boolean };

/**
 * Imports a receipt the user downloaded. A UPP/UPD is matched to the filing whose document its
 * seal binds (file name + digest), stored byte for byte, the filing marked delivered; one that
 * binds none of ours is kept but flagged. An e-Doręczenia evidence (BP.WX/BP.OX, A.1/D.1/E.1,
 * BP.WP/BP.OP) goes through evidence-import.ts. The same file again gives the stored receipt back;
 * a file that is no receipt is refused.
 */
export async function importManualReceipt(path: string, deps: EvidenceImportDeps & { outbox: Outbox }): Promise<ImportedReceipt> {
  const bytes = new Uint8Array(readFileSync(path));
  const fileName = basename(path);
  const known = deps.receipts.findByContent(bytes);
  if (known) return { ...known, messageId: messageIdOf(known, deps.db), filingTitle: known.filingId ? deps.repo.get(known.filingId).title : null, alreadyImported: true };
  const file = await recogniseEvidence(bytes, fileName);
  if (!file) throw new AppError('RECEIPT_UNRECOGNISED', `${fileName} is not a receipt`, { file: fileName });
  if (file.format === 'upo') {
    await deps.outbox.importReceipt('manual', { fileName, bytes, from: 'user', box: 'manual import', sentAt: null });
    const r = deps.receipts.findByContent(bytes)!;
    return { ...r, messageId: null, filingTitle: r.filingId ? deps.repo.get(r.filingId).title : null, alreadyImported: false };
  }
  const e = await importEvidence(file, bytes, deps);
  return { ...e.receipt, messageId: e.messageId, filingTitle: e.filing.title, alreadyImported: false };
}

/** The e-Doręczenia message an evidence receipt names (document_id of an evidence receipt). */
function messageIdOf(r: ReceiptSummary, db: Db): string | null {
  if (r.channel !== 'edoreczenia') return null;
  return db.prepare<[string], { document_id: string | null }>('SELECT document_id FROM receipts WHERE id = ?').get(r.id)?.document_id ?? null;
}
