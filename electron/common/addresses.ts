/** Inbox address rules (docs/DOMAIN-inboxes.md §2). */

export type Channel = 'edoreczenia' | 'epuap' | 'manual';

/** e-Doręczenia address (ADE): AE:PL-ddddd-ddddd-LLLLL-dd. */
export const EDORECZENIA_ADDRESS = /^AE:PL-\d{5}-\d{5}-[A-Z]{5}-\d{2}$/;
/** ePUAP inbox: /subject/box — two non-empty segments without whitespace. */
export const EPUAP_ADDRESS = /^\/[^/\s]{1,128}\/[^/\s]{1,128}$/;

/** The channel an address implies, or null when it is not a valid inbox address. */
export function channelOfAddress(address: string): Exclude<Channel, 'manual'> | null {
  if (EDORECZENIA_ADDRESS.test(address)) return 'edoreczenia';
  if (EPUAP_ADDRESS.test(address)) return 'epuap';
  return null;
}

/** Splits an ePUAP address into the subject id and the box name. */
export function splitEpuapAddress(address: string): { subject: string; box: string } {
  const [, subject = '', box = ''] = address.split('/');
  return { subject, box };
}

/**
 * The form an inbox address is stored and compared in (docs/DOMAIN-inboxes.md §2): trimmed; an
 * ADE upper-cased (digits and hyphens untouched); an ePUAP address keeps its case, because one
 * subject may own boxes whose names differ only in case.
 */
export function normaliseInboxAddress(address: string): string {
  const trimmed = address.trim();
  return /^ae:/i.test(trimmed) ? trimmed.toUpperCase() : trimmed;
}
