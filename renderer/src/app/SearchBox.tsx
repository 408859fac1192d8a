import { CloseButton, Kbd, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useUi } from '../state/ui';
import { registerSearchInput } from './searchFocus';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** The global search: filters the contact list as you type (the list debounces it). */
export function SearchBox() {
  const search = useUi((s) => s.search);
  const setSearch = useUi((s) => s.setSearch);
  return (
    <TextInput
      ref={registerSearchInput}
      type="search"
      role="searchbox"
      aria-label="Search contacts"
      placeholder="Search names, emails, phones, notes…"
      value={search}
      maxLength={200}
      onChange={(event) => setSearch(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          if (search) setSearch('');
          else event.currentTarget.blur();
        } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
          // Hand the keyboard to the list.
          const grid = document.querySelector<HTMLElement>('[role="grid"][data-contact-list]');
          if (grid) {
            event.preventDefault();
            grid.focus();
          }
        }
      }}
      leftSection={<IconSearch size={16} stroke={1.8} />}
      rightSectionWidth={search ? 36 : 64}
      rightSection={
        search ? (
          <CloseButton size="sm" aria-label="Clear search" onClick={() => setSearch('')} />
        ) : (
          <Kbd size="xs" aria-hidden>
            {MOD} K
          </Kbd>
        )
      }
      styles={{ input: { background: 'var(--app-subtle-bg)', borderColor: 'transparent' } }}
    />
  );
}
