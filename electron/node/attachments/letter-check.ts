/**
 * The attachments of one letter for one inbox: each file's verdict (names made unique within the
 * letter), then the set's size against the directory's limit and duplicates. Used by the UI's
 * check (review.ts) and enforced again when the filing is created.
 */
import { issueMessage, type IssueData } from '../../common/attachment-issues';
import type { Lang } from '../../common/messages';
import { sanitizeFileNames } from '../../common/file-names';
import type { Db } from '../db/database';
import { inboxLimit } from '../directory/limits';
import { assessFile, type Verdict } from './assess';
import { checkAttachments, type SetCheck } from './check';
import type { FormatId } from './formats';

export interface LetterFile {
  name: string;
  size: number;
  sha256: string;
  format: FormatId;
}

export interface LetterCheck extends SetCheck {
  safeNames: string[];
  verdicts: Verdict[];
  inboxName: string | null;
  /** Every refusal: the files' and the set's. */
  allProblems: IssueData[];
  allWarnings: IssueData[];
}

export function checkLetterAttachments(db: Db, inbox: string, files: readonly LetterFile[]): LetterCheck {
  const names = sanitizeFileNames(files.map((f) => f.name));
  const verdicts = files.map((f, i) => assessFile({ name: f.name, size: f.size, format: f.format, nameCheck: names[i]! }));
  const limit = inboxLimit(db, inbox);
  const set = checkAttachments({ inbox, files, limit });
  return {
    ...set,
    safeNames: names.map((n) => n.safeName),
    verdicts,
    inboxName: limit?.inboxName ?? null,
    allProblems: [...verdicts.flatMap((v) => v.problems), ...set.problems],
    allWarnings: [...verdicts.flatMap((v) => v.warnings), ...set.warnings],
  };
}

/** The check filings-service enforces: refusals worded in the user's language, and the travel names. */
export function letterChecker(db: Db, lang: () => Lang) {
  return (inbox: string, files: LetterFile[]) => {
    const c = checkLetterAttachments(db, inbox, files);
    return { problems: c.allProblems.map((i) => issueMessage(lang(), i)), safeNames: c.safeNames };
  };
}
