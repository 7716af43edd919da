/**
 * Advice for each problem a diagnostics run found: pure rules over the collected facts (PC/SC,
 * modules, tokens, certificates, test signature), each with a stable code, severity and parameters,
 * and the message in the report's language (texts.ts).
 */
import type { InventoryModule, InventoryToken } from '../../common/contract-cards';
import type { Advice, DiagnosticsReport } from '../../common/contract-diagnostics';
import type { Lang } from '../../common/messages';
import { dt, type DiagnosticsTextKey } from './texts';

/** Certificates expiring within this many days are warned about. */
export const EXPIRY_WARNING_DAYS = 30;

type Facts = Pick<DiagnosticsReport, 'pcsc' | 'modules' | 'inventoryError' | 'testSignature'> & { arch: string };

function advice(lang: Lang, code: string, severity: Advice['severity'], params: Advice['params'] = {}): Advice {
  // Error messages end with a full stop; the sentences they are put into have their own.
  const clean = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && k === 'detail' ? v.replace(/\.+$/, '') : v]));
  return { code, severity, params: clean, message: dt(lang, `advice.${code}` as DiagnosticsTextKey, clean) };
}

/** Initialised tokens; an uninitialised one (SoftHSM's spare slot, a blank card) only gets one line of advice. */
const presentTokens = (modules: InventoryModule[]): InventoryToken[] =>
  modules.flatMap((m) => m.slots.flatMap((s) => (s.token?.flags.tokenInitialized ? [s.token] : [])));

function pinAdvice(lang: Lang, token: InventoryToken): Advice[] {
  const p = { token: token.label };
  const out: Advice[] = [];
  if (token.pinState === 'locked') out.push(advice(lang, 'pin-locked', 'error', p));
  else if (token.pinState === 'final-try') out.push(advice(lang, 'pin-final-try', 'warning', p));
  else if (token.pinState === 'count-low') out.push(advice(lang, 'pin-count-low', 'warning', p));
  if (token.flags.pinToBeChanged) out.push(advice(lang, 'pin-to-be-changed', 'warning', p));
  if (!token.flags.userPinInitialized) out.push(advice(lang, 'pin-not-initialized', 'error', p));
  return out;
}

function tokenAdvice(lang: Lang, token: InventoryToken): Advice[] {
  const out = pinAdvice(lang, token);
  const p = { token: token.label };
  if (token.error) out.push(advice(lang, 'token-error', 'warning', { ...p, detail: token.error.message }));
  else if (token.certificates.length === 0) out.push(advice(lang, 'no-certificates', 'warning', p));
  const canSign = token.mechanisms.some((m) => m.present && (m.name === 'RSA_PKCS' || m.name === 'ECDSA'));
  if (token.certificates.length > 0 && token.mechanisms.length > 0 && !canSign) out.push(advice(lang, 'no-signing-mechanism', 'error', p));
  for (const c of token.certificates) {
    const days = c.classification.expiresInDays;
    const s = { subject: c.subject };
    if (c.classification.validity === 'expired') out.push(advice(lang, 'cert-expired', 'error', { ...s, days: -days }));
    else if (c.classification.validity === 'not-yet-valid') out.push(advice(lang, 'cert-not-yet-valid', 'error', s));
    else if (days < EXPIRY_WARNING_DAYS) out.push(advice(lang, 'cert-expiring', 'warning', { ...s, days }));
    if (!c.classification.qualified) out.push(advice(lang, 'cert-not-qualified', 'info', s));
  }
  return out;
}

function moduleAdvice(lang: Lang, m: InventoryModule, arch: string): Advice | null {
  if (!m.failure) return null;
  // A known vendor path that is simply not installed here is not a problem; a path given by the user or configured is.
  if (m.failure.reason === 'file-missing' && m.source === 'known') return null;
  return advice(lang, `module-${m.failure.reason}`, 'error', { module: m.path, detail: m.failure.message, arch });
}

export function adviseOn(facts: Facts, lang: Lang): Advice[] {
  const out: Advice[] = [];
  const { pcsc } = facts;
  if (pcsc.service === 'not-running') out.push(advice(lang, pcsc.stack?.pcscd === false ? 'pcscd-not-installed' : 'pcsc-not-running', 'error'));
  else if (pcsc.service === 'not-responding') out.push(advice(lang, 'pcsc-not-responding', 'error'));
  else if (pcsc.readers.length === 0) out.push(advice(lang, pcsc.stack?.ccid === false ? 'no-reader-no-ccid' : 'no-reader', 'warning'));

  for (const m of facts.modules) {
    const a = moduleAdvice(lang, m, facts.arch);
    if (a) out.push(a);
  }
  if (facts.inventoryError) out.push(advice(lang, 'inventory-failed', 'error', { detail: facts.inventoryError.message }));
  else if (!facts.modules.some((m) => m.loaded)) out.push(advice(lang, 'no-module', 'error'));

  const tokens = presentTokens(facts.modules);
  // A card in a reader that no loaded module shows as a token: the driver is missing. Drivers name
  // a hardware slot after its reader (OpenSC: exactly); slots named otherwise are matched by count.
  // Virtual tokens (SoftHSM) are not hardware slots and never stand for a card.
  const cards = pcsc.readers.filter((r) => r.cardPresent);
  const tokenSlots = facts.modules.flatMap((m) => m.slots.filter((s) => s.token && s.flags.hardwareSlot)).map((s) => s.description.trim());
  const sameReader = (reader: string, slot: string) => slot !== '' && (reader.startsWith(slot) || slot.startsWith(reader));
  const unnamedSlots = tokenSlots.filter((slot) => !cards.some((r) => sameReader(r.name, slot))).length;
  for (const r of cards.filter((c) => !tokenSlots.some((slot) => sameReader(c.name, slot))).slice(unnamedSlots)) {
    if (r.card?.driver) out.push(advice(lang, 'card-without-module', 'error', { reader: r.name, card: r.card.names[0] ?? r.atr ?? '', driver: r.card.driver }));
    else out.push(advice(lang, 'card-without-module-unknown', 'error', { reader: r.name, atr: r.atr ?? '' }));
  }
  if (pcsc.readers.length > 0 && cards.length === 0 && tokens.length === 0) {
    for (const r of pcsc.readers) out.push(advice(lang, 'no-card', 'info', { reader: r.name }));
  }
  for (const m of facts.modules) {
    for (const s of m.slots) if (s.token && !s.token.flags.tokenInitialized) out.push(advice(lang, 'token-not-initialized', 'info', { slot: s.description }));
  }
  for (const t of tokens) out.push(...tokenAdvice(lang, t));

  const ts = facts.testSignature;
  if (ts?.error) out.push(advice(lang, 'test-signature-failed', 'error', { detail: ts.error.message }));
  else if (ts && !ts.verifiedOnHost) out.push(advice(lang, 'test-signature-invalid', 'error'));

  if (!out.some((a) => a.severity !== 'info')) out.push(advice(lang, 'all-ok', 'info'));
  return out;
}
