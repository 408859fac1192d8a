/**
 * The contact list's view: the filter builder (conditions, AND/OR groups), columns (choose,
 * order, resize, sort on any), the search highlight, and the view remembered after a reload.
 * These tests change only the view (kept per browser context), never contacts.
 */
import type { Locator, Page } from '@playwright/test';
import { contactRows, expect, grid, openApp, shownCount, test } from './fixtures';

/** The texts of a column in the loaded rows (by its header's position). */
async function columnTexts(page: Page, label: string, rows = 15): Promise<string[]> {
  const headers = await grid(page).getByRole('columnheader').allTextContents();
  const index = headers.findIndex((h) => h.trim() === label);
  expect(index, `column ${label} is shown`).toBeGreaterThanOrEqual(0);
  const texts: string[] = [];
  const count = Math.min(rows, await contactRows(page).count());
  for (let i = 0; i < count; i++) texts.push(((await contactRows(page).nth(i).getByRole('gridcell').nth(index).textContent()) ?? '').trim());
  return texts;
}

function builder(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Filter conditions' });
}

async function pick(page: Page, input: Locator, option: string | RegExp): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option }).first().click();
}

test('the filter builder narrows the list with a condition and an OR group', async ({ page }) => {
  test.slow(); // many steps, each waiting for the list
  await openApp(page);
  const total = await shownCount(page);
  await page.getByRole('button', { name: 'Filter conditions' }).click();
  await expect(builder(page).getByText('No conditions yet')).toBeVisible();
  await builder(page).getByRole('button', { name: 'Add condition' }).click();

  // Country is any of Germany.
  await pick(page, builder(page).getByRole('textbox', { name: 'Field of condition 1' }), 'Country');
  await expect(builder(page).getByRole('textbox', { name: 'Operator of condition 1' })).toHaveValue('is any of');
  await pick(page, builder(page).getByRole('textbox', { name: 'Value of condition 1' }), /Germany/);
  await expect.poll(() => shownCount(page)).toBeLessThan(total);
  const germany = await shownCount(page);
  await builder(page).getByText('Show contacts that match').click();
  await expect.poll(async () => (await columnTexts(page, 'Country')).every((c) => c.endsWith('Germany'))).toBe(true);

  // …and (source is WhatsApp or source is Web).
  await builder(page).getByRole('button', { name: 'Add group' }).click();
  await pick(page, builder(page).getByRole('textbox', { name: 'Field of condition 2.1' }), 'Source');
  await pick(page, builder(page).getByRole('textbox', { name: 'Value of condition 2.1' }), 'WhatsApp');
  await builder(page).getByText('Show contacts that match').click();
  await expect.poll(() => shownCount(page)).toBeLessThan(germany);
  const whatsapp = await shownCount(page);
  await builder(page).getByRole('button', { name: 'Add condition to group 2' }).click();
  await pick(page, builder(page).getByRole('textbox', { name: 'Field of condition 2.2' }), 'Source');
  await pick(page, builder(page).getByRole('textbox', { name: 'Value of condition 2.2' }), 'Web');
  await builder(page).getByText('Show contacts that match').click();
  await expect.poll(() => shownCount(page)).toBeGreaterThan(whatsapp);
  const either = await shownCount(page);
  expect(either).toBeLessThanOrEqual(germany);
  await expect.poll(async () => (await columnTexts(page, 'Source')).every((s) => s === 'WhatsApp' || s === 'Web')).toBe(true);

  // The group's own AND: nobody's source is both.
  await builder(page).getByRole('textbox', { name: 'Match all or any in group 2' }).click();
  await page.getByRole('option', { name: 'all', exact: true }).click();
  await expect.poll(() => shownCount(page)).toBe(0);
  await expect(page.getByText('No contacts match these filters')).toBeVisible();

  // Removing the group gives the Germany count back; the chips say what is active.
  await builder(page).getByRole('button', { name: 'Remove group 2' }).click();
  await expect.poll(() => shownCount(page)).toBe(germany);
  await page.keyboard.press('Escape');
  await expect(page.getByText('Country is any of Germany')).toBeVisible();
  await page.getByRole('button', { name: 'Remove condition: Country is any of Germany' }).click();
  await expect.poll(() => shownCount(page)).toBe(total);
});

