/**
 * Error codes shared by every layer. Services throw AppError; the router, the CLI and the UI
 * turn the code into a message in the user's language (messages.ts). Never put a PIN in details.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNTRUSTED_SENDER',
  'INVALID_ADDRESS',
  'ATTACHMENT_UNREADABLE',
  'ATTACHMENT_REFUSED',
  'ATTACHMENTS_REFUSED',
  'UPLOAD_OUT_OF_ORDER',
  'UPLOAD_SIZE_MISMATCH',
  'NOT_FOUND',
  'INVALID_STATE',
  'DRAFT_CONFLICT',
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'PIN_LEN_RANGE',
  'PIN_CANCELLED',
  'SYSTEM_PIN_REJECTED',
  'TOKEN_ABSENT',
  'DEVICE_REMOVED',
  'MODULE_LOAD_FAILED',
  'CERT_NOT_FOUND',
  'SIGNER_CRASHED',
  'SIGNER_TIMEOUT',
  'PASSWORD_INCORRECT',
  'PINPAD_UNAVAILABLE',
  'MECHANISM_UNSUPPORTED',
  'CERT_FILE_UNSUPPORTED',
  'SERVICE_UNREACHABLE',
  'SERVICE_FAULT',
  'SERVICE_REJECTED',
  'RECEIPT_INVALID',
  'RECEIPT_UNRECOGNISED',
  'RECEIPT_UNMATCHED',
  'RECEIPT_AMBIGUOUS',
  'RECEIPT_ADDRESSEE_MISMATCH',
  'RECEIPT_MESSAGE_UNKNOWN',
  'DATABASE_BUSY',
  'COLLECT_UNAVAILABLE',
  'TSA_FAILED',
  'COSIGN_NOT_POSSIBLE',
  'TRUST_ANCHOR_UNREADABLE',
  'TRUST_ANCHOR_NOT_CA',
  'TRUST_ANCHOR_EXPIRED',
  'DESKTOP_ONLY',
  'PDF_UNSUPPORTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Values a message may interpolate. Plain data only: this crosses IPC and reaches logs. */
export type ErrorDetails = Record<string, string | number | boolean | string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Exit status of the `nadawca` command for an error code (docs/CLI.md "Common rules"). */
export function exitCodeFor(code: ErrorCode): 1 | 2 | 3 | 4 {
  switch (code) {
    case 'INVALID_INPUT':
    case 'UNTRUSTED_SENDER':
    case 'INVALID_ADDRESS':
    case 'ATTACHMENT_UNREADABLE':
    case 'ATTACHMENT_REFUSED':
    case 'ATTACHMENTS_REFUSED':
    case 'UPLOAD_OUT_OF_ORDER':
    case 'UPLOAD_SIZE_MISMATCH':
    case 'NOT_FOUND':
    case 'INVALID_STATE':
    case 'DRAFT_CONFLICT':
    case 'PIN_INCORRECT':
    case 'PIN_LEN_RANGE':
    case 'PASSWORD_INCORRECT':
    case 'CERT_NOT_FOUND':
    case 'PDF_UNSUPPORTED':
    case 'COSIGN_NOT_POSSIBLE':
    case 'TRUST_ANCHOR_UNREADABLE':
    case 'TRUST_ANCHOR_NOT_CA':
    case 'TRUST_ANCHOR_EXPIRED':
    case 'RECEIPT_UNRECOGNISED':
    case 'RECEIPT_UNMATCHED':
    case 'RECEIPT_AMBIGUOUS':
    case 'RECEIPT_ADDRESSEE_MISMATCH':
    case 'RECEIPT_MESSAGE_UNKNOWN':
      return 2;
    case 'SERVICE_REJECTED':
    case 'RECEIPT_INVALID':
      return 1;
    case 'INTERNAL':
      return 4;
    default:
      return 3;
  }
}
