import { contactRows, detail, editField, expect, field, grid, openApp, openContact, shownCount, syncStatus, test } from './fixtures';

test('opens on the contact list with the count', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('contact-count')).toHaveText('300 contacts');
  // A local workspace: the header says it syncs with nothing.
  // (Other tests share this workspace: their edits may be waiting too.)
  await expect(syncStatus(page)).toHaveAccessibleName(/^Not connected(, \d+ changes? waiting to be sent)?\. Sync details$/);
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '301');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  expect(await contactRows(page).count()).toBeGreaterThan(10);
});

test('search narrows the list and can be cleared', async ({ page }) => {
  await openApp(page);
  // A plain two-word name from the list, so the search is about that person.
  const names = await contactRows(page).locator('[role="gridcell"]:nth-child(2) [dir="auto"]').allTextContents();
  const name = names.map((n) => n.trim()).find((n) => /^[A-Za-z]{3,} [A-Za-z]{3,}$/.test(n));
  expect(name, 'a plain name among the first rows').toBeTruthy();

  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(name!);
  await expect(page.getByTestId('contact-count')).toHaveText(/^\d+ match(es)?$/);
  await expect.poll(() => shownCount(page)).toBeLessThan(300);
  await expect(contactRows(page).filter({ hasText: name! }).first()).toBeVisible();
  await expect(page.getByText('Search results, newest first')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('zzqqxxnothing');
  await expect(page.getByText('No contacts match your search')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).last().click();
  await expect(page.getByTestId('contact-count')).toHaveText('300 contacts');
});

test('a contact opens with its timeline', async ({ page }) => {
  await openApp(page);
  const { name } = await openContact(page, 0);
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(name);
  await detail(page).getByRole('tab', { name: 'Timeline' }).click();
  const panel = detail(page).getByRole('tabpanel', { name: 'Timeline' });
  await expect(panel.getByRole('listitem').first()).toBeVisible();
  await expect(panel.getByRole('radiogroup', { name: 'Show in timeline' })).toBeVisible();
  // Esc closes the contact again.
  await page.keyboard.press('Escape');
  await expect(detail(page)).toHaveCount(0);
});

test('an edited field is saved and kept after a reload', async ({ page }) => {
  await openApp(page);
  await openContact(page, 3);
  const value = `Testville ${Date.now() % 100000}`;
  await editField(page, 'City', value);

  await page.reload();
  await expect(field(page, 'City')).toContainText(value);
});

test('an invalid email shows the error beside the field and changes nothing', async ({ page }) => {
  await openApp(page);
  await openContact(page, 4);
  const email = field(page, 'Email');
  const before = ((await email.textContent()) ?? '').replace(/^Email/, '');
  await email.getByRole('button', { name: 'Edit Email' }).click();
  const input = email.getByRole('textbox', { name: 'Email' });
  await input.fill('not-an-email');
  await input.press('Enter');
  await expect(email.getByText('Enter a valid email address')).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await input.press('Escape');
  await expect(email.getByRole('textbox')).toHaveCount(0);
  await expect(email).toHaveText(`Email${before}`);

  await page.reload();
  await expect(field(page, 'Email')).toHaveText(`Email${before}`);
  await expect(field(page, 'Email')).not.toContainText('not-an-email');
});

test('a tag can be added and removed', async ({ page }) => {
  await openApp(page);
  const { id } = await openContact(page, 5);
  const tag = `e2e-${Date.now() % 100000}`;
  const tags = detail(page).getByRole('region', { name: 'Tags' });
  await tags.getByRole('textbox', { name: 'Add tag' }).fill(tag);
  await tags.getByRole('textbox', { name: 'Add tag' }).press('Enter');
  await expect(tags.getByRole('button', { name: `Remove tag ${tag}` })).toBeVisible();
  // The list row shows it too (contacts.changed refreshes the row); the tags column shows
  // when the list has the full width.
  await detail(page).getByRole('button', { name: 'Close contact' }).click();
  await expect(grid(page).locator(`[data-contact-id="${id}"]`)).toContainText(tag);
  await grid(page).locator(`[data-contact-id="${id}"]`).click();

  await tags.getByRole('button', { name: `Remove tag ${tag}` }).click();
  await expect(tags.getByRole('button', { name: `Remove tag ${tag}` })).toHaveCount(0);
  await page.reload();
  await expect(detail(page).getByRole('region', { name: 'Tags' })).not.toContainText(tag);
});

test('a note is added and shows on the timeline', async ({ page }) => {
  await openApp(page);
  await openContact(page, 6);
  await detail(page).getByRole('tab', { name: 'Notes' }).click();
  const body = `Called about invoice ${Date.now() % 100000}.\nWill follow up on Friday.`;
  const composer = detail(page).getByRole('textbox', { name: 'New note' });
  await composer.fill(body);
  await composer.press('Control+Enter');
  await expect(composer).toHaveValue('');
  const notes = detail(page).getByRole('tabpanel', { name: 'Notes' });
  await expect(notes.getByText(body.split('\n')[0]!, { exact: false })).toBeVisible();

  await detail(page).getByRole('tab', { name: 'Timeline' }).click();
  const timeline = detail(page).getByRole('tabpanel', { name: 'Timeline' });
  await expect(timeline.getByText(body.split('\n')[0]!, { exact: false })).toBeVisible();
});

test('clicking a column header sorts the list', async ({ page }) => {
  await openApp(page);
  const header = page.getByRole('columnheader', { name: 'Name' });
  await expect(header).toHaveAttribute('aria-sort', 'none');
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('columnheader', { name: 'Last seen' })).toHaveAttribute('aria-sort', 'none');
  const firstName = async () => ((await contactRows(page).first().locator('[role="gridcell"]:nth-child(2) [dir="auto"]').textContent()) ?? '').trim();
  await expect.poll(firstName).not.toBe('');
  const ascending = await firstName();

  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(firstName).not.toBe(ascending);
  const descending = await firstName();
  // The core compares names lower-cased (ASCII) by code point.
  const key = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  expect(key(ascending) < key(descending)).toBe(true);
});

test('the keyboard moves through the list', async ({ page }) => {
  await openApp(page);
  await grid(page).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const second = contactRows(page).nth(1);
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('j');
  await expect(contactRows(page).nth(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toBeFocused();
});
