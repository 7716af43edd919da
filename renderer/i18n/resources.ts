/**
 * The UI texts of every language: the base file per language plus one folder per feature area
 * (cards/, diagnostics/, signatures/, register/, edoreczenia/, deadlines/), deep-merged, so areas grow without
 * touching each other's files. A key defined twice is an error, caught by tests/unit/i18n.test.ts.
 */
import type { Lang } from '../../electron/common/messages';
import en from './en.json';
import pl from './pl.json';
import uk from './uk.json';
import cardsEn from './cards/en.json';
import cardsPl from './cards/pl.json';
import cardsUk from './cards/uk.json';
import diagnosticsEn from './diagnostics/en.json';
import diagnosticsPl from './diagnostics/pl.json';
import diagnosticsUk from './diagnostics/uk.json';
import deadlinesEn from './deadlines/en.json';
import deadlinesPl from './deadlines/pl.json';
import deadlinesUk from './deadlines/uk.json';
import edoreczeniaEn from './edoreczenia/en.json';
import edoreczeniaPl from './edoreczenia/pl.json';
import edoreczeniaUk from './edoreczenia/uk.json';
import registerEn from './register/en.json';
import registerPl from './register/pl.json';
import registerUk from './register/uk.json';
import signaturesEn from './signatures/en.json';
import signaturesPl from './signatures/pl.json';
import signaturesUk from './signatures/uk.json';

export type Texts = { [key: string]: string | Texts };

export const PARTS: Record<Lang, Texts[]> = {
  pl: [pl, cardsPl, deadlinesPl, diagnosticsPl, edoreczeniaPl, registerPl, signaturesPl],
  en: [en, cardsEn, deadlinesEn, diagnosticsEn, edoreczeniaEn, registerEn, signaturesEn],
  uk: [uk, cardsUk, deadlinesUk, diagnosticsUk, edoreczeniaUk, registerUk, signaturesUk],
};

/** Deep merge; a leaf defined by two parts is reported in `clashes` (the later part wins). */
export function mergeTexts(parts: Texts[], clashes: string[] = [], path = ''): Texts {
  const out: Texts = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      const here = path ? `${path}.${key}` : key;
      const prev = out[key];
      if (prev === undefined) out[key] = value;
      else if (typeof prev === 'object' && typeof value === 'object') out[key] = mergeTexts([prev, value], clashes, here);
      else {
        clashes.push(here);
        out[key] = value;
      }
    }
  }
  return out;
}

export const RESOURCES: Record<Lang, Texts> = {
  pl: mergeTexts(PARTS.pl),
  en: mergeTexts(PARTS.en),
  uk: mergeTexts(PARTS.uk),
};
