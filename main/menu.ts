/** Electron glue: installs the menu built by menu-template.ts. */
import { app, Menu } from 'electron';
import { buildMenuTemplate, type MenuActions } from './menu-template.js';

export function installMenu(actions: MenuActions): void {
  const development = !app.isPackaged;
  const template = buildMenuTemplate({ platform: process.platform, appName: app.name, allowReload: development, allowDevTools: development, actions });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
