import { useEffect } from 'react';
import { useUi } from '../state/ui';
import { focusSearch } from './searchFocus';
import { startFollowUp, startNote, startTag } from './contactShortcuts';

/** True when the keyboard is typing into something (then single-letter shortcuts stay quiet). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('[role="dialog"]') !== null;
}

/** With a contact open: N a note, T a tag, F a follow-up. */
const CONTACT_KEYS: Record<string, (() => void) | undefined> = { n: startNote, t: startTag, f: startFollowUp };

/** Ctrl/⌘+K and "/" focus the search; Ctrl/⌘+, opens Settings; "?" shows the shortcuts; N, T and F act on the open contact (Ctrl/⌘+P, the palette, is its own). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        useUi.getState().setView('contacts');
        focusSearch();
        return;
      }
      // The desktop convention for settings (macOS: ⌘ ,).
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === ',') {
        event.preventDefault();
        useUi.getState().openSettings();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        useUi.getState().setView('contacts');
        focusSearch();
      } else if (event.key === '?') {
        event.preventDefault();
        useUi.getState().setShortcutsOpen(true);
      } else if (CONTACT_KEYS[event.key.toLowerCase()] && !event.shiftKey) {
        const { view, selectedId } = useUi.getState();
        if (view !== 'contacts' || selectedId === null) return;
        event.preventDefault();
        CONTACT_KEYS[event.key.toLowerCase()]?.();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
