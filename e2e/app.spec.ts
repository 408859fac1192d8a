import { expect, openApp, shownCount, test } from './fixtures';

test('the theme choice is kept across reloads', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await page.getByRole('menuitem', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible();
});

test('every view in the navigation opens its page (none is still to come)', async ({ page }) => {
  await openApp(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Duplicates', 'Follow-ups', 'Sync', 'Activity', 'Segments', 'Analytics', 'Privacy', 'Integrations', 'Settings']) {
    await nav.getByRole('button', { name: new RegExp(`^${label}`) }).click();
    await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
    await expect(page.getByText('Coming soon')).toHaveCount(0);
  }
  await nav.getByRole('button', { name: 'Contacts', exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Contacts' })).toBeVisible();
});

test('a country filter narrows the list and its chip removes it', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: /^Filter by country/ }).click();
  const options = page.getByRole('listbox', { name: 'Country' }).getByRole('option');
  await expect(options.first()).toBeVisible();
  // The second most common country: a real narrowing, not (nearly) everyone.
  const option = options.nth(1);
  const country = ((await option.textContent()) ?? '').replace(/[\d,.\s]+$/, '').trim();
  await option.click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Filter by country (1 selected)' })).toBeVisible();
  await expect.poll(() => shownCount(page)).toBeLessThan(300);
  const remove = page.getByRole('button', { name: new RegExp(`^Remove filter Country: .*${country.replace(/[^\p{L} ]/gu, '').trim()}`, 'u') });
  await expect(remove).toBeVisible();
  await remove.click();
  await expect(page.getByTestId('contact-count')).toHaveText('300 contacts');
});
