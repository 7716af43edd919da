/**
 * Status and fault codes the simulator answers with. Real ePUAP documents only kod = 1 (success)
 * and, for Pull, 0 (queue empty) (DOMAIN-inboxes §3.2); the other values are the simulator's own,
 * chosen so that tests and logs can tell the cases apart.
 *
 * Split: a request ePUAP cannot process (authentication, schema, malformed address or document)
 * is a SOAP Fault with ob:Wyjatek; a well-formed, authenticated request the platform refuses to
 * deliver (unknown box, box policy) is an answer with status/kod ≠ 1 — the client reports it as a
 * rejection with komunikat as the reason.
 */
export const STATUS = {
  OK: 1,
  UNKNOWN_BOX: 10,
  TOO_LARGE: 11,
  SIGNATURE_REQUIRED: 12,
  REJECTED: 13,
} as const;

export const WYJATEK = {
  AUTHENTICATION: 100,
  SCHEMA: 101,
  BAD_ADDRESS: 102,
  NOT_XML: 103,
  UNSUPPORTED: 104,
  BAD_REQUEST: 105,
  INTERNAL: 500,
} as const;
