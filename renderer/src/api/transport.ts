/**
 * Picks the bridge at start: Electron's preload puts `window.nexvio` in place; in a normal
 * browser (the browser host) the same interface runs over a WebSocket to /api/ws.
 */
import type { AppEvent, Envelope, MethodInput, MethodName, MethodOutput, NexvioBridge } from '../../../preload/contract';

declare global {
  interface Window {
    nexvio?: NexvioBridge;
  }
}

type ServerMessage = { id: number; envelope: Envelope<unknown> } | { event: AppEvent };

/** The browser host's transport: one socket, calls matched to answers by id, reconnecting. */
export class WebSocketBridge implements NexvioBridge {
  readonly host = 'browser' as const;
  private socket: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  private readonly listeners = new Set<(event: AppEvent) => void>();

  constructor(private readonly url: string) {}

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>> {
    let socket: WebSocket;
    try {
      socket = await this.open();
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'Cannot reach the Nexvio Contacts host. Is `npm run web` still running?' } };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (envelope: Envelope<unknown>) => void);
      socket.send(JSON.stringify({ id, method, input }));
    });
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    void this.open().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  private open(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    if (this.opening) return this.opening;
    this.opening = new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.url);
      socket.onopen = () => {
        this.socket = socket;
        this.opening = null;
        resolve(socket);
      };
      socket.onerror = () => {
        this.opening = null;
        reject(new Error('WebSocket failed'));
      };
      socket.onclose = () => {
        if (this.socket === socket) this.socket = null;
        for (const resolvePending of this.pending.values()) {
          resolvePending({ ok: false, error: { code: 'unavailable', message: 'The connection to the host was lost. Try again.' } });
        }
        this.pending.clear();
        // Keep event subscribers informed after a host restart.
        if (this.listeners.size > 0) setTimeout(() => void this.open().catch(() => undefined), 1000);
      };
      socket.onmessage = (message) => this.receive(String(message.data));
    });
    return this.opening;
  }

  private receive(data: string): void {
    const message = JSON.parse(data) as ServerMessage;
    if ('event' in message) {
      for (const listener of this.listeners) listener(message.event);
    } else {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.envelope);
    }
  }
}

export function pickBridge(): NexvioBridge {
  if (window.nexvio) return window.nexvio;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return new WebSocketBridge(`${scheme}://${window.location.host}/api/ws`);
}
