/**
 * Electron glue for the bridge: the single IPC handler (checks in ipc-handler.ts and
 * sender.ts) and the event forwarding from the worker to the window.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../preload/channels.js';
import type { AppEvent } from '../preload/contract.js';
import { createCallHandler, type CallTarget } from './ipc-handler.js';
import { isTrustedSender, type SenderFacts, type TrustedWindowFacts } from './sender.js';

/** Reading a disposed frame throws in Electron; treat that like no frame at all. */
function senderFacts(event: IpcMainInvokeEvent): SenderFacts {
  try {
    const frame = event.senderFrame;
    return {
      webContentsId: event.sender.id,
      frame: frame ? { url: frame.url, processId: frame.processId, routingId: frame.routingId } : null,
    };
  } catch {
    return { webContentsId: event.sender.id, frame: null };
  }
}

function windowFacts(window: BrowserWindow | null): TrustedWindowFacts | null {
  if (!window || window.isDestroyed()) return null;
  const { id, mainFrame } = window.webContents;
  return { webContentsId: id, mainFrame: { processId: mainFrame.processId, routingId: mainFrame.routingId } };
}

export function registerCallHandler(deps: { window(): BrowserWindow | null; target(): CallTarget | null }): void {
  const handler = createCallHandler<IpcMainInvokeEvent>({
    isTrustedSender: (event) => isTrustedSender(senderFacts(event), windowFacts(deps.window())),
    target: deps.target,
    onRefused: (event, method) => {
      const url = senderFacts(event).frame?.url ?? 'a closed frame';
      console.warn(`[ipc] refused ${String(method).slice(0, 80)} from ${url.slice(0, 200)}`);
    },
  });
  ipcMain.handle(IPC_CALL_CHANNEL, handler);
}

export function forwardEvents(source: { onEvent(listener: (event: AppEvent) => void): () => void }, window: () => BrowserWindow | null): () => void {
  return source.onEvent((event) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(IPC_EVENT_CHANNEL, event);
  });
}
