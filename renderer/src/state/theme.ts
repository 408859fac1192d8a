/**
 * The colour scheme the person chose (light, dark, or auto = follow the OS), kept in
 * localStorage by zustand and handed to Mantine through a colour-scheme manager, so this
 * store is the one source of truth and nothing inline has to run before the app (CSP).
 */
import type { MantineColorScheme, MantineColorSchemeManager } from '@mantine/core';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface ThemeState {
  scheme: MantineColorScheme;
  setScheme(scheme: MantineColorScheme): void;
}

export const useTheme = create<ThemeState>()(
  persist((set) => ({ scheme: 'auto', setScheme: (scheme) => set({ scheme }) }), {
    name: 'nexvio.theme',
    storage: createJSONStorage(() => localStorage),
    version: 1,
  }),
);

export const themeSchemeManager: MantineColorSchemeManager = (() => {
  let unsubscribe: (() => void) | null = null;
  return {
    get: () => useTheme.getState().scheme,
    set: (value) => useTheme.getState().setScheme(value),
    subscribe: (onUpdate) => {
      unsubscribe?.();
      unsubscribe = useTheme.subscribe((state, previous) => {
        if (state.scheme !== previous.scheme) onUpdate(state.scheme);
      });
    },
    unsubscribe: () => {
      unsubscribe?.();
      unsubscribe = null;
    },
    clear: () => useTheme.getState().setScheme('auto'),
  };
})();
