import { useEffect } from 'react';
import { useUi } from '../state/ui';
import { focusSearch } from './searchFocus';

/** True when the keyboard is typing into something (then single-letter shortcuts stay quiet). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('[role="dialog"]') !== null;
}

/** Ctrl/⌘+K and "/" focus the search; "?" shows the shortcuts. */
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
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        useUi.getState().setView('contacts');
        focusSearch();
      } else if (event.key === '?') {
        event.preventDefault();
        useUi.getState().setShortcutsOpen(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
