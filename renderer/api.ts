/**
 * Typed access to `window.api` (the frozen object the preload — or, in UI tests, the contract
 * host's bridge — installs). Every call unwraps the Result envelope: a value on success, a thrown
 * AppError {code, message, details} otherwise. Error messages are rendered in the UI language from
 * the shared catalogue, falling back to the text the router sent.
 */
import type { NadawcaApi } from '../electron/common/api';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../electron/common/contract';
import { AppError, ERROR_CODES, isAppError, type ErrorCode, type ErrorDetails } from '../electron/common/errors';
import { errorMessage, pickLang } from '../electron/common/messages';
import i18n from './i18n';

declare global {
  interface Window {
    readonly api?: NadawcaApi;
  }
}


function bridge(): NadawcaApi {
  const api = window.api;
  if (!api) throw new AppError('INTERNAL', i18n.t('errors.noBridge'));
  return api;
}

function localized(code: ErrorCode, fallback: string, details: ErrorDetails): string {
  if (code === 'INVALID_INPUT') return fallback;
  return errorMessage(pickLang([i18n.language]), code, details);
}

/** A dropped or chosen file's path on disk, or null where the page cannot know it. */
export function pathOfFile(file: File): string | null {
  return window.api?.pathOf(file) ?? null;
}

/** Calls a channel and returns its value, or throws an AppError. */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  let reply;
  try {
    reply = await bridge().invoke(channel, input);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('INTERNAL', i18n.t('errors.transport'));
  }
  if (reply.ok) return reply.value;
  const { code, message, details = {} } = reply.error;
  const known = (ERROR_CODES as readonly string[]).includes(code) ? code : 'INTERNAL';
  throw new AppError(known, localized(known, message, details), details);
}

/** Listens to a main → renderer event; returns the unsubscribe function. */
export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const api = window.api;
  if (!api) return () => {};
  return api.on(event, listener);
}

/** A message to show for anything a call may throw. */
export function messageOf(e: unknown): string {
  return isAppError(e) ? e.message : i18n.t('errors.unexpected');
}
