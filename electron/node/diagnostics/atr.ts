/**
 * What card an ATR belongs to: pcsc-tools' smartcard_list.txt when installed (the most complete
 * list), otherwise Nadawca's own table of Polish signature cards. The own table is also consulted
 * for the issuer and driver even when pcsc-tools knows the card: that is what the advice needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ReaderInfo } from '../../common/contract-diagnostics';
import { runtimeDir } from '../runtime-resources';

export const PCSC_TOOLS_LIST = '/usr/share/pcsc/smartcard_list.txt';

interface AtrEntry {
  pattern: RegExp;
  names: string[];
}

const ownTableSchema = z.object({
  cards: z.array(z.object({ atr: z.string(), name: z.string(), vendor: z.string(), driver: z.string() })),
});

/** "3b 95 13…" or "3B951381…" → "3B 95 13 81". */
export function normaliseAtr(atr: string): string {
  const hex = atr.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return (hex.match(/../g) ?? []).join(' ');
}

/** pcsc-tools writes ATRs as regular expressions over "XX XX …" ('..' = any byte). */
function atrPattern(line: string): RegExp | null {
  try {
    return new RegExp(`^${line.trim().toUpperCase()}$`);
  } catch {
    return null;
  }
}

/** Parses smartcard_list.txt: an ATR line, then tab-indented description lines. */
export function parseSmartcardList(text: string): AtrEntry[] {
  const entries: AtrEntry[] = [];
  let current: AtrEntry | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') {
      current = null;
      continue;
    }
    if (line.startsWith('\t')) {
      if (current) current.names.push(line.trim());
      continue;
    }
    const pattern = atrPattern(line);
    current = pattern ? { pattern, names: [] } : null;
    if (current) entries.push(current);
  }
  return entries;
}

export interface AtrTables {
  pcscTools: AtrEntry[] | null;
  own: { pattern: RegExp; name: string; vendor: string; driver: string }[];
}

export function loadAtrTables(listPath: string = PCSC_TOOLS_LIST, ownPath: string = join(runtimeDir(), 'diagnostics', 'atr-pl.json')): AtrTables {
  let pcscTools: AtrEntry[] | null = null;
  try {
    pcscTools = parseSmartcardList(readFileSync(listPath, 'latin1'));
  } catch {
    /* pcsc-tools not installed: the own table answers alone */
  }
  const own = ownTableSchema.parse(JSON.parse(readFileSync(ownPath, 'utf8'))).cards.flatMap((c) => {
    const pattern = atrPattern(c.atr);
    return pattern ? [{ ...c, pattern }] : [];
  });
  return { pcscTools, own };
}

/** The card behind an ATR, or null when neither table knows it. */
export function identifyCard(atr: string, tables: AtrTables): ReaderInfo['card'] {
  const key = normaliseAtr(atr);
  const own = tables.own.find((c) => c.pattern.test(key));
  // Only descriptions, not the URLs pcsc-tools lists under them.
  const fromList = tables.pcscTools?.find((e) => e.pattern.test(key))?.names.filter((n) => !/^https?:\/\//.test(n));
  if (fromList && fromList.length > 0) return { names: fromList, source: 'pcsc-tools', vendor: own?.vendor ?? null, driver: own?.driver ?? null };
  if (own) return { names: [own.name], source: 'nadawca', vendor: own.vendor, driver: own.driver };
  return null;
}
