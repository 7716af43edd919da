/**
 * "Works offline and sends when the network returns" (issue 6): watches an online source (Electron
 * main feeds Chromium's `net.isOnline()`) and, when the network comes back — an offline → online
 * edge, or a resume from sleep, after which connections and back-off timers are stale — calls
 * `onBack` once (the services then let waiting retries go at once and run the sender).
 * Plain Node with an injected clock and timers, so the edge logic is tested without Electron.
 */
import type { Logger } from '../logger';

export interface NetworkWatchDeps {
  /** Whether the machine has a network now; a throw counts as unknown (no edge). */
  isOnline: () => boolean | Promise<boolean>;
  /** The network is back: called once per return. */
  onBack: (reason: 'online' | 'resume') => void;
  logger: Logger;
  /** Milliseconds now (tests pass a fake clock). */
  now?: () => number;
  /** How often the source is polled; default 5 s. */
  intervalMs?: number;
  /** A resume right after a return (or the other way round) is the same return: no second call within this; default 10 s. */
  quietMs?: number;
  timers?: { setInterval: (f: () => void, ms: number) => unknown; clearInterval: (handle: unknown) => void };
}

export interface NetworkWatch {
  /** Polls the source now: an offline → online edge calls onBack. */
  check(): Promise<void>;
  /** The machine woke from sleep (powerMonitor 'resume'): treated as a return when online. */
  resumed(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createNetworkWatch(deps: NetworkWatchDeps): NetworkWatch {
  const now = deps.now ?? Date.now;
  const quietMs = deps.quietMs ?? 10_000;
  const timers = deps.timers ?? { setInterval: (f: () => void, ms: number) => setInterval(f, ms).unref(), clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout) };
  // Unknown until the first answer: start-up is no return (the services send what was due on start).
  let online: boolean | null = null;
  let lastBack = -Infinity;
  let handle: unknown = null;

  const read = async (): Promise<boolean | null> => {
    try {
      return await deps.isOnline();
    } catch (e) {
      deps.logger.warn('online state unknown', { error: String(e) });
      return null;
    }
  };
  const back = (reason: 'online' | 'resume') => {
    if (now() - lastBack < quietMs) return;
    lastBack = now();
    deps.logger.info('network back', { reason });
    try {
      deps.onBack(reason);
    } catch (e) {
      deps.logger.error('network back: sending failed to start', { error: String(e) });
    }
  };

  const watch: NetworkWatch = {
    async check() {
      const current = await read();
      if (current === null) return;
      if (online === false && current) back('online');
      online = current;
    },
    async resumed() {
      const current = await read();
      if (current !== null) online = current;
      if (current) back('resume');
    },
    start() {
      if (handle !== null) return;
      void watch.check();
      handle = timers.setInterval(() => void watch.check(), deps.intervalMs ?? 5_000);
    },
    stop() {
      if (handle !== null) timers.clearInterval(handle);
      handle = null;
    },
  };
  return watch;
}
