/**
 * The application menu as data. Pure (type-only electron import): which items exist in
 * which build is a unit test. Roles give native behaviour and shortcuts for free.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuInput {
  platform: NodeJS.Platform;
  appName: string;
  /** View > Reload: a development convenience; a reload in production loses unsaved input. */
  allowReload: boolean;
  /** View > Toggle Developer Tools: never in a packaged build. */
  allowDevTools: boolean;
  /** What the app's own items do (menu.ts wires them to the window, the updater and the shell). */
  actions: MenuActions;
}

export interface MenuActions {
  openSettings(): void;
  /** Checks the update feed now and shows Settings, where the result appears. */
  checkForUpdates(): void;
  /** Opens the folder with the log files in the file manager. */
  revealLogs(): void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const { actions } = input;
  const settings: MenuItemConstructorOptions = { label: mac ? 'Settings…' : '&Settings…', accelerator: 'CmdOrCtrl+,', click: () => actions.openSettings() };
  const checkForUpdates: MenuItemConstructorOptions = { label: 'Check for Updates…', click: () => actions.checkForUpdates() };
  const revealLogs: MenuItemConstructorOptions = { label: mac ? 'Reveal Logs in Finder' : 'Reveal &Logs', click: () => actions.revealLogs() };
  const template: MenuItemConstructorOptions[] = [];

  // macOS: the app menu holds About, Settings, updates and Quit; there is no File menu.
  if (mac) {
    template.push({
      label: input.appName,
      submenu: [
        { role: 'about' },
        separator,
        settings,
        checkForUpdates,
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  } else {
    template.push({ label: '&File', submenu: [settings, separator, { role: 'quit' }] });
  }

  template.push({
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  });

  const developer: MenuItemConstructorOptions[] = [
    ...(input.allowReload ? [{ role: 'reload' } as const, { role: 'forceReload' } as const] : []),
    ...(input.allowDevTools ? [{ role: 'toggleDevTools' } as const] : []),
  ];
  template.push({
    label: mac ? 'View' : '&View',
    submenu: [
      ...developer,
      ...(developer.length > 0 ? [separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });

  if (mac) {
    template.push({
      label: 'Window',
      submenu: [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }, separator, { role: 'window' }],
    });
  }

  // No links out: the app works offline and opens nothing remote from its menu.
  template.push({
    role: 'help',
    label: mac ? 'Help' : '&Help',
    submenu: mac ? [revealLogs] : [checkForUpdates, revealLogs, separator, { role: 'about' }],
  });

  return template;
}
