import { detail, expect, openApp, openContact, test } from './fixtures';
import type { Page } from '@playwright/test';

/** "2027-03-01T09:30" in the page's local time, `minutes` from now. */
function localInput(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function addFollowUp(page: Page, title: string, due?: string): Promise<void> {
  await detail(page).getByRole('button', { name: 'Add follow-up' }).click();
  const form = detail(page).getByRole('form', { name: 'New follow-up' });
  await form.getByRole('textbox', { name: 'What to do' }).fill(title);
  if (due) await form.getByLabel('Due').fill(due);
  await form.getByRole('button', { name: 'Add follow-up' }).click();
  await expect(form).toHaveCount(0);
}

test('a follow-up added on a contact shows in its header and in My follow-ups, snoozes and is done', async ({ page }) => {
  await openApp(page);
  const { name } = await openContact(page, 9);
  const title = `Call back about the offer ${Date.now() % 100000}`;
  await addFollowUp(page, title);

  const own = detail(page).getByRole('list', { name: 'Follow-ups of this contact' });
  await expect(own.getByRole('listitem').filter({ hasText: title })).toContainText('Due');
  // The header says where to pick up.
  await expect(detail(page).getByRole('group', { name: 'Pick up where you left off' })).toContainText(title);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Follow-ups/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Follow-ups' })).toBeVisible();
  const upcoming = page.getByRole('list', { name: 'Upcoming follow-ups' });
  const item = upcoming.getByRole('listitem').filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item.getByRole('button', { name: `Open ${name}` })).toBeVisible();

  // By keyboard: a due-notice from another test may sit over the bottom of the page.
  await item.getByRole('button', { name: `More actions for ${title}` }).press('Enter');
  await page.getByRole('menuitem', { name: 'In 1 hour' }).press('Enter');
  // Snoozed to within the hour: due today (or tomorrow, just before midnight).
  const snoozed = page.getByTestId('follow-up').filter({ hasText: title });
  await expect(snoozed).toContainText(/Due in (1 hour|60 minutes|59 minutes)/);

  await snoozed.getByRole('checkbox', { name: `Mark done: ${title}` }).press('Space');
  await expect(page.getByRole('listitem').filter({ hasText: title })).toHaveCount(0);

  // On the contact it stays, done.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Contacts/ }).click();
  await expect(own.getByRole('checkbox', { name: `Reopen: ${title}` })).toBeChecked();
});

test('an overdue follow-up is marked overdue and tells the person when it falls due', async ({ page }) => {
  await openApp(page);
  await openContact(page, 10);
  const title = `Send the quote ${Date.now() % 100000}`;
  await addFollowUp(page, title, localInput(-5));
  await expect(detail(page).getByRole('group', { name: 'Pick up where you left off' })).toContainText('overdue');
  // It fell due while the app ran: a notice says so (checked every 15 s).
  await expect(page.getByRole('alert').filter({ hasText: 'Follow-up due' }).filter({ hasText: title })).toBeVisible({ timeout: 25_000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Follow-ups/ }).click();
  await expect(page.getByRole('list', { name: 'Overdue follow-ups' }).getByRole('listitem').filter({ hasText: title })).toContainText('Overdue');
});

test('a follow-up without a title shows why beside the field and adds nothing', async ({ page }) => {
  await openApp(page);
  await openContact(page, 11);
  const items = detail(page).getByTestId('follow-up');
  await expect(detail(page).getByRole('heading', { name: 'Follow-ups' })).toBeVisible();
  const before = await items.count();
  await detail(page).getByRole('button', { name: 'Add follow-up' }).click();
  const form = detail(page).getByRole('form', { name: 'New follow-up' });
  await form.getByRole('textbox', { name: 'What to do' }).fill('   ');
  await form.getByRole('button', { name: 'Add follow-up' }).click();
  await expect(form.getByText('Say what to do')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);
  expect(await items.count()).toBe(before);
});
