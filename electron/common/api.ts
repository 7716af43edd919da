/**
 * What the renderer sees as `window.api`: one frozen object built by the preload
 * (electron/preload/api.ts) and, in UI tests, by the harness bridge. Types and two string
 * constants only, so the renderer can import it without pulling in zod or Electron.
 */
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './contract';
import type { Result } from './result';

export interface NadawcaApi {
  /**
   * Calls a contract channel. Service failures come back as `{ ok: false, error }`; only a channel
   * name outside the contract (a programming error) rejects.
   */
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Listens to a main → renderer event; the listener gets the payload only. Returns unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Where a file the user dropped or chose lives on disk (Electron's webUtils.getPathForFile), or
   * null where the page cannot know it; signing files writes the result next to the original.
   */
  pathOf(file: Blob): string | null;
}

/**
 * The two Electron IPC channels the preload and electron/main/ipc.ts share; contract channels
 * travel as arguments, so this list never grows.
 */
export const IPC_INVOKE = 'nadawca:invoke';
export const IPC_EVENT = 'nadawca:event';
