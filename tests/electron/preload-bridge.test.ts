import { describe, expect, it, vi } from 'vitest';
import { createBridge, type BridgeIpc } from '../../preload/bridge.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../preload/channels.js';
import * as contract from '../../preload/contract.js';
import type { AppEvent } from '../../preload/contract.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: () => Promise<unknown>) {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn((_channel: string, ..._args: unknown[]) => answer()),
    on: vi.fn((channel: string, listener: Listener) => {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
    }),
  } satisfies BridgeIpc;
  const emit = (channel: string, payload: unknown) => {
    // Electron passes its IpcRendererEvent (with `sender`, `ports`) first.
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'raw ipcRenderer', ports: [] }, payload);
  };
  return { ipc, emit, listeners };
}

describe('the preload bridge', () => {
  it('exposes host, call and onEvent and nothing else', () => {
    const bridge = createBridge(fakeIpc(() => Promise.resolve(null)).ipc);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'host', 'onEvent']);
    expect(bridge.host).toBe('electron');
  });

  it('calls through the one call channel and returns the envelope', async () => {
    const { ipc } = fakeIpc(() => Promise.resolve({ ok: true, value: { count: 3, capped: false } }));
    const bridge = createBridge(ipc);
    await expect(bridge.call('contacts.count', {})).resolves.toEqual({ ok: true, value: { count: 3, capped: false } });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'contacts.count', {});
  });

  it('turns a broken IPC into an unavailable envelope instead of a rejection', async () => {
    const bridge = createBridge(fakeIpc(() => Promise.reject(new Error("No handler registered for 'nexvio:call'"))).ipc);
    await expect(bridge.call('workspace.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('delivers only the event payload, never the IPC event object, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc(() => Promise.resolve(null));
    const bridge = createBridge(ipc);
    const received: unknown[][] = [];
    const unsubscribe = bridge.onEvent((...args: unknown[]) => received.push(args));
    const event: AppEvent = { type: 'contacts.changed', ids: ['c1'] };
    emit(IPC_EVENT_CHANNEL, event);
    expect(received).toEqual([[event]]);

    unsubscribe();
    expect(listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
    emit(IPC_EVENT_CHANNEL, event);
    expect(received).toHaveLength(1);
  });

  it('shares its channel names with the contract', () => {
    expect(contract.IPC_CALL_CHANNEL).toBe(IPC_CALL_CHANNEL);
    expect(contract.IPC_EVENT_CHANNEL).toBe(IPC_EVENT_CHANNEL);
  });
});
