/**
 * The only ipcMain user (ARCHITECTURE §3): one invoke channel whose sender is checked by
 * policy.isTrustedSender before the contract router sees the call, and one event channel that
 * carries service events to the registered windows.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../common/api';
import type { Result } from '../common/result';
import type { Services } from '../node/services-api';
import { isTrustedSender, type SenderInfo } from './policy';

export interface IpcBinding {
  /** Lets the window's main frame call services and receive events until the window closes. */
  registerWindow(win: BrowserWindow): void;
  dispose(): void;
}

const UNTRUSTED: Result<never> = {
  ok: false,
  error: { code: 'UNTRUSTED_SENDER', message: 'untrusted sender' },
};

export function bindIpc(services: Services): IpcBinding {
  const windowIds = new Set<number>();

  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    if (!isTrustedSender(senderOf(event), windowIds)) return UNTRUSTED;
    // The router validates the channel name and the input against the contract.
    return services.router(typeof channel === 'string' ? channel : '', input);
  });

  const unsubscribe = services.subscribe((name, payload) => {
    for (const id of windowIds) {
      const contents = BrowserWindow.fromId(id)?.webContents;
      // Events go only to a window still showing our page (navigation is denied, but be sure).
      if (contents && !contents.isDestroyed() && isTrustedSender(pageOf(contents, id), windowIds)) {
        contents.send(IPC_EVENT, name, payload);
      }
    }
  });

  return {
    registerWindow(win) {
      const id = win.id;
      windowIds.add(id);
      win.once('closed', () => windowIds.delete(id));
    },
    dispose() {
      ipcMain.removeHandler(IPC_INVOKE);
      unsubscribe();
      windowIds.clear();
    },
  };
}

function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  try {
    const frame = event.senderFrame;
    return {
      frameUrl: frame?.url ?? null,
      isMainFrame: frame != null && frame.parent === null,
      windowId: BrowserWindow.fromWebContents(event.sender)?.id ?? null,
    };
  } catch {
    // A frame disposed mid-call throws on access; it is no longer anyone we trust.
    return { frameUrl: null, isMainFrame: false, windowId: null };
  }
}

function pageOf(contents: WebContents, windowId: number): SenderInfo {
  return { frameUrl: contents.getURL(), isMainFrame: true, windowId };
}
