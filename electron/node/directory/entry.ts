/** One directory entry: checking it with field-named errors, and its one canonical shape. */
import { directoryEntryInputSchema, type DirectoryEntry, type DirectoryEntryDraft } from '../../common/contract-directory';

export type EntryCheck = { ok: true; entry: DirectoryEntryDraft } | { ok: false; fields: string[] };

/** Checks untrusted entry data; problems come back as entry paths ("epuap.address", "sizeLimit.bytes"). */
export function checkEntry(raw: unknown): EntryCheck {
  const parsed = directoryEntryInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, entry: canonicalEntry(parsed.data) };
  return { ok: false, fields: [...new Set(parsed.error.issues.map((i) => issuePath(i.path, i.code === 'unrecognized_keys' ? i.keys : [])))] };
}

function issuePath(path: readonly PropertyKey[], unknownKeys: readonly string[]): string {
  // An array element's problem belongs to the list field ("allowedFormats"), not to "allowedFormats.3".
  const named = path.filter((p) => typeof p === 'string').join('.');
  const extra = unknownKeys.join(',');
  return [named, extra].filter(Boolean).join('.') || 'entry';
}

/**
 * The entry with its keys in one order and no undefined values, so that equal entries serialise
 * equally (exports round-trip byte for byte; "unchanged" is a string comparison).
 */
export function canonicalEntry<T extends DirectoryEntryDraft>(e: T): T {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  put('id', e.id);
  put('name', e.name);
  put('town', e.town);
  put('kind', e.kind);
  put('epuap', e.epuap && (e.epuap.note === undefined ? { address: e.epuap.address } : { address: e.epuap.address, note: e.epuap.note }));
  put('edoreczenia', e.edoreczenia && { address: e.edoreczenia.address });
  put('sizeLimit', e.sizeLimit && { bytes: e.sizeLimit.bytes, scope: e.sizeLimit.scope });
  put('allowedFormats', e.allowedFormats && [...e.allowedFormats]);
  put('notes', e.notes);
  put('source', e.source);
  put('verifiedOn', e.verifiedOn);
  return out as T;
}

export function sameEntry(a: DirectoryEntry, b: DirectoryEntry): boolean {
  return JSON.stringify(canonicalEntry(a)) === JSON.stringify(canonicalEntry(b));
}
