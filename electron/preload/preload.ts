/**
 * Sandboxed preload: binds buildApi to Electron IPC and exposes it as window.api. Bundled whole
 * into out/preload/preload.js (a sandboxed preload cannot require project files).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../common/api';
import { buildApi } from './api';

const api = buildApi(
  (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  (listener) => {
    // The IpcRendererEvent (with its sender) stays here; the page gets name and payload only.
    const onEvent = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT, onEvent);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, onEvent);
    };
  },
  undefined,
  (file) => webUtils.getPathForFile(file as File),
);

contextBridge.exposeInMainWorld('api', api);
