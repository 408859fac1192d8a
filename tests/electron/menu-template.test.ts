import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions, type MenuInput } from '../../main/menu-template.js';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

/** A menu's entries as people read them: labels without the & mnemonics, roles for role items. */
function entries(item: MenuItemConstructorOptions | undefined): string[] {
  const submenu = Array.isArray(item?.submenu) ? item.submenu : [];
  return submenu.map((entry) => (entry.type === 'separator' ? '—' : (entry.label?.replace('&', '') ?? `role:${entry.role}`)));
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label?.replace('&', '') === label) return item;
    const inner = Array.isArray(item.submenu) ? find(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

function click(item: MenuItemConstructorOptions | undefined): void {
  if (!item?.click) throw new Error(`no click on ${item?.label}`);
  (item.click as () => void)();
}

const actions = (): MenuActions => ({ openSettings: vi.fn(), checkForUpdates: vi.fn(), revealLogs: vi.fn() });
const base = (): MenuInput => ({ platform: 'linux', appName: 'Nexvio Contacts', allowReload: false, allowDevTools: false, actions: actions() });
const topLabels = (template: MenuItemConstructorOptions[]): string[] => template.map((item) => (item.label ?? item.role ?? '').replace('&', ''));

describe.each(['linux', 'win32'] as const)('buildMenuTemplate on %s', (platform) => {
  const input = { ...base(), platform };
  const template = buildMenuTemplate(input);

  it('has File, Edit, View and Help, with keyboard mnemonics', () => {
    expect(topLabels(template)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(template.every((item) => item.label?.startsWith('&'))).toBe(true);
    expect(roles(template)).not.toContain('services');
  });

  it('puts Settings… (Ctrl+,) and Quit in File', () => {
    const file = template[0];
    expect(entries(file)).toEqual(['Settings…', '—', 'role:quit']);
    expect(find(template, 'Settings…')?.accelerator).toBe('CmdOrCtrl+,');
  });

  it('puts Check for Updates…, Reveal Logs and About in Help', () => {
    expect(entries(template.at(-1))).toEqual(['Check for Updates…', 'Reveal Logs', '—', 'role:about']);
  });

  it('wires the items to their actions', () => {
    click(find(template, 'Settings…'));
    click(find(template, 'Check for Updates…'));
    click(find(template, 'Reveal Logs'));
    expect(input.actions.openSettings).toHaveBeenCalledTimes(1);
    expect(input.actions.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(input.actions.revealLogs).toHaveBeenCalledTimes(1);
  });
});

describe('buildMenuTemplate on macOS', () => {
  const input = { ...base(), platform: 'darwin' as const };
  const template = buildMenuTemplate(input);

  it('starts with the app menu and has Edit, View, Window and Help, no File', () => {
    expect(topLabels(template)).toEqual(['Nexvio Contacts', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(template)).toEqual(expect.arrayContaining(['pasteAndMatchStyle', 'front', 'window']));
  });

  it('holds About, Settings… (⌘,), Check for Updates…, Services, Hide and Quit in the app menu', () => {
    expect(entries(template[0])).toEqual([
      'role:about',
      '—',
      'Settings…',
      'Check for Updates…',
      '—',
      'role:services',
      '—',
      'role:hide',
      'role:hideOthers',
      'role:unhide',
      '—',
      'role:quit',
    ]);
    expect(find(template, 'Settings…')?.accelerator).toBe('CmdOrCtrl+,');
    expect(template.some((item) => item.label?.includes('&'))).toBe(false);
  });

  it('reveals the logs from Help', () => {
    click(find(template, 'Reveal Logs in Finder'));
    click(find(template, 'Check for Updates…'));
    expect(input.actions.revealLogs).toHaveBeenCalledTimes(1);
    expect(input.actions.checkForUpdates).toHaveBeenCalledTimes(1);
  });
});

describe('developer items', () => {
  it('offers no reload and no DevTools in a packaged build', () => {
    const all = roles(buildMenuTemplate(base()));
    expect(all).not.toContain('reload');
    expect(all).not.toContain('forceReload');
    expect(all).not.toContain('toggleDevTools');
  });

  it('offers them in development, each on its own switch', () => {
    expect(roles(buildMenuTemplate({ ...base(), allowReload: true, allowDevTools: true }))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    );
    const devToolsOnly = roles(buildMenuTemplate({ ...base(), allowDevTools: true }));
    expect(devToolsOnly).toContain('toggleDevTools');
    expect(devToolsOnly).not.toContain('reload');
  });
});
