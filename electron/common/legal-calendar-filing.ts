/**
 * Was the user's filing on time? (DOMAIN-deadlines §6.4, §7.) A term ending on a date ends at
 * 23:59:59.999 Warsaw time. The proof is a server instant: the ePUAP UPP `DataDoreczenia` keeps the
 * term (KPA art. 57 §5); for e-Doręczenia, the anchor is arrival at the body's ADE (D.1/BP.OX) or
 * sending (A.1) — disputed (P4), so when the two disagree the filing is flagged as at risk.
 */
import { endOfDay, parseInstant, type LocalDate } from './legal-calendar-dates';

export type TimelinessAnchor = 'arrival' | 'submission';

export interface FilingInstants {
  /** e-Doręczenia A.1 submission (sending). */
  submittedAt?: string | null;
  /** e-Doręczenia D.1/BP.OX arrival at the public body's ADE. */
  arrivedAt?: string | null;
  /** ePUAP UPP DataDoreczenia. */
  uppAt?: string | null;
}

export interface Timeliness {
  status: 'timely' | 'late' | 'open';
  /** The instant the verdict rests on. */
  at: string | null;
  /** End instant minus the anchor instant (negative = late), ms. */
  marginMs: number | null;
  /** True when submission and arrival fall on different sides of the end (P4). */
  atRisk: boolean;
  basis: string;
}

function margin(deadline: LocalDate, text: string | null | undefined): number | null {
  const at = text ? parseInstant(text) : null;
  return at ? endOfDay(deadline).getTime() - at.getTime() : null;
}

export function filingTimeliness(deadline: LocalDate, instants: FilingInstants, anchor: TimelinessAnchor): Timeliness {
  const upp = margin(deadline, instants.uppAt);
  if (upp !== null) {
    return { status: upp >= 0 ? 'timely' : 'late', at: instants.uppAt!, marginMs: upp, atRisk: false, basis: 'KPA art. 57 §5 (UPP, DataDoreczenia)' };
  }
  const sent = margin(deadline, instants.submittedAt);
  const arrived = margin(deadline, instants.arrivedAt);
  const atRisk = sent !== null && arrived !== null && (sent >= 0) !== (arrived >= 0);
  const chosen = anchor === 'arrival' ? arrived : sent;
  if (chosen === null) return { status: 'open', at: null, marginMs: null, atRisk, basis: 'KPA art. 57 §5; u.d.e. art. 41 ust. 1 pkt 2' };
  return {
    status: chosen >= 0 ? 'timely' : 'late',
    at: (anchor === 'arrival' ? instants.arrivedAt : instants.submittedAt)!,
    marginMs: chosen,
    atRisk,
    basis: anchor === 'arrival' ? 'u.d.e. art. 41 ust. 1 pkt 2, art. 42 ust. 1 pkt 2; KPA art. 61 §3a' : 'KPA art. 57 §5 (dowód wysłania A.1)',
  };
}
