import { contactRows, detail, expect, openApp, openContact, test } from './fixtures';

test('a deleted contact leaves the list at once and comes back whole with Undo', async ({ page }) => {
  await openApp(page);
  const count = page.getByTestId('contact-count');
  const before = Number(((await count.textContent()) ?? '').replace(/\D/g, ''));
  const { id, name } = await openContact(page, 12);
  const tags = await detail(page).getByRole('region', { name: 'Tags' }).textContent().catch(() => null);

  await detail(page).getByRole('button', { name: 'More actions for this contact' }).click();
  await page.getByRole('menuitem', { name: 'Delete contact' }).click();
  await expect(detail(page)).toHaveCount(0);
  await expect(contactRows(page).locator(`[data-contact-id="${id}"]`)).toHaveCount(0);
  await expect(page.locator(`[role="row"][data-contact-id="${id}"]`)).toHaveCount(0);
  await expect(count).toHaveText(`${before - 1} contacts`);
  const notice = page.getByRole('alert').filter({ hasText: 'Contact deleted' });
  await expect(notice).toContainText(name);

  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(count).toHaveText(`${before} contacts`);
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(name);
  if (tags !== null) await expect(detail(page).getByRole('region', { name: 'Tags' })).toHaveText(tags);
  await expect(page.locator(`[role="row"][data-contact-id="${id}"]`)).toHaveCount(1);
});
