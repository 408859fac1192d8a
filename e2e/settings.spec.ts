/**
 * The Settings page through the browser host: its sections (linkable as #/settings/<section>),
 * the theme and the language of dates and numbers applied at once, the notification switches
 * kept by the host (preferences.json), updates off in the browser host, the data folder and
 * logs as this host has them, and a backup taken from the Backups section.
 */
import type { Page } from '@playwright/test';
import { contactRows, expect, grid, openApp, test } from './fixtures';
import { startHost } from './sync-helpers';

test.use({ locale: 'en-US', timezoneId: 'UTC' });

function sections(page: Page) {
  return page.getByRole('navigation', { name: 'Settings sections' });
}

async function openSection(page: Page, label: string) {
  await sections(page).getByRole('button', { name: label, exact: true }).click();
  await expect(sections(page).getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
}

test('Ctrl+, opens Settings; every section opens from the list and by its address', async ({ page }) => {
  await openApp(page);
  // Ctrl+, (⌘, on macOS), as desktop apps open their settings.
  await page.keyboard.press('Control+,');
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole('region', { name: 'Appearance' })).toBeVisible();
  const expected: [string, string, string][] = [
    ['Notifications', 'notifications', 'Notifications'],
    ['Updates', 'updates', 'Updates'],
    ['Sync', 'sync', 'Connected workspace'],
    ['Custom fields', 'fields', 'Custom fields'],
    ['Tags', 'tags', 'Tags'],
    ['Backups', 'backups', 'Backups'],
    ['Data folder', 'data-folder', 'Data folder'],
    ['Logs', 'logs', 'Logs'],
    ['General', 'settings', 'Language of dates and numbers'],
  ];
  for (const [label, address, region] of expected) {
    await openSection(page, label);
    await expect(page).toHaveURL(new RegExp(address === 'settings' ? '#/settings$' : `#/settings/${address}$`));
    await expect(page.getByRole('region', { name: region, exact: true })).toBeVisible();
  }
  // A copied link opens its section; a reload keeps it.
  await page.goto('/#/settings/logs');
  await expect(page.getByRole('region', { name: 'Logs', exact: true })).toBeVisible();
  await page.reload();
  await expect(sections(page).getByRole('button', { name: 'Logs' })).toHaveAttribute('aria-current', 'page');
});

test('the theme switches at once and is kept', async ({ page }) => {
  await page.goto('/#/settings');
  const theme = page.getByRole('radiogroup', { name: 'Theme' });
  await theme.getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(theme.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await theme.getByText('Light', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.reload();
  await expect(page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Light' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test('the language of dates and numbers changes the preview and the dates in the list at once, and is kept', async ({ page }) => {
  await openApp(page);
  // A date in the list, as a person reads it (its title is the full date and time).
  const shown = contactRows(page).first().locator('time').first();
  const at = (await shown.getAttribute('datetime')) ?? '';
  const written = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(at));
  await expect(shown).toHaveAttribute('title', written('en-US'));

  await page.goto('/#/settings');
  const language = page.getByRole('textbox', { name: 'Language of dates and numbers' });
  await expect(language).toHaveValue('System default (en-US)');
  const preview = page.getByRole('definition').filter({ hasText: /^1,234,567\.89$/ });
  await expect(preview).toBeVisible();
  await language.click();
  await page.getByRole('option', { name: 'Deutsch (Deutschland) · de-DE' }).click();
  await expect(language).toHaveValue('Deutsch (Deutschland) · de-DE');
  await expect(page.getByText('1.234.567,89', { exact: true })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Contacts/ }).click();
  await expect(grid(page).locator(`time[datetime="${at}"]`).first()).toHaveAttribute('title', written('de-DE'));
  await page.reload();
  await expect(grid(page).locator(`time[datetime="${at}"]`).first()).toHaveAttribute('title', written('de-DE'));

  // Back to the system's.
  await page.goto('/#/settings');
  await page.getByRole('textbox', { name: 'Language of dates and numbers' }).click();
  await page.getByRole('option', { name: 'System default (en-US)' }).click();
  await expect(page.getByText('1,234,567.89', { exact: true })).toBeVisible();
});

test('the notification switches are kept by the host across a reload', async ({ page }) => {
  await page.goto('/#/settings/notifications');
  const region = page.getByRole('region', { name: 'Notifications' });
  await expect(region).toContainText('shown by the desktop app');
  const conflicts = region.getByRole('switch', { name: 'Conflicts' });
  const failures = region.getByRole('switch', { name: 'Sync failures' });
  await expect(conflicts).toBeChecked();
  await expect(failures).toBeChecked();
  await conflicts.click({ force: true });
  await expect(conflicts).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('switch', { name: 'Conflicts' })).not.toBeChecked();
  await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('switch', { name: 'Sync failures' })).toBeChecked();
  // Left as found for the next run on this host.
  await page.getByRole('region', { name: 'Notifications' }).getByRole('switch', { name: 'Conflicts' }).click({ force: true });
  await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('switch', { name: 'Conflicts' })).toBeChecked();
});

