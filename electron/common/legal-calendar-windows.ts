/**
 * Delivery windows as pure functions over a letter's events (DOMAIN-deadlines §4.2, §4.3):
 * - e-Doręczenia, public sender → non-public addressee: D.1 arrival + 14 days → deemed delivery (BP.OX);
 *   collection (E.1) before that is the delivery.
 * - legacy ePUAP `dorecz`: first notice, second notice after 7 days, deemed delivery after 14 days; the
 *   UPD's DataOdbioru is the system's record and overrides the computation.
 * The result carries the countdown target, the delivery date once known (actual or deemed, with the
 * legal basis), the operator's date when it differs (P7), and every interpretation of the disputed day.
 */
import {
  deemedEdoreczenia, deemedEpuap, secondNoticeDate, type Computation, type DeadlineSettings, type EdoreczeniaMode, type EpuapMode,
} from './legal-calendar';
import { daysBetween, endOfDay, parseInstant, warsawDate, type LocalDate } from './legal-calendar-dates';

/** Normalised event kinds; channels may send "D.1", "edoreczenia.D1", "dorecz.notice1", … */
export const DELIVERY_EVENT_KINDS = ['A1', 'D1', 'E1', 'BPOX', 'notice1', 'notice2', 'upd', 'collected'] as const;
export type DeliveryEventKind = (typeof DELIVERY_EVENT_KINDS)[number];

export function normaliseEventKind(kind: string): DeliveryEventKind | null {
  const bare = kind.replace(/^(edoreczenia|dorecz|epuap)\./i, '');
  const code = bare.replace(/[^A-Za-z0-9]/g, '');
  const upper = code.toUpperCase();
  if (upper === 'A1' || upper === 'D1' || upper === 'E1' || upper === 'BPOX') return upper;
  const lower = code.toLowerCase();
  if (lower === 'notice1' || lower === 'firstnotice') return 'notice1';
  if (lower === 'notice2' || lower === 'secondnotice') return 'notice2';
  if (lower === 'upd') return 'upd';
  if (lower === 'collected' || lower === 'collection' || lower === 'odbior') return 'collected';
  return null;
}

export interface DeliveryEvent {
  kind: DeliveryEventKind;
  /** The legal instant (server time, with offset). */
  at: string;
  /** BP.OX: the operator's receiptDate; UPD: whether ePUAP generated it (deemed) or the addressee signed it. */
  receiptDate?: string | null;
  deemed?: boolean | null;
}

export interface WindowInput {
  channel: 'edoreczenia' | 'epuap';
  /** Deemed delivery applies only to letters from a public sender to a non-public addressee. */
  publicSender: boolean;
  events: readonly DeliveryEvent[];
}

export type WindowState = 'awaiting' | 'open' | 'collected' | 'deemed' | 'noFiction';

export interface Delivery {
  date: LocalDate;
  kind: 'actual' | 'deemed';
  /** The event the date comes from (E.1, UPD, BP.OX), or null when computed. */
  source: DeliveryEventKind | null;
  basis: string;
}

export interface DeliveryWindow {
  state: WindowState;
  /** Arrival (D.1) or first notice, Warsaw date. */
  start: LocalDate | null;
  secondNotice: { due: LocalDate; sentAt: string | null } | null;
  /** Last day on which collecting still counts as collecting (L, or T0 for ePUAP). */
  lastCollectionDay: LocalDate | null;
  /** Instant the countdown runs to: the end of the last collection day. */
  countdownTo: string | null;
  /** Whole Warsaw days from today to the last collection day (0 on the day itself), while open. */
  daysLeft: number | null;
  /** The deemed-delivery computation under the selected mode. */
  deemed: Computation | null;
  /** Every enabled interpretation's deemed-delivery date (§4.5). */
  interpretations: { mode: string; date: LocalDate }[];
  delivery: Delivery | null;
  /** The operator's/ePUAP's own date when it differs from the computed one (P7). */
  operatorDate: LocalDate | null;
  /** The date reminders and following terms count from: the earliest of the candidates (§4.5, P7). */
  reminderDate: LocalDate | null;
}

function first(events: readonly DeliveryEvent[], kind: DeliveryEventKind): DeliveryEvent | null {
  const found = events.filter((e) => e.kind === kind).sort((a, b) => instantMs(a.at) - instantMs(b.at));
  return found[0] ?? null;
}

function instantMs(text: string): number {
  return parseInstant(text)?.getTime() ?? Number.NaN;
}

function dateOf(text: string): LocalDate {
  const instant = parseInstant(text);
  if (!instant) throw new RangeError(`not an instant with offset: ${text}`);
  return warsawDate(instant);
}

export function deliveryWindow(input: WindowInput, settings: DeadlineSettings, now: Date): DeliveryWindow {
  return input.channel === 'edoreczenia' ? edoreczeniaWindow(input, settings, now) : epuapWindow(input, settings, now);
}

function base(): DeliveryWindow {
  return {
    state: 'awaiting', start: null, secondNotice: null, lastCollectionDay: null, countdownTo: null, daysLeft: null,
    deemed: null, interpretations: [], delivery: null, operatorDate: null, reminderDate: null,
  };
}