test('a condition without a value waits; a text condition matches case-insensitively', async ({ page }) => {
  await openApp(page);
  const total = await shownCount(page);
  await page.getByRole('button', { name: 'Filter conditions' }).click();
  await builder(page).getByRole('button', { name: 'Add condition' }).click();
  await expect(builder(page).getByText('Not applied until it has a value')).toBeVisible();
  expect(await shownCount(page)).toBe(total);
  await pick(page, builder(page).getByRole('textbox', { name: 'Field of condition 1' }), 'Email');
  await builder(page).getByRole('textbox', { name: 'Value of condition 1' }).fill('GMAIL.COM');
  await expect.poll(() => shownCount(page)).toBeLessThan(total);
  await page.keyboard.press('Escape');
  await expect.poll(async () => {
    const emails = await columnTexts(page, 'Email');
    return emails.length > 0 && emails.every((e) => e.toLowerCase().includes('gmail.com'));
  }).toBe(true);
});

test('columns can be added, moved, resized and sorted on, and the view is remembered', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Choose columns' }).click();
  await page.getByRole('checkbox', { name: 'Show Conversations' }).click();
  await page.getByRole('checkbox', { name: 'Show City' }).click(); // shown by default: this hides it
  await page.getByRole('button', { name: 'Move Conversations left' }).click();
  await page.keyboard.press('Escape');
  const headers = () => grid(page).getByRole('columnheader').allTextContents();
  await expect.poll(headers).toContain('Conversations');
  expect(await headers()).not.toContain('City');
  const order = (await headers()).map((h) => h.trim());
  expect(order.indexOf('Conversations')).toBe(order.indexOf('Phone') - 1);

  // Sort on a column without an index: the counts come biggest first.
  const conversations = grid(page).getByRole('columnheader', { name: 'Conversations' });
  await conversations.getByRole('button').click();
  await expect(conversations).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await columnTexts(page, 'Conversations', 10)).map((t) => Number(t.replace(/\D/g, '')))).toEqual(
    expect.arrayContaining([expect.any(Number)]),
  );
  const counts = (await columnTexts(page, 'Conversations', 20)).map((t) => Number(t.replace(/\D/g, '')));
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(counts[0]).toBeGreaterThan(counts[counts.length - 1] ?? 0);

  // Resize the Email column from the keyboard.
  const resize = page.getByRole('separator', { name: 'Resize Email column' });
  const before = Number(await resize.getAttribute('aria-valuenow'));
  await resize.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(resize).toHaveAttribute('aria-valuenow', String(before + 32));
  const emailHeader = grid(page).getByRole('columnheader', { name: 'Email' });
  expect(Math.round((await emailHeader.boundingBox())?.width ?? 0)).toBe(before + 32);

  // All of it is still there after a reload.
  await page.reload();
  await expect(contactRows(page).first()).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'Conversations' })).toHaveAttribute('aria-sort', 'descending');
  expect(await headers()).not.toContain('City');
  await expect(page.getByRole('separator', { name: 'Resize Email column' })).toHaveAttribute('aria-valuenow', String(before + 32));

  await page.getByRole('button', { name: 'Choose columns' }).click();
  await page.getByRole('button', { name: 'Reset columns' }).click();
  await expect.poll(headers).toContain('City');
});

test('search marks where each row matched', async ({ page }) => {
  await openApp(page);
  // A name that is on the list: the first word of a real contact's name.
  const names = await contactRows(page).locator('[role="gridcell"]:nth-child(2) [dir="auto"]').allTextContents();
  const word = names.map((n) => n.trim().split(/\s+/)[0] ?? '').find((w) => /^[A-Za-z]{4,}$/.test(w)) ?? 'Anna';
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(word.slice(0, 3).toLowerCase());
  await expect(page.getByText('Search results, newest first')).toBeVisible();
  const marks = grid(page).locator('mark');
  await expect(marks.first()).toBeVisible();
  const marked = await marks.allTextContents();
  expect(marked.every((m) => m.toLowerCase() === word.slice(0, 3).toLowerCase())).toBe(true);
});