test('updates are off in the browser host; the data folder and logs say what this host has', async ({ page }) => {
  await page.goto('/#/settings/updates');
  const updates = page.getByRole('region', { name: 'Updates' });
  await expect(updates.getByText('Automatic updates are not set up in this build')).toBeVisible();
  await expect(updates.getByText('Not set up', { exact: true })).toBeVisible();
  await expect(updates.getByRole('button', { name: 'Check now' })).toBeDisabled();
  await expect(updates.getByRole('switch', { name: 'Check automatically' })).toBeDisabled();

  await openSection(page, 'Data folder');
  const folder = page.getByRole('region', { name: 'Data folder' });
  await expect(folder.getByRole('textbox', { name: 'Workspace database' })).toHaveValue(/\.db$/);
  // The browser host has no folder picker: a typed path, and a relative one is refused beside the field.
  const to = folder.getByRole('textbox', { name: 'New folder (full path)' });
  await to.fill('relative/folder');
  await folder.getByRole('button', { name: 'Move…' }).click();
  await expect(folder.getByText('Use a full folder path')).toBeVisible();
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('dialog', { name: 'Move the workspace?' })).toHaveCount(0);

  await openSection(page, 'Logs');
  await expect(page.getByRole('region', { name: 'Logs' })).toContainText('The browser host keeps no log files');
});

test('the command palette opens Settings, checks for updates and backs up now; the backup is then in the list', async ({ page }) => {
  await openApp(page);
  const command = page.getByRole('textbox', { name: 'Command' });
  const run = async (words: string, name: RegExp) => {
    await page.keyboard.press('Control+P');
    await command.fill(words);
    await page.getByLabel('Commands').getByRole('button', { name }).click();
  };
  await run('open settings', /^Open settings/);
  await expect(page).toHaveURL(/#\/settings/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await run('check for updates', /^Check for updates/);
  await expect(page.getByRole('alert').filter({ hasText: 'Automatic updates are not set up in this build' })).toBeVisible();

  // The manual backups listed before and after.
  const manual = page.getByRole('radiogroup', { name: 'Backups' }).getByRole('radio', { name: /, manual$/ });
  await openSection(page, 'Backups');
  await expect(page.getByRole('region', { name: 'Backups' }).getByRole('button', { name: 'Back up now' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Backups' }).getByLabel('Loading the backups')).toHaveCount(0);
  const before = await manual.count();
  await run('back up now', /^Back up now/);
  await expect(page.getByRole('alert').filter({ hasText: 'Backup taken' })).toBeVisible({ timeout: 20_000 });
  await openSection(page, 'General');
  await openSection(page, 'Backups');
  await expect(manual).toHaveCount(before + 1);
});

test('the workspace moves to a typed folder after a confirm, and opens from there', async ({ page }) => {
  test.setTimeout(60_000);
  // A host of its own: moving the shared host's workspace would pull it from under the other tests.
  const host = await startHost({ seed: 30 });
  try {
    await page.goto(`${host.url}#/settings/data-folder`);
    const folder = page.getByRole('region', { name: 'Data folder' });
    const before = await folder.getByRole('textbox', { name: 'Folder', exact: true }).inputValue();
    const target = `${before}-moved`;
    await folder.getByRole('textbox', { name: 'New folder (full path)' }).fill(target);
    await folder.getByRole('button', { name: 'Move…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Move the workspace?' });
    await expect(confirm).toContainText(before);
    await expect(confirm).toContainText(target);
    await confirm.getByRole('button', { name: 'Move workspace' }).click();
    await expect(folder.getByRole('alert').filter({ hasText: 'The workspace was moved' })).toContainText(target, { timeout: 30_000 });
    await expect(folder.getByRole('textbox', { name: 'Folder', exact: true })).toHaveValue(target);
    await expect(folder.getByRole('textbox', { name: 'Workspace database' })).toHaveValue(new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // Still the same workspace: its contacts are there.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Contacts/ }).click();
    await expect(page.getByTestId('contact-count')).toHaveText('30 contacts');
  } finally {
    await page.close();
    await host.stop();
  }
});

test('a backup restored from Settings brings the workspace back to that moment, and the window loads it afresh', async ({ page }) => {
  test.setTimeout(90_000);
  // A host of its own: a restore replaces the whole workspace.
  const host = await startHost({ seed: 30 });
  try {
    await page.goto(`${host.url}#/settings/backups`);
    const backups = page.getByRole('region', { name: 'Backups' });
    await backups.getByRole('button', { name: 'Back up now' }).click();
    const taken = backups.getByRole('radiogroup', { name: 'Backups' }).getByRole('radio', { name: /, manual$/ });
    await expect(taken).toHaveCount(1);

    // A change after the backup: a custom field.
    const label = `Added after the backup ${Date.now() % 100000}`;
    await openSection(page, 'Custom fields');
    await page.getByRole('button', { name: 'New field' }).click();
    const dialog = page.getByRole('dialog', { name: 'New custom field' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(label);
    await dialog.getByRole('button', { name: 'Create field' }).click();
    await expect(page.getByRole('table', { name: 'Custom fields' })).toContainText(label);

    await openSection(page, 'Backups');
    await taken.click();
    await expect(page.getByText('This backup is sound and can be restored')).toBeVisible();
    await page.getByRole('button', { name: /^Restore the backup from / }).click();
    const reloaded = page.waitForEvent('load');
    await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Restore now' }).click();
    await reloaded;
    await expect(sections(page).getByRole('button', { name: 'Backups' })).toHaveAttribute('aria-current', 'page');
    await openSection(page, 'Custom fields');
    await expect(page.getByRole('table', { name: 'Custom fields' })).not.toContainText(label);
    await expect(page.getByRole('table', { name: 'Custom fields' })).toContainText('Company');
  } finally {
    await page.close();
    await host.stop();
  }
});
