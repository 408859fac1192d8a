/** Electron glue: installs the menu built by menu-template.ts. */
import { app, Menu } from 'electron';
import { buildMenuTemplate } from './menu-template.js';

export function installMenu(): void {
  const development = !app.isPackaged;
  const template = buildMenuTemplate({ platform: process.platform, appName: app.name, allowReload: development, allowDevTools: development });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
