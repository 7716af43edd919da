import type { ErrorCode, ErrorDetails } from './errors';

/** The envelope every IPC reply travels in: codes, never stack traces, never a PIN. */
export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string; details?: ErrorDetails } };
