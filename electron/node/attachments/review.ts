/**
 * Verdicts in the shape the contract gives the UI: issues with their code, parameters and the
 * message in the user's language.
 */
import { issueMessage, type IssueData } from '../../common/attachment-issues';
import type { AttachmentIssue, StagedAttachment } from '../../common/contract-attachments';
import type { ChannelOutput } from '../../common/contract';
import { AppError } from '../../common/errors';
import { checkFileName } from '../../common/file-names';
import type { Lang } from '../../common/messages';
import type { Db } from '../db/database';
import { assessFile } from './assess';
import { checkLetterAttachments } from './letter-check';
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

/** The staged files of one letter for one inbox, worded for the UI. */
export function checkStaged(db: Db, inbox: string, stagedIds: readonly string[], lang: Lang): ChannelOutput<'attachments.check'> {
  const rows = stagedIds.map((id) => {
    const row = committedRow(db, id);
    if (!row) throw new AppError('NOT_FOUND', `staged attachment ${id}`, { what: id });
    return row;
  });
  const check = checkLetterAttachments(db, inbox, rows.map((r) => ({ name: r.original_name, size: r.size, sha256: r.sha256, format: r.format })));
  return {
    usedBytes: check.usedBytes,
    limitBytes: check.limitBytes,
    scope: check.scope,
    inboxName: check.inboxName,
    files: rows.map((r, i) => ({ stagedId: r.id, safeFileName: check.safeNames[i]!, accepted: check.verdicts[i]!.accepted })),
    problems: check.allProblems.map(worded(lang)),
    warnings: check.allWarnings.map(worded(lang)),
  };
}
