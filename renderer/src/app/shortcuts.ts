/** Every keyboard shortcut, as the "?" dialog lists them. */
export const SHORTCUTS: { group: string; items: { keys: string[]; label: string }[] }[] = [
  {
    group: 'Anywhere',
    items: [
      { keys: ['Ctrl', 'P'], label: 'Command palette: jump to a contact, a view or an action (⌘ P on macOS)' },
      { keys: ['Ctrl', 'K'], label: 'Search contacts (⌘ K on macOS)' },
      { keys: ['/'], label: 'Search contacts' },
      { keys: ['?'], label: 'Show keyboard shortcuts' },
      { keys: ['Ctrl', ','], label: 'Settings (⌘ , on macOS)' },
    ],
  },
  {
    group: 'Contact list',
    items: [
      { keys: ['J'], label: 'Next contact' },
      { keys: ['K'], label: 'Previous contact' },
      { keys: ['↓'], label: 'Next contact (list focused)' },
      { keys: ['↑'], label: 'Previous contact (list focused)' },
      { keys: ['Enter'], label: 'Open the highlighted contact' },
      { keys: ['Esc'], label: 'Close the contact' },
    ],
  },
  {
    group: 'Open contact',
    items: [
      { keys: ['N'], label: 'Add a note' },
      { keys: ['T'], label: 'Add a tag' },
      { keys: ['F'], label: 'Add a follow-up' },
    ],
  },
  {
    group: 'Editing',
    items: [
      { keys: ['Enter'], label: 'Save a field' },
      { keys: ['Esc'], label: 'Cancel editing' },
      { keys: ['Ctrl', 'Enter'], label: 'Save a note' },
    ],
  },
];
