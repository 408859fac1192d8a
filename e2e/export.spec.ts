/** Export from the toolbar (what the list shows), the selection bar (chosen rows) and the command palette. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createOwnContact, expect, openApp, test } from './fixtures';

// The workspace runs one export at a time: these two take turns.
test.describe.configure({ mode: 'serial' });

async function search(page: Page, text: string, rows: number): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(text);
  await expect(page.locator('[role="row"][data-contact-id]')).toHaveCount(rows);
}

/** The finished dialog's file path. */
async function exportedPath(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Export ready' });
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  return dialog.getByRole('textbox', { name: 'File' }).inputValue();
}

test('the toolbar exports what the list shows, in the chosen format and columns', async ({ page }) => {
  await openApp(page);
  const unique = `Exporta${Date.now().toString(36)}`;
  await createOwnContact(page, { firstName: unique, lastName: 'One', city: '=HYPERLINK("http://evil.example")' });
  await createOwnContact(page, { firstName: unique, lastName: 'Two', city: 'Zürich 😀' });
  await search(page, unique, 2);

  await page.getByRole('button', { name: 'Export what the list shows' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export contacts' });
  await expect(dialog.getByText(/Exports 2 contacts the list shows, as a CSV file/)).toBeVisible();
  // "No marketing" is on by default, with the list's columns.
  await expect(dialog.getByRole('checkbox', { name: 'Export No marketing' })).toBeChecked();
  await dialog.getByRole('radio', { name: 'JSON' }).check();
  await dialog.getByRole('button', { name: 'None' }).click();
  await expect(dialog.getByText('0 columns chosen')).toBeVisible();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choose at least one column.');
  await dialog.getByRole('checkbox', { name: 'Export Last name' }).check();
  await dialog.getByRole('checkbox', { name: 'Export City' }).check();
  await expect(dialog.getByText(/as a JSON file/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();

  const path = await exportedPath(page);
  expect(path).toMatch(/contacts-[\d-]+\.json$/);
  await expect(page.getByRole('dialog', { name: 'Export ready' })).toContainText('2 contacts were saved as a JSON file, with 2 columns.');
  const rows = JSON.parse(readFileSync(path, 'utf8')) as { lastName: string; city: string }[];
  expect(rows.sort((a, b) => a.lastName.localeCompare(b.lastName))).toEqual([
    { lastName: 'One', city: '=HYPERLINK("http://evil.example")' },
    { lastName: 'Two', city: 'Zürich 😀' },
  ]);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('the selection bar exports the chosen rows as vCards; the palette opens the same dialog', async ({ page }) => {
  await openApp(page);
  const unique = `Vcardia${Date.now().toString(36)}`;
  await createOwnContact(page, { firstName: unique, lastName: 'Chosen', email: `${unique.toLowerCase()}@export-e2e.example` });
  await createOwnContact(page, { firstName: unique, lastName: 'Left' });
  await search(page, unique, 2);

  await page.getByRole('checkbox', { name: `Select ${unique} Chosen` }).check();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export 1 chosen contact' });
  await dialog.getByRole('radio', { name: 'vCard' }).check();
  await expect(dialog.getByText(/Every card carries the name/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const path = await exportedPath(page);
  const text = readFileSync(path, 'utf8');
  expect(text.match(/BEGIN:VCARD/g)).toHaveLength(1);
  expect(text).toContain(`FN:${unique} Chosen\r\n`);
  expect(text).toContain(`EMAIL:${unique.toLowerCase()}@export-e2e.example\r\n`);
  await page.getByRole('button', { name: 'Done' }).click();

  await page.keyboard.press('Control+P');
  await page.getByRole('textbox', { name: 'Command' }).fill('Export contacts');
  await page.getByRole('button', { name: /Export contacts…/ }).click();
  const fromPalette = page.getByRole('dialog', { name: 'Export contacts' });
  await expect(fromPalette.getByText(/Exports 2 contacts the list shows/)).toBeVisible();
  await fromPalette.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