function edoreczeniaWindow(input: WindowInput, settings: DeadlineSettings, now: Date): DeliveryWindow {
  const w = base();
  const arrival = first(input.events, 'D1');
  const collection = first(input.events, 'E1') ?? first(input.events, 'collected');
  const receipt = first(input.events, 'BPOX');
  if (!arrival) {
    if (collection) w.delivery = { date: dateOf(collection.at), kind: 'actual', source: 'E1', basis: 'u.d.e. art. 41 ust. 2, art. 42 ust. 1 pkt 1' };
    w.state = collection ? 'collected' : 'awaiting';
    return w;
  }
  w.start = dateOf(arrival.at);
  if (!input.publicSender) {
    // No fiction for letters from non-public senders: delivery only on collection.
    w.state = collection ? 'collected' : 'noFiction';
    if (collection) w.delivery = { date: dateOf(collection.at), kind: 'actual', source: 'E1', basis: 'u.d.e. art. 41 ust. 2, art. 42 ust. 1 pkt 1' };
    return w;
  }
  const mode: EdoreczeniaMode = settings.edoreczenia.deemedMode;
  w.deemed = deemedEdoreczenia(w.start, mode, settings);
  w.interpretations = settings.edoreczenia.enabledModes.map((m) => ({ mode: m, date: deemedEdoreczenia(w.start!, m, settings).date }));
  w.lastCollectionDay = w.deemed.lastCollectionDay;
  return finish(w, now, collection && { date: dateOf(collection.at), source: 'E1', basis: 'u.d.e. art. 41 ust. 2, art. 42 ust. 1 pkt 1' },
    receipt ? dateOf(receipt.receiptDate ?? receipt.at) : null);
}

function epuapWindow(input: WindowInput, settings: DeadlineSettings, now: Date): DeliveryWindow {
  const w = base();
  const notice = first(input.events, 'notice1');
  const upd = first(input.events, 'upd');
  const collection = first(input.events, 'collected');
  if (!notice) {
    const known = upd ?? collection;
    if (known) w.delivery = { date: dateOf(known.at), kind: upd?.deemed ? 'deemed' : 'actual', source: known.kind, basis: 'UPD (DataOdbioru); KPA art. 46 §3' };
    w.state = known ? (upd?.deemed ? 'deemed' : 'collected') : 'awaiting';
    return w;
  }
  w.start = dateOf(notice.at);
  const second = first(input.events, 'notice2');
  w.secondNotice = { due: secondNoticeDate(w.start), sentAt: second?.at ?? null };
  const mode: EpuapMode = settings.epuap.deemedMode;
  w.deemed = deemedEpuap(w.start, mode, settings);
  w.interpretations = settings.epuap.enabledModes.map((m) => ({ mode: m, date: deemedEpuap(w.start!, m, settings).date }));
  w.lastCollectionDay = w.deemed.lastCollectionDay;
  // A UPD signed by the addressee is a collection; an auto-generated one records the deemed delivery.
  const actual = collection ?? (upd && !upd.deemed ? upd : null);
  const done = finish(w, now, actual && { date: dateOf(actual.at), source: actual.kind, basis: 'KPA art. 46 §3 (UPD podpisane przez adresata)' }, null);
  if (upd?.deemed) {
    // §4.3 pt 4: the UPD's DataOdbioru overrides δ; the computation stays as a cross-check.
    const date = dateOf(upd.at);
    done.state = 'deemed';
    done.delivery = { date, kind: 'deemed', source: 'upd', basis: 'KPA art. 46 §6 (UPD wygenerowane przez ePUAP, DataOdbioru)' };
    done.operatorDate = date === w.deemed.date ? null : date;
    done.reminderDate = date;
    done.countdownTo = null;
    done.daysLeft = null;
  }
  return done;
}

/** Collection before the fiction replaces δ (§4.2 pt 5); after the last collection day δ applies. */
function finish(w: DeliveryWindow, now: Date, collected: { date: LocalDate; source: DeliveryEventKind; basis: string } | null, operatorDate: LocalDate | null): DeliveryWindow {
  const deemed = w.deemed!;
  const end = endOfDay(w.lastCollectionDay!);
  const candidates = [deemed.date, ...w.interpretations.map((i) => i.date), ...(operatorDate ? [operatorDate] : [])];
  if (collected && collected.date <= deemed.date) {
    w.state = 'collected';
    w.delivery = { date: collected.date, kind: 'actual', source: collected.source, basis: collected.basis };
    w.reminderDate = collected.date;
    return w;
  }
  w.countdownTo = end.toISOString();
  if (now.getTime() > end.getTime() || collected) {
    w.state = 'deemed';
    w.delivery = { date: deemed.date, kind: 'deemed', source: operatorDate ? 'BPOX' : null, basis: deemed.basis };
    w.daysLeft = null;
  } else {
    w.state = 'open';
    w.daysLeft = daysBetween(warsawDate(now), w.lastCollectionDay!);
  }
  w.operatorDate = operatorDate && operatorDate !== deemed.date ? operatorDate : null;
  w.reminderDate = [...candidates].sort()[0]!;
  return w;
}
