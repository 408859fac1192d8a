import { detail, expect, openApp, openRow, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';

function feed(page: Page): Locator {
  return page.getByRole('main');
}

async function openActivity(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Activity/ }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  await expect(feed(page).locator('li[data-at]').first()).toBeVisible();
}

/** The times of the items shown (each row carries its ISO time). */
async function shownTimes(scope: Locator): Promise<string[]> {
  return scope.locator('li[data-at]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-at') ?? ''));
}

/** The first instant after a local calendar day, in the page's time zone. */
async function endOfDay(page: Page, day: string): Promise<string> {
  return page.evaluate((d) => {
    const [y, m, n] = d.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, n + 1).toISOString();
  }, day);
}

/** The local calendar day of an instant, in the page's time zone ("2026-03-14"). */
async function localDay(page: Page, iso: string): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, iso);
}

async function jumpTo(page: Page, scope: Locator, day: string): Promise<void> {
  await scope.getByRole('button', { name: 'Jump to date' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Date').fill(day);
  await dialog.getByRole('button', { name: 'Go' }).click();
}

test('the Activity page shows what happened across contacts, filters by kind and agent, and opens the contact behind an item', async ({ page }) => {
  await openApp(page);
  const person = await openRow(page, 44);
  await detail(page).getByRole('tab', { name: 'Notes' }).click();
  const marker = `Activity check ${Date.now() % 1_000_000}`;
  await detail(page).getByRole('textbox', { name: 'New note' }).fill(marker);
  await detail(page).getByRole('button', { name: 'Add note' }).click();
  await expect(detail(page).getByRole('tabpanel', { name: 'Notes' }).getByText(marker)).toBeVisible();

  await openActivity(page);
  const mine = feed(page).getByRole('listitem').filter({ hasText: marker });
  await expect(mine).toBeVisible();
  await expect(mine).toContainText('added a note');
  // Newest first across every contact.
  const times = await shownTimes(feed(page));
  expect(times.length).toBeGreaterThan(10);
  expect(times).toEqual([...times].sort().reverse());

  const kinds = page.getByRole('radiogroup', { name: 'Kind of activity' });
  await kinds.getByText('Events', { exact: true }).click();
  await expect(mine).toHaveCount(0);
  await expect(feed(page).locator('li[data-at]').first()).toBeVisible();
  await expect(feed(page).getByText('added a note')).toHaveCount(0);
  await kinds.getByText('Notes', { exact: true }).click();
  await expect(mine).toBeVisible();

  // By agent: this agent wrote it; another did not.
  const agent = page.getByRole('textbox', { name: 'Agent' });
  await agent.click();
  await page.getByRole('option', { name: /\(you\)$/ }).click();
  await expect(page.getByText(/^What .+ did: their notes/)).toBeVisible();
  await expect(mine).toBeVisible();
  await agent.click();
  await page.getByRole('option').filter({ hasNotText: '(you)' }).first().click();
  await expect(mine).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(mine).toBeVisible();

  await mine.getByRole('button', { name: `Open ${person.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${encodeURIComponent(person.id)}$`));
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(person.name);
});

test('a date range bounds the Activity feed, and a jump to a date starts it there until "back to the newest"', async ({ page }) => {
  await openApp(page);
  await openActivity(page);
  const newest = (await shownTimes(feed(page)))[0]!;
  // A day well inside the seeded history: the day of the 25th item shown.
  const older = (await shownTimes(feed(page)))[24]!;
  const day = await localDay(page, older);
  const end = await endOfDay(page, day);

  await page.getByLabel('To', { exact: true }).fill(day);
  await expect.poll(async () => (await shownTimes(feed(page)))[0]! < end).toBe(true);
  expect((await shownTimes(feed(page))).every((t) => t < end)).toBe(true);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  // Other tests add activity meanwhile: the newest is at least as new as before.
  await expect.poll(async () => (await shownTimes(feed(page)))[0]! >= newest).toBe(true);

  await jumpTo(page, feed(page), day);
  await expect(page.getByRole('button', { name: /^Showing from .+; jump to another date$/ })).toBeVisible();
  await expect.poll(async () => (await shownTimes(feed(page)))[0]! < end).toBe(true);
  const jumped = await shownTimes(feed(page));
  expect(jumped.every((t) => t < end)).toBe(true);
  // It starts at the end of that day, not somewhere before it.
  expect(jumped).toContain(older);
  await page.getByRole('button', { name: 'Back to the newest' }).click();
  await expect(page.getByRole('button', { name: 'Jump to date' })).toBeVisible();
  await expect.poll(async () => (await shownTimes(feed(page)))[0]! >= newest).toBe(true);
});

test("a contact's timeline jumps to a date and goes back to the newest", async ({ page }) => {
  await openApp(page);
  await openRow(page, 46);
  await detail(page).getByRole('tab', { name: 'Timeline' }).click();
  const panel = detail(page).getByRole('tabpanel', { name: 'Timeline' });
  await expect(panel.locator('li[data-at]').first()).toBeVisible();
  const all = await shownTimes(panel);
  const oldest = all[all.length - 1]!;
  const day = await localDay(page, oldest);
  const end = await endOfDay(page, day);

  await jumpTo(page, panel, day);
  await expect(panel.getByRole('status')).toContainText('and earlier');
  await expect.poll(async () => (await shownTimes(panel)).every((t) => t < end)).toBe(true);
  await expect(panel.locator(`li[data-at="${oldest}"]`).first()).toBeVisible();

  await panel.getByRole('button', { name: 'Back to newest' }).click();
  await expect(panel.getByRole('status')).toHaveCount(0);
  await expect.poll(async () => (await shownTimes(panel))[0]).toBe(all[0]);
});

test('activity that arrives while the feed is read is offered, not pushed in', async ({ page, context }) => {
  await openApp(page);
  await openActivity(page);
  const marker = `Arrived ${Date.now() % 1_000_000}`;

  const other = await context.newPage();
  await openApp(other);
  await openRow(other, 54);
  await detail(other).getByRole('tab', { name: 'Notes' }).click();
  await detail(other).getByRole('textbox', { name: 'New note' }).fill(marker);
  await detail(other).getByRole('button', { name: 'Add note' }).click();
  await expect(detail(other).getByRole('tabpanel', { name: 'Notes' }).getByText(marker)).toBeVisible();
  await other.close();

  const offer = page.getByRole('button', { name: 'Show new activity' });
  await expect(offer).toBeVisible();
  await expect(feed(page).getByRole('listitem').filter({ hasText: marker })).toHaveCount(0);
  await offer.click();
  await expect(feed(page).getByRole('listitem').filter({ hasText: marker })).toBeVisible();
  await expect(offer).toHaveCount(0);
});

test('the command palette goes to the Activity page', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Control+P');
  await page.getByRole('textbox', { name: 'Command' }).fill('activity');
  await page.getByRole('button', { name: /^Activity/ }).last().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  await expect(page).toHaveURL(/#\/activity$/);
});
