/**
 * Transport-agnostic IPC router: validates renderer input against the contract, calls the
 * service, validates the output and wraps everything in the Result envelope. Used by
 * electron/main/ipc.ts in the app and by tests/harness/contract-host.ts in UI tests.
 */
import { channels, type ChannelName, type ChannelInput, type ChannelOutput } from '../common/contract';
import { AppError, isAppError } from '../common/errors';
import { errorMessage, type Lang } from '../common/messages';
import type { Result } from '../common/result';
import type { Logger } from './logger';

export type Handlers = { [C in ChannelName]: (input: ChannelOutputOfInput<C>) => Promise<ChannelOutput<C>> };
/** Handlers receive the parsed (defaults applied) input. */
type ChannelOutputOfInput<C extends ChannelName> = import('zod').output<(typeof channels)[C]['input']>;

export type Router = (channel: string, input: unknown) => Promise<Result<unknown>>;

export function createRouter(handlers: Handlers, opts: { lang: () => Lang; logger: Logger }): Router {
  return async (channel, input) => {
    if (!Object.hasOwn(channels, channel)) {
      return fail(opts.lang(), new AppError('INVALID_INPUT', `unknown channel ${channel}`, { fields: ['channel'] }));
    }
    const name = channel as ChannelName;
    const parsed = channels[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || String(i.message)))];
      return fail(opts.lang(), new AppError('INVALID_INPUT', 'invalid input', { fields }));
    }
    try {
      const handler = handlers[name] as (i: unknown) => Promise<unknown>;
      const value = channels[name].output.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (e) {
      if (!isAppError(e)) opts.logger.error('ipc handler failed', { channel, error: String((e as Error)?.stack ?? e) });
      return fail(opts.lang(), e);
    }
  };
}

function fail(lang: Lang, e: unknown): Result<never> {
  const err = isAppError(e) ? e : new AppError('INTERNAL', 'internal error');
  return { ok: false, error: { code: err.code, message: errorMessage(lang, err.code, err.details), details: err.details } };
}

export type { ChannelInput };
