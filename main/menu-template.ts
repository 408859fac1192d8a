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
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];

  if (mac) {
    template.push({
      label: input.appName,
      submenu: [
        { role: 'about' },
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
  }

  template.push({ label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] });

  template.push({
    label: 'Edit',
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
    label: 'View',
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

  template.push({
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }, separator, { role: 'window' }]
      : [{ role: 'minimize' }, { role: 'zoom' }, { role: 'close' }],
  });

  // No links out: the app works offline and opens nothing remote from its menu.
  template.push({ role: 'help', submenu: mac ? [] : [{ role: 'about' }] });

  return template;
}
