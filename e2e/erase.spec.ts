import type { Page } from '@playwright/test';
import { contactRows, createOwnContact, detail, expect, openApp, test } from './fixtures';

async function findAndOpen(page: Page, search: string, id: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(search);
  const row = page.locator(`[role="row"][data-contact-id="${id}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();
}

test('erasing a contact asks for its name, says what goes, and removes it for good', async ({ page }) => {
  await openApp(page);
  const unique = `Erasia${Date.now().toString(36)}`;
  const email = `${unique.toLowerCase()}@erase-e2e.example`;
  const id = await createOwnContact(page, { firstName: unique, lastName: 'Vandermolen', email });
  await findAndOpen(page, unique, id);

  await detail(page).getByRole('button', { name: 'More actions for this contact' }).click();
  await page.getByRole('menuitem', { name: 'Erase permanently…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase this person permanently?' });
  await expect(dialog).toBeVisible();
  const list = dialog.getByRole('list', { name: 'What will be erased' });
  await expect(list).toContainText('no conversations');
  await expect(list).toContainText('no notes');
  await expect(list).toContainText('no follow-ups');
  await expect(dialog).toContainText('This cannot be undone');
  await expect(dialog).toContainText('not connected to Nexvio.ai yet: the erasure is queued');

  // The red button waits for the exact name.
  const erase = dialog.getByRole('button', { name: 'Erase permanently' });
  const confirm = dialog.getByRole('textbox', { name: 'Type the contact’s name to confirm' });
  await expect(erase).toBeDisabled();
  await confirm.fill(`${unique} Vander`);
  await expect(erase).toBeDisabled();
  await confirm.fill(`${unique} Vandermolen`);
  await expect(erase).toBeEnabled();
  await erase.click();

  await expect(dialog).toHaveCount(0);
  await expect(detail(page)).toHaveCount(0);
  const notice = page.getByRole('alert').filter({ hasText: 'Contact erased' });
  await expect(notice).toBeVisible();
  await expect(notice).not.toContainText(unique);
  await expect(page.locator(`[role="row"][data-contact-id="${id}"]`)).toHaveCount(0);
  await expect(contactRows(page)).toHaveCount(0);

  // The Privacy page lists the email's hash (never the address), and a new contact with it is refused.
  await page.getByRole('navigation', { name: 'Main' }).getByText('Privacy', { exact: true }).click();
  await page.getByRole('tab', { name: 'Requests' }).click();
  const suppression = page.getByRole('table', { name: 'Suppression list' });
  await expect(suppression).toBeVisible();
  await expect(suppression).not.toContainText(email);
  await expect(suppression.getByRole('row').filter({ hasText: 'Erased on this device' }).first()).toBeVisible();
  await expect(createOwnContact(page, { firstName: 'Again', email })).rejects.toThrow(/suppression list/);
});

test('the Privacy page finds a person to erase; a contact without a name is confirmed with ERASE', async ({ page }) => {
  await openApp(page);
  const phone = `+4930${String(Date.now()).slice(-7)}`;
  const id = await createOwnContact(page, { phone });
  await page.getByRole('navigation', { name: 'Main' }).getByText('Privacy', { exact: true }).click();
  await page.getByRole('tab', { name: 'Requests' }).click();
  await page.getByRole('textbox', { name: 'Search contacts to erase' }).fill(phone);
  const results = page.getByRole('list', { name: 'Contacts to erase' });
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await results.getByRole('button', { name: /^Erase / }).click();

  const dialog = page.getByRole('dialog', { name: 'Erase this person permanently?' });
  const confirm = dialog.getByRole('textbox', { name: 'Type ERASE to confirm' });
  await confirm.fill('erase');
  await expect(dialog.getByRole('button', { name: 'Erase permanently' })).toBeDisabled();
  await confirm.fill('ERASE');
  await confirm.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: 'Contact erased' })).toBeVisible();
  await expect(results).toContainText('No contact matches');
  expect(id).toBeTruthy();
});
