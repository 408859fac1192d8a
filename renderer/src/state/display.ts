/**
 * How dates and numbers are written: the locale chosen in Settings, or null to follow the
 * system. Kept in localStorage like the theme (state/theme.ts); lib/format.ts follows it at
 * once, and the app frame re-renders under a key of the locale so everything shown is redone.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { setFormatLocale } from '../lib/format';

interface DisplayState {
  /** A BCP 47 tag ("de-DE"), or null for the system's locale. */
  locale: string | null;
  setLocale(locale: string | null): void;
}

export const useDisplay = create<DisplayState>()(
  persist((set) => ({ locale: null, setLocale: (locale) => set({ locale }) }), {
    name: 'nexvio.display',
    storage: createJSONStorage(() => localStorage),
    version: 1,
    partialize: ({ locale }) => ({ locale }),
  }),
);

// The stored choice is read synchronously at creation (localStorage): apply it before the first render.
setFormatLocale(useDisplay.getState().locale);
useDisplay.subscribe((state, previous) => {
  if (state.locale !== previous.locale) setFormatLocale(state.locale);
});

/**
 * Locales offered in Settings beside "System default": the languages agents of a support team
 * commonly work in, each named in its own language (Intl.DisplayNames).
 */
export const OFFERED_LOCALES = [
  'en-US',
  'en-GB',
  'de-DE',
  'fr-FR',
  'es-ES',
  'es-MX',
  'it-IT',
  'pt-BR',
  'pt-PT',
  'nl-NL',
  'sv-SE',
  'da-DK',
  'nb-NO',
  'fi-FI',
  'pl-PL',
  'cs-CZ',
  'tr-TR',
  'ru-RU',
  'uk-UA',
  'ar-EG',
  'he-IL',
  'hi-IN',
  'ja-JP',
  'ko-KR',
  'zh-CN',
  'zh-TW',
] as const;

/** "Deutsch (Deutschland)" for "de-DE": a locale's name in its own language; the tag when unknown. */
export function localeOwnName(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return name ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}
