/**
 * The renderer's whole view of the app (checklist item 20): a frozen object of two functions,
 * built from transport functions so it is tested in Node. Names outside the contract never reach
 * the transport; ipcRenderer and its events never reach the page.
 */
import type { NadawcaApi } from '../common/api';
import {
  CHANNEL_NAMES,
  events,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
} from '../common/contract';
import type { Result } from '../common/result';

export type { NadawcaApi };

/** Calls main with a contract channel name and the raw input (ipcRenderer.invoke in production). */
export type InvokeTransport = (channel: string, input: unknown) => Promise<unknown>;
/** Delivers every main → renderer event as (name, payload); returns unsubscribe. */
export type SubscribeTransport = (listener: (event: string, payload: unknown) => void) => () => void;

const CHANNELS: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const EVENTS: ReadonlySet<string> = new Set(Object.keys(events));

/** A dropped or chosen file's path on disk ('' or a throw: unknown). */
export type PathTransport = (file: Blob) => string;

/** Where a throwing listener's error goes: by default rethrown on its own, so the page sees it. */
export type ListenerErrorReporter = (error: unknown) => void;

const rethrowLater: ListenerErrorReporter = (error) =>
  queueMicrotask(() => {
    throw error;
  });

export function buildApi(
  invoke: InvokeTransport,
  subscribe: SubscribeTransport,
  reportListenerError: ListenerErrorReporter = rethrowLater,
  pathTransport: PathTransport = () => '',
): NadawcaApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let unsubscribeTransport: (() => void) | null = null;

  const dispatch = (event: string, payload: unknown) => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (e) {
        // One failing listener must not starve the others.
        reportListenerError(e);
      }
    }
  };

  const api: NadawcaApi = {
    invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>) {
      if (typeof channel !== 'string' || !CHANNELS.has(channel)) {
        return Promise.reject(new TypeError(`unknown channel: ${String(channel)}`));
      }
      // The router in main validated the output against the contract before it crossed IPC.
      return invoke(channel, input) as Promise<Result<ChannelOutput<C>>>;
    },
    on(event, listener) {
      if (typeof event !== 'string' || !EVENTS.has(event)) throw new TypeError(`unknown event: ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      // One transport subscription for all listeners, held only while someone listens.
      unsubscribeTransport ??= subscribe(dispatch);
      return () => {
        set.delete(entry);
        if (set.size === 0) listeners.delete(event);
        if (listeners.size === 0 && unsubscribeTransport !== null) {
          unsubscribeTransport();
          unsubscribeTransport = null;
        }
      };
    },
    pathOf(file) {
      try {
        return pathTransport(file) || null;
      } catch {
        return null; // not a File the browser read from disk
      }
    },
  };
  return Object.freeze(api);
}
