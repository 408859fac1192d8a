import { contactRows, detail, expect, field, grid, openApp, openContact, test } from './fixtures';

const PAYLOAD = '<img src=x onerror="window.__pwned=1">';
const RTL = '\u202Eevil';

test('hostile text from contacts renders as text', async ({ page }) => {
  await openApp(page);
  const { id } = await openContact(page, 7);

  for (const [label, value] of [
    ['Full name', PAYLOAD],
    ['Last name', RTL],
  ] as const) {
    const row = field(page, label);
    await row.getByRole('button', { name: `Edit ${label}` }).click();
    await row.getByRole('textbox', { name: label }).fill(value);
    await row.getByRole('textbox', { name: label }).press('Enter');
    await expect(row.getByRole('textbox')).toHaveCount(0);
  }

  const heading = detail(page).getByRole('heading', { level: 2 });
  await expect(heading).toContainText(PAYLOAD);
  await page.reload();
  await expect(detail(page).getByRole('heading', { level: 2 })).toContainText(PAYLOAD);
  await expect(grid(page).locator(`[data-contact-id="${id}"]`)).toContainText(PAYLOAD);

  // Nothing was injected: no <img src=x> anywhere, the handler never ran.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(field(page, 'Last name')).toContainText(RTL);
  // The RTL override is isolated in its own element, so it cannot flip the page around it.
  const dir = await detail(page).getByRole('heading', { level: 2 }).getAttribute('dir');
  expect(dir).toBe('auto');
});

test('seeded hostile names are shown as text', async ({ page }) => {
  await openApp(page);
  // The generator seeds names with markup; search finds them by their words.
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('onerror');
  await expect(page.getByTestId('contact-count')).toHaveText(/match/);
  const rows = contactRows(page);
  if ((await rows.count()) > 0) {
    await expect(rows.first()).toContainText('<');
    await rows.first().click();
    await expect(detail(page).getByRole('heading', { level: 2 })).toContainText('<');
  }
  await expect(page.locator('main img, main script, main svg[onload], main iframe')).toHaveCount(0);
});
