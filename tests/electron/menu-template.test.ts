import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuInput } from '../../main/menu-template.js';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

const base: MenuInput = { platform: 'linux', appName: 'Nexvio Contacts', allowReload: false, allowDevTools: false };

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Window and Help outside macOS', () => {
    const template = buildMenuTemplate(base);
    expect(template.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
    expect(roles(template)).toContain('quit');
    expect(roles(template)).not.toContain('services');
  });

  it('starts with the app menu on macOS', () => {
    const template = buildMenuTemplate({ ...base, platform: 'darwin' });
    expect(template[0]?.label).toBe('Nexvio Contacts');
    expect(roles(template)).toEqual(expect.arrayContaining(['about', 'services', 'hide', 'quit', 'pasteAndMatchStyle', 'front']));
  });

  it('offers no reload and no DevTools in a packaged build', () => {
    const all = roles(buildMenuTemplate(base));
    expect(all).not.toContain('reload');
    expect(all).not.toContain('forceReload');
    expect(all).not.toContain('toggleDevTools');
  });

  it('offers them in development, each on its own switch', () => {
    expect(roles(buildMenuTemplate({ ...base, allowReload: true, allowDevTools: true }))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    );
    const devToolsOnly = roles(buildMenuTemplate({ ...base, allowDevTools: true }));
    expect(devToolsOnly).toContain('toggleDevTools');
    expect(devToolsOnly).not.toContain('reload');
  });
});
