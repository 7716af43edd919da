/**
 * Attachment file names (DOMAIN-inboxes §7.2, e-Doręczenia R1, applied to every channel): UTF-8,
 * at most 128 bytes with the extension, no spaces or `~ " # % & * : < > ? ! / \ { | }`, a
 * lower-case extension, unique within one letter (case-sensitively).
 */

export const MAX_FILE_NAME_BYTES = 128;

export const FILE_NAME_REASONS = ['empty', 'notNfc', 'forbiddenCharacters', 'upperCaseExtension', 'tooLong', 'duplicate'] as const;
export type FileNameReason = (typeof FILE_NAME_REASONS)[number];

export interface FileNameCheck {
  /** The name to send: the original when it already follows the rules. */
  safeName: string;
  /** Why the name had to change; empty when it did not. */
  reasons: FileNameReason[];
}

// Control characters are not in R1's list, but no inbox can carry them either.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
const FORBIDDEN = /[\s~"#%&*:<>?!/\\{|}\u0000-\u001f\u007f]/gu;
/** What a name that sanitises to nothing is sent as ("attachment"). */
const FALLBACK_STEM = 'zalacznik';

/** Length of a string in UTF-8 bytes (common code has no TextEncoder). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The extension after the last dot (not a leading one), or '' when the name has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1) : '';
}

/** One name checked on its own. */
export function checkFileName(name: string): FileNameCheck {
  return sanitizeFileNames([name])[0]!;
}

/** The names of one letter, each made safe and then unique with `_2`, `_3`… before the extension. */
export function sanitizeFileNames(names: readonly string[]): FileNameCheck[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const { stem, ext, reasons } = sanitizeParts(name);
    let safeName = fit(stem, ext, '');
    for (let n = 2; taken.has(safeName); n++) safeName = fit(stem, ext, `_${n}`);
    if (safeName !== fit(stem, ext, '')) reasons.push('duplicate');
    taken.add(safeName);
    return { safeName, reasons };
  });
}

function sanitizeParts(name: string): { stem: string; ext: string; reasons: FileNameReason[] } {
  const reasons: FileNameReason[] = [];
  const nfc = name.normalize('NFC');
  if (nfc !== name) reasons.push('notNfc');
  const replaced = nfc.replace(FORBIDDEN, '_');
  if (replaced !== nfc) reasons.push('forbiddenCharacters');
  // An "extension" longer than a quarter of the limit is part of the name, not a file type.
  const dotted = extensionOf(replaced);
  const rawExt = utf8Length(dotted) <= MAX_FILE_NAME_BYTES / 4 ? dotted : '';
  const ext = rawExt.toLowerCase();
  if (ext !== rawExt) reasons.push('upperCaseExtension');
  let stem = rawExt ? replaced.slice(0, -rawExt.length - 1) : replaced;
  if (stem === '') {
    reasons.push('empty');
    stem = FALLBACK_STEM;
  }
  if (utf8Length(ext ? `${stem}.${ext}` : stem) > MAX_FILE_NAME_BYTES) reasons.push('tooLong');
  return { stem, ext, reasons };
}

/** stem + suffix + extension, the stem cut (whole code points) so the name fits the byte limit. */
function fit(stem: string, ext: string, suffix: string): string {
  const tail = suffix + (ext ? `.${ext}` : '');
  const room = MAX_FILE_NAME_BYTES - utf8Length(tail);
  let kept = '';
  let used = 0;
  for (const ch of stem) {
    const size = utf8Length(ch);
    if (used + size > room) break;
    kept += ch;
    used += size;
  }
  return kept + tail;
}
