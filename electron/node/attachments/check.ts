/**
 * The attachments of one letter as a set: their size against the inbox's limit, counted the way
 * it is sent (DOMAIN-inboxes §7.3: base64 inside the pismo), and the same content added twice.
 * Pure: the limit is a value (the directory's inboxLimit), so tests need no database.
 */
import { channelOfAddress } from '../../common/addresses';
import type { IssueData } from '../../common/attachment-issues';
import type { SizeScope } from '../../common/contract-directory';
import type { InboxLimit } from '../directory/limits';

export interface SizedFile {
  name: string;
  size: number;
  sha256: string;
}

export interface SetCheck {
  usedBytes: number;
  limitBytes: number | null;
  scope: SizeScope | null;
  problems: IssueData[];
  warnings: IssueData[];
}

/** Warn from this share of a hard limit on. */
const NEAR_LIMIT = 0.9;
/**
 * What a whole-document limit must leave for the letter itself: its XML and XAdES signature
 * (a signed pismo without attachments is about 10 KB) and each attachment's element.
 */
const DOCUMENT_RESERVE_BYTES = 32 * 1024;
const PER_ATTACHMENT_XML_BYTES = 512;
/** The "ograniczenie ePUAP" some authorities quote (§7.3); a warning only where the directory knows no limit. */
const EPUAP_COMMON_LIMIT_BYTES = 3.5 * 1024 * 1024;

/** Bytes a file takes as base64 in the pismo (pismo.ts writes it without line breaks). */
export function encodedSize(size: number): number {
  return 4 * Math.ceil(size / 3);
}

export function checkAttachments({ inbox, files, limit }: { inbox: string; files: readonly SizedFile[]; limit: InboxLimit | null }): SetCheck {
  const encoded = files.map((f) => encodedSize(f.size));
  const total = encoded.reduce((a, b) => a + b, 0);
  const problems: IssueData[] = [];
  const warnings: IssueData[] = duplicates(files);

  if (!limit) {
    if (channelOfAddress(inbox) === 'epuap' && total > EPUAP_COMMON_LIMIT_BYTES) {
      warnings.push({ code: 'epuapCommonLimit', params: { used: total, limit: EPUAP_COMMON_LIMIT_BYTES } });
    }
    return { usedBytes: total, limitBytes: null, scope: null, problems, warnings };
  }

  const base = { inbox: limit.inboxName, limit: limit.bytes };
  let usedBytes = total;
  if (limit.scope === 'file') {
    usedBytes = Math.max(0, ...encoded);
    files.forEach((f, i) => {
      if (encoded[i]! > limit.bytes) problems.push({ code: 'overLimitFile', file: f.name, params: { ...base, used: encoded[i]! } });
    });
  } else {
    if (limit.scope === 'document') usedBytes += DOCUMENT_RESERVE_BYTES + PER_ATTACHMENT_XML_BYTES * files.length;
    if (usedBytes > limit.bytes) problems.push({ code: limit.scope === 'document' ? 'overLimitDocument' : 'overLimit', params: { ...base, used: usedBytes } });
  }
  if (problems.length === 0 && usedBytes > limit.bytes * NEAR_LIMIT) {
    warnings.push({ code: 'nearLimit', params: { ...base, used: usedBytes, percent: Math.round((usedBytes / limit.bytes) * 100) } });
  }
  return { usedBytes, limitBytes: limit.bytes, scope: limit.scope, problems, warnings };
}

/** Each file whose content an earlier file already has, naming both. */
function duplicates(files: readonly SizedFile[]): IssueData[] {
  const first = new Map<string, string>();
  const issues: IssueData[] = [];
  for (const f of files) {
    const other = first.get(f.sha256);
    if (other === undefined) first.set(f.sha256, f.name);
    else issues.push({ code: 'duplicate', file: f.name, params: { other } });
  }
  return issues;
}
