/**
 * Directory search: by name, town and address, case- and diacritics-insensitive ("lodz" finds
 * "Łodzi"), tolerant of Polish case endings ("czestochowa" finds "w Częstochowie").
 */
import type { DirectoryEntry } from '../../common/contract-directory';

/** Lower case without diacritics. Ł/ł has no Unicode decomposition, so it is mapped by hand. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .replace(/\s+/g, ' ')
    .trim();
}

export function queryTokens(query: string): string[] {
  return foldForSearch(query).split(/[\s,;]+/).filter(Boolean);
}

function haystackOf(e: DirectoryEntry): string {
  return foldForSearch([e.name, e.town, e.epuap?.address, e.edoreczenia?.address].filter(Boolean).join(' '));
}

/**
 * A token matches anywhere in the text, or — from five letters on — as the start of a word once
 * its last two letters are dropped: Polish declines names by their endings (Łódź → w Łodzi,
 * Częstochowa → Częstochowy, w Częstochowie).
 */
function tokenMatches(haystack: string, words: readonly string[], token: string): boolean {
  if (haystack.includes(token)) return true;
  if (token.length < 5) return false;
  const stem = token.slice(0, Math.max(4, token.length - 2));
  return words.some((w) => w.startsWith(stem));
}

export function matchesQuery(e: DirectoryEntry, tokens: readonly string[]): boolean {
  const haystack = haystackOf(e);
  const words = haystack.split(/[^\p{L}\p{N}]+/u);
  return tokens.every((t) => tokenMatches(haystack, words, t));
}

const collator = new Intl.Collator('pl', { sensitivity: 'base', numeric: true });

/** Directory order: Polish alphabetical by name, then town, then id (stable for equal names). */
export function compareEntries(a: DirectoryEntry, b: DirectoryEntry): number {
  return collator.compare(a.name, b.name) || collator.compare(a.town ?? '', b.town ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Matching entries, those whose name starts with the query first, then in directory order. */
export function searchEntries<T extends DirectoryEntry>(entries: readonly T[], query: string): T[] {
  const tokens = queryTokens(query);
  const folded = tokens.join(' ');
  const rank = (e: T) => (folded !== '' && foldForSearch(e.name).startsWith(folded) ? 0 : 1);
  return entries.filter((e) => matchesQuery(e, tokens)).sort((a, b) => rank(a) - rank(b) || compareEntries(a, b));
}
