import { useEffect } from 'react';
import { create } from 'zustand';
import type { ConsentPurpose } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useReloadOn } from '../../api/useAppEvent';

interface PurposesState {
  /** The workspace's consent purposes in order (archived ones included); empty until loaded. */
  purposes: ConsentPurpose[];
  loaded: boolean;
  load(): Promise<void>;
  set(purposes: ConsentPurpose[]): void;
}

/** The consent purposes, shared by the list's columns and filters, the contact and the Privacy page. */
export const useConsentPurposes = create<PurposesState>()((set) => ({
  purposes: [],
  loaded: false,
  load: async () => {
    try {
      set({ purposes: await api.call('consent.purposes', {}), loaded: true });
    } catch {
      // The list and the contact still work without them; the Privacy page shows its own error.
    }
  },
  set: (purposes) => set({ purposes, loaded: true }),
}));

/** Loads the purposes once and again when the workspace changes (mounted once, in the frame). */
export function useConsentPurposesSync(): void {
  const load = useConsentPurposes((s) => s.load);
  useEffect(() => void load(), [load]);
  useReloadOn(() => void load(), (event) => event.type === 'workspace.changed', 200);
}
