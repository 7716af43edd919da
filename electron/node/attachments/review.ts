/**
 * Verdicts in the shape the contract gives the UI: issues with their code, parameters and the
 * message in the user's language.
 */
import { issueMessage, type IssueData } from '../../common/attachment-issues';
import type { AttachmentIssue, StagedAttachment } from '../../common/contract-attachments';
import type { ChannelOutput } from '../../common/contract';
import { AppError } from '../../common/errors';
import { checkFileName, sanitizeFileNames } from '../../common/file-names';
import type { Lang } from '../../common/messages';
import type { Db } from '../db/database';
import { inboxLimit } from '../directory/limits';
import { assessFile } from './assess';
import { checkAttachments } from './check';
import { committedRow, type CommittedRow } from './staging';

const worded = (lang: Lang) => (issue: IssueData): AttachmentIssue => ({ ...issue, message: issueMessage(lang, issue) });

/** One staged file against the KRI list (no inbox is known yet when a file is added). */
export function describeStaged(row: CommittedRow, lang: Lang): StagedAttachment {
  const verdict = assessFile({ name: row.original_name, size: row.size, format: row.format, nameCheck: checkFileName(row.original_name) });
  return {
    stagedId: row.id,
    fileName: row.original_name,
    safeFileName: row.safe_name,
    size: row.size,
    sha256: row.sha256,
    mediaType: row.media_type,
    accepted: verdict.accepted,
    problems: verdict.problems.map(worded(lang)),
    warnings: verdict.warnings.map(worded(lang)),
  };
}

/**
 * The staged files of one letter for one inbox: each file's verdict (names made unique within the
 * letter), then the set's size against the directory's limit and duplicates. The inbox's own list
 * of formats (assessFile's rules) joins when the directory exports it next to inboxLimit.
 */
export function checkStaged(db: Db, inbox: string, stagedIds: readonly string[], lang: Lang): ChannelOutput<'attachments.check'> {
  const rows = stagedIds.map((id) => {
    const row = committedRow(db, id);
    if (!row) throw new AppError('NOT_FOUND', `staged attachment ${id}`, { what: id });
    return row;
  });
  const names = sanitizeFileNames(rows.map((r) => r.original_name));
  const verdicts = rows.map((r, i) => assessFile({ name: r.original_name, size: r.size, format: r.format, nameCheck: names[i]! }));
  const limit = inboxLimit(db, inbox);
  const set = checkAttachments({ inbox, files: rows.map((r) => ({ name: r.original_name, size: r.size, sha256: r.sha256 })), limit });
  return {
    usedBytes: set.usedBytes,
    limitBytes: set.limitBytes,
    scope: set.scope,
    inboxName: limit?.inboxName ?? null,
    files: rows.map((r, i) => ({ stagedId: r.id, safeFileName: names[i]!.safeName, accepted: verdicts[i]!.accepted })),
    problems: [...verdicts.flatMap((v) => v.problems), ...set.problems].map(worded(lang)),
    warnings: [...verdicts.flatMap((v) => v.warnings), ...set.warnings].map(worded(lang)),
  };
}
