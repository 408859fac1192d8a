import type { AppEvent } from '../../preload/contract.js';

/** Change notifications from the core to whoever serves the UI (worker → main → renderer). */
export class EventBus {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  on(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
