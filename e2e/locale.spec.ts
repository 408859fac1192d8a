/**
 * Dates, times and numbers follow the person's own locale and time zone (the system's, which
 * Playwright sets per test here): one place formats them (renderer/src/lib/format.ts).
 */
import { detail, expect, openApp, openRow, test } from './fixtures';

test.use({ locale: 'de-DE', timezoneId: 'Asia/Tokyo' });

test('a time shows in the chosen time zone and a number in the chosen locale’s grouping', async ({ page }) => {
  test.slow();
  await openApp(page);
  await openRow(page, 52);

  // A number: German grouping and decimal comma.
  const section = detail(page).getByRole('region', { name: 'Preferences' });
  await section.getByRole('button', { name: 'Add preference' }).click();
  const form = page.getByRole('dialog');
  const name = `Budget ${Date.now() % 100000}`;
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByRole('radiogroup', { name: 'Kind of preference' }).getByText('Number', { exact: true }).click();
  await form.getByLabel('Value', { exact: true }).fill('1234567,5');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(section.getByRole('group', { name })).toContainText('1.234.567,5');

  // A time: the timeline's clock times are Tokyo's, written the German way.
  await detail(page).getByRole('tab', { name: 'Timeline' }).click();
  const row = detail(page).getByRole('tabpanel', { name: 'Timeline' }).locator('li[data-at]').last();
  await expect(row).toBeVisible();
  const at = (await row.getAttribute('data-at')) ?? '';
  const expected = new Intl.DateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date(at));
  const utc = new Intl.DateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'UTC' }).format(new Date(at));
  expect(expected).not.toBe(utc);
  await expect(row.locator(`time[datetime="${at}"]`).first()).toHaveText(expected);
  // Day headings are German too ("Heute", "Montag, 3. März").
  await expect(detail(page).getByRole('tabpanel', { name: 'Timeline' }).locator('section').first()).toHaveAttribute(
    'aria-label',
    /^(Heute|Gestern|(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. \p{L}+( \d{4})?)$/u,
  );
});
