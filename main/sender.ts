/**
 * Who may call the core over IPC: only the main frame of our window, showing our own
 * app:// page. Pure; main/ipc.ts reads these facts off the Electron event (a destroyed or
 * navigated-away frame reads as `frame: null`).
 */
import { isAppUrl } from './app-origin.js';

export interface FrameFacts {
  url: string;
  processId: number;
  routingId: number;
}

export interface SenderFacts {
  webContentsId: number;
  frame: FrameFacts | null;
}

/** The window we trust: its webContents and its top-level frame. */
export interface TrustedWindowFacts {
  webContentsId: number;
  mainFrame: Pick<FrameFacts, 'processId' | 'routingId'>;
}

export function isTrustedSender(sender: SenderFacts, trusted: TrustedWindowFacts | null): boolean {
  if (!trusted || !sender.frame) return false;
  return (
    sender.webContentsId === trusted.webContentsId &&
    sender.frame.processId === trusted.mainFrame.processId &&
    sender.frame.routingId === trusted.mainFrame.routingId &&
    isAppUrl(sender.frame.url)
  );
}
