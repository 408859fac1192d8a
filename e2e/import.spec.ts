import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { contactRows, expect, openApp, test } from './fixtures';

/** Chooses a file through the wizard's drop area (the system file chooser, answered by the test). */
async function chooseFile(page: Page, name: string, content: string | Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a file to import, or drop it here' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
}

test('importing a CSV: automatic mapping, problems in the preview, duplicates policy, result and report', async ({ page }) => {
  await openApp(page);
  const unique = `Importa${Date.now().toString(36)}`;
  const domain = `${unique.toLowerCase()}.example`;
  const csv = [
    'Vorname;Nachname;E-Mail;Telefon;Land',
    `${unique};Erste;one@${domain};030 1234567;DE`,
    `${unique};Kaputt;not-an-email;;DE`,
    `${unique};Zweite;two@${domain};;Frankreich`,
    `${unique};Doppelt;ONE@${domain};;DE`,
  ].join('\n');

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts' });
  await expect(dialog).toBeVisible();
  await chooseFile(page, 'kontakte.csv', csv);

  await expect(dialog).toContainText('CSV · semicolon-separated · UTF-8 · 4 rows');
  await expect(dialog.getByRole('textbox', { name: 'Import column E-Mail into' })).toHaveValue('Email');
  await expect(dialog.getByRole('textbox', { name: 'Import column Telefon into' })).toHaveValue('Phone');
  await expect(dialog.getByRole('textbox', { name: 'Import column Vorname into' })).toHaveValue('First name');
  const preview = dialog.getByRole('table', { name: 'Preview of the first rows' });
  await expect(preview).toContainText('“not-an-email” is not an email address.');
  await expect(preview.getByText('Updates an earlier row')).toBeVisible();

  // Skipping duplicates: the fourth row (the first one's email in capitals) is left out.
  await dialog.getByRole('radio', { name: 'Skip the row' }).check();
  await expect(preview.getByText('Skipped: matches an earlier row')).toBeVisible();
  await dialog.getByRole('button', { name: 'Import 4 rows' }).click();

  await expect(dialog.getByText('Import finished')).toBeVisible();
  await expect(dialog.getByText('Created', { exact: true }).locator('..')).toContainText('2');
  await expect(dialog.getByText('Skipped', { exact: true }).locator('..')).toContainText('1');
  await expect(dialog.getByText('Rejected', { exact: true }).locator('..')).toContainText('1');
  await expect(dialog.getByRole('table', { name: 'Rejected rows' })).toContainText('E-Mail: “not-an-email” is not an email address.');

  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download report of rejected rows' }).click();
  const file = await (await download).path();
  const report = readFileSync(file, 'utf8');
  expect(report).toContain('Line,Why it was rejected,Vorname,Nachname,E-Mail,Telefon,Land');
  expect(report).toContain('3,E-Mail: “not-an-email” is not an email address.');

  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(unique);
  await expect(contactRows(page)).toHaveCount(2);
  await expect(contactRows(page).filter({ hasText: `two@${domain}` })).toContainText('France');
});

test('a file that is not a table says so, and the command palette opens the import', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Control+P');
  await page.getByRole('textbox', { name: 'Command' }).fill('import');
  await page.getByRole('button', { name: /^Import contacts/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts' });
  await expect(dialog).toBeVisible();
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
  await chooseFile(page, 'photo.csv', binary);
  await expect(dialog.getByRole('alert')).toContainText('This is not a CSV, Excel (.xlsx) or vCard file');
  await chooseFile(page, 'empty.csv', '');
  await expect(dialog.getByRole('alert')).toContainText('The file is empty');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
