/**
 * The verdict on one file: refused (a program, a format the addressee does not take, empty) or
 * accepted, with warnings about its name. Pure; the staging and the checks word it (review.ts).
 */
import type { IssueData } from '../../common/attachment-issues';
import { extensionOf, type FileNameCheck } from '../../common/file-names';
import { FORMATS, isAccepted, type Format, type FormatId } from './formats';

export interface AssessedFile {
  /** As the user chose it. */
  name: string;
  size: number;
  format: FormatId;
  /** The safe name within its letter (sanitizeFileNames). */
  nameCheck: FileNameCheck;
}

/** An inbox's own list of formats (extensions) and the name to quote it by. */
export interface FormatRules {
  allowList: readonly string[];
  inboxName: string;
}

export interface Verdict {
  accepted: boolean;
  problems: IssueData[];
  warnings: IssueData[];
}

export function assessFile(file: AssessedFile, rules?: FormatRules): Verdict {
  const format: Format = FORMATS[file.format];
  const refuse = (issue: Omit<IssueData, 'file'>): Verdict => ({ accepted: false, problems: [{ ...issue, file: file.name }], warnings: [] });
  if (file.size === 0) return refuse({ code: 'empty', params: {} });
  if (format.runnable) return refuse({ code: format.runnable, params: { format: format.label } });
  if (file.format === 'unknown') return refuse({ code: 'unknownFormat', params: {} });
  if (!isAccepted(file.format, rules?.allowList)) {
    return rules
      ? refuse({ code: 'notAcceptedByInbox', params: { format: format.label, inbox: rules.inboxName, formats: rules.allowList.map((e) => e.toUpperCase()) } })
      : refuse({ code: 'notAccepted', params: { format: format.label } });
  }

  const warnings: IssueData[] = [];
  const { safeName, reasons } = file.nameCheck;
  const ext = extensionOf(safeName);
  const usual = format.extensions[0];
  if (usual && !format.extensions.includes(ext)) {
    const stem = ext ? safeName.slice(0, -ext.length - 1) : safeName;
    warnings.push({ code: 'extensionMismatch', file: file.name, params: { format: format.label, suggested: `${stem}.${usual}` } });
  }
  if (reasons.length > 0) warnings.push({ code: 'fileName', file: file.name, params: { suggested: safeName, reasons } });
  return { accepted: true, problems: [], warnings };
}
