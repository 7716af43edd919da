/**
 * Feeds the outbox's network watch (electron/node/outbox/network-watch.ts) from Electron: Chromium's
 * online state, polled, and powerMonitor's resume from sleep. When the network returns, retries
 * waiting out their back-off go at once instead of at the next background tick.
 */
import { net, powerMonitor } from 'electron';
import type { Logger } from '../node/logger';
import { createNetworkWatch } from '../node/outbox/network-watch';

export function startNetworkWatch(services: { networkBack(): void }, logger: Logger): () => void {
  const watch = createNetworkWatch({ isOnline: () => net.isOnline(), onBack: () => services.networkBack(), logger });
  const resumed = () => void watch.resumed();
  powerMonitor.on('resume', resumed);
  watch.start();
  return () => {
    powerMonitor.off('resume', resumed);
    watch.stop();
  };
}
