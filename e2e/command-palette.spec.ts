import { contactRows, detail, expect, openApp, openContact, test } from './fixtures';

test('the command palette jumps to a contact found as you type, and to a view', async ({ page }) => {
  await openApp(page);
  const names = await contactRows(page).locator('[role="gridcell"]:nth-child(2) [dir="auto"]').allTextContents();
  const name = names.map((n) => n.trim()).find((n) => /^[A-Za-z]{3,} [A-Za-z]{3,}$/.test(n));
  expect(name, 'a plain name among the first rows').toBeTruthy();

  await page.keyboard.press('Control+P');
  const command = page.getByRole('textbox', { name: 'Command' });
  await expect(command).toBeFocused();
  await command.fill(name!);
  const result = page.getByRole('button', { name: new RegExp(`^${name}`) }).first();
  await expect(result).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(name!);

  await page.getByRole('button', { name: 'Open the command palette' }).click();
  await command.fill('follow');
  await page.getByRole('button', { name: /^Follow-ups/ }).last().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Follow-ups' })).toBeVisible();
});

test('with a contact open, N starts a note, T a tag and F a follow-up; the shortcut sheet lists them', async ({ page }) => {
  await openApp(page);
  await openContact(page, 13);
  await page.keyboard.press('n');
  await expect(detail(page).getByRole('textbox', { name: 'New note' })).toBeFocused();
  await page.keyboard.press('Escape');
  await detail(page).getByRole('heading', { level: 2 }).click();
  await page.keyboard.press('t');
  await expect(detail(page).getByRole('textbox', { name: 'Add tag' })).toBeFocused();
  await detail(page).getByRole('heading', { level: 2 }).click();
  await page.keyboard.press('f');
  await expect(detail(page).getByRole('textbox', { name: 'What to do' })).toBeFocused();
  await detail(page).getByRole('button', { name: 'Cancel' }).click();

  await detail(page).getByRole('heading', { level: 2 }).click();
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: /shortcuts/i });
  await expect(sheet).toContainText('Command palette');
  await expect(sheet).toContainText('Add a follow-up');
});
