/**
 * The Analytics page (issue 7): its figures against the core's own counts, the range and the
 * segment narrowing them, a bar and a health card opening the contacts behind them (the
 * list's count equal to the figure), the chip that removes the drill-down, CSV and PNG
 * downloads, and a refresh when a contact is created. A host of its own: the figures count
 * every contact, and the shared host's change under the other tests.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { callApi, createOwnContact, expect, shownCount, test } from './fixtures';
import { startHost, type Running } from './sync-helpers';

// One host, one worker: the tests share its figures (and start it once).
test.describe.configure({ mode: 'default' });

let host: Running;
test.beforeAll(async () => {
  host = await startHost({ seed: 300 });
});
test.afterAll(async () => {
  await host.stop();
});

async function openAnalytics(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Analytics/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
}

/** Waits until every figure on the page is this view's (an older one is dimmed, `data-stale`, until the new one arrives). */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('[data-stale]')).toHaveCount(0);
  await expect(page.getByLabel(/^Loading /)).toHaveCount(0);
}

async function chooseRange(page: Page, label: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Date range' }).click();
  await page.getByRole('option', { name: label }).click();
  await settled(page);
}

/** A KPI card's number. */
async function kpi(page: Page, label: string): Promise<number> {
  const value = page.getByRole('group', { name: label }).getByTestId(`kpi-${label}`);
  await expect(value).toHaveText(/\d/);
  return Number(((await value.textContent()) ?? '').replace(/[^\d]/g, ''));
}

function chart(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title, exact: true });
}

async function count(page: Page, filter: Record<string, unknown>): Promise<number> {
  return (await callApi<{ count: number }>(page, 'contacts.count', { filter })).count;
}

test('the figures match the core, and the range and a segment narrow them', async ({ page }) => {
  await openAnalytics(page);
  await expect(page.getByTestId('analytics-time-zone')).toContainText(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
  await chooseRange(page, 'All time');
  const total = await count(page, {});
  await expect.poll(() => kpi(page, 'Total contacts')).toBe(total);
  // All time: every contact is new in the range.
  await expect.poll(() => kpi(page, 'New contacts')).toBe(total);

  await chooseRange(page, 'Last 7 days');
  await expect.poll(() => kpi(page, 'New contacts')).toBeLessThan(total);
  await expect.poll(() => kpi(page, 'Total contacts')).toBe(total);

  // A segment narrows even the total.
  const name = `Germany ${Date.now() % 100000}`;
  await callApi(page, 'segments.create', { name, kind: 'filter', filter: { countries: ['DE'] } });
  const germans = await count(page, { countries: ['DE'] });
  expect(germans).toBeGreaterThan(0);
  await page.getByRole('textbox', { name: 'Segment' }).click();
  await page.getByRole('option', { name }).click();
  await settled(page);
  await expect.poll(() => kpi(page, 'Total contacts')).toBe(germans);

  // A return shows the same view.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Contacts/ }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Analytics/ }).click();
  await expect(page.getByRole('textbox', { name: 'Segment' })).toHaveValue(name);
  await expect(page.getByRole('textbox', { name: 'Date range' })).toHaveValue('Last 7 days');
});

test('before anything is chosen, the first two chartable custom fields are charted; the choice is then remembered', async ({ page }) => {
  await openAnalytics(page);
  const fields = page.getByRole('textbox', { name: 'Custom fields to chart' });
  await fields.scrollIntoViewIfNeeded();
  const defined = await callApi<{ label: string; type: string; archived: boolean }[]>(page, 'fields.list', {});
  const firstTwo = defined.filter((f) => !f.archived && ['select', 'multi_select', 'boolean'].includes(f.type)).slice(0, 2);
  expect(firstTwo).toHaveLength(2);
  for (const field of firstTwo) await expect(chart(page, field.label)).toBeVisible();
  // Cleared on purpose stays cleared.
  await page.evaluate(() => {
    const stored = JSON.parse(localStorage.getItem('nexvio.analyticsView') ?? '{}') as { state?: Record<string, unknown> };
    localStorage.setItem('nexvio.analyticsView', JSON.stringify({ ...stored, state: { ...stored.state, fields: [] } }));
  });
  await page.reload();
  await page.getByRole('textbox', { name: 'Custom fields to chart' }).scrollIntoViewIfNeeded();
  await expect(page.getByText('Choose fields above to see how contacts fill them.')).toBeVisible();
});

test('a country bar opens its contacts in the list, and the chip takes the drill-down away', async ({ page }) => {
  await openAnalytics(page);
  await chooseRange(page, 'All time');
  const bar = chart(page, 'Country').getByRole('button', { name: /Open these contacts/ }).first();
  const label = (await bar.getAttribute('aria-label')) ?? '';
  const value = Number(/: ([\d,.\s]+) contacts/.exec(label)?.[1]?.replace(/[^\d]/g, '') ?? NaN);
  expect(value).toBeGreaterThan(0);
  await bar.click();

  const chip = page.getByTestId('drill-chip');
  await expect(chip).toContainText('From Analytics:');
  await expect.poll(() => shownCount(page)).toBe(value);

  await chip.getByRole('button', { name: /Remove the Analytics filter/ }).click();
  await expect(chip).toHaveCount(0);
  await expect.poll(() => shownCount(page)).toBe(await count(page, {}));
});

test('a data-health card opens the contacts it counts, and bars open by keyboard', async ({ page }) => {
  await openAnalytics(page);
  await settled(page);
  const health = page.getByRole('button', { name: /^Missing email: [\d,]+\. Open these contacts/ });
  const missing = Number(/: ([\d,]+)\./.exec((await health.getAttribute('aria-label')) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
  await health.click();
  await expect(page.getByTestId('drill-chip')).toBeVisible();
  await expect.poll(() => shownCount(page)).toBe(missing);

  await page.getByRole('button', { name: 'Back to Analytics' }).click();
  await settled(page);
  const source = chart(page, 'Source channel').getByRole('button', { name: /Open these contacts/ }).first();
  const value = Number(/: ([\d,]+) contacts/.exec((await source.getAttribute('aria-label')) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
  await source.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('drill-chip')).toBeVisible();
  await expect.poll(() => shownCount(page)).toBe(value);

  // A day of the New contacts chart: arrow keys pick it (and say what it holds), Enter opens it.
  await page.getByRole('button', { name: 'Back to Analytics' }).click();
  await settled(page);
  const days = page.getByRole('group', { name: /^New contacts\. Arrow keys/ });
  await days.focus();
  await page.keyboard.press('End');
  const said = days.locator('[aria-live]');
  let created = 0;
  for (let i = 0; i < 30 && created === 0; i++) {
    if (i > 0) await page.keyboard.press('ArrowLeft');
    await expect(said).toHaveText(/new contacts$/);
    created = Number(/: ([\d,]+) new contacts$/.exec((await said.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0);
  }
  expect(created).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('drill-chip')).toContainText('Created');
  await expect.poll(() => shownCount(page)).toBe(created);
});

test('a chart downloads as CSV and as PNG', async ({ page }) => {
  await openAnalytics(page);
  await chooseRange(page, 'All time');
  await expect(chart(page, 'Source channel').getByRole('button', { name: /Open these contacts/ }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Chart options: Source channel' }).click();
  await page.getByRole('menuitem', { name: 'Download CSV' }).click();
  const csvDialog = page.getByRole('dialog', { name: 'Data saved' });
  const csvPath = await csvDialog.getByRole('textbox', { name: 'File' }).inputValue();
  expect(csvPath).toMatch(/\.csv$/);
  expect(readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Value,Label,Contacts,Share');
  await csvDialog.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('button', { name: 'Chart options: Source channel' }).click();
  await page.getByRole('menuitem', { name: 'Download PNG' }).click();
  const pngDialog = page.getByRole('dialog', { name: 'Picture saved' });
  const pngPath = await pngDialog.getByRole('textbox', { name: 'File' }).inputValue();
  expect(pngPath).toMatch(/\.png$/);
  const png = readFileSync(pngPath);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // Drawn at twice the size: wider than the card on screen.
  expect(png.readUInt32BE(16)).toBeGreaterThan(800);
});

test('the page refreshes when a contact is created', async ({ page }) => {
  await openAnalytics(page);
  await chooseRange(page, 'Last 7 days');
  const before = await kpi(page, 'New contacts');
  const total = await kpi(page, 'Total contacts');
  await createOwnContact(page, { firstName: 'Analytics', lastName: `Refresh ${Date.now() % 100000}`, email: `refresh${Date.now() % 100000}@example.com` });
  await expect.poll(() => kpi(page, 'Total contacts')).toBe(total + 1);
  await expect.poll(() => kpi(page, 'New contacts')).toBe(before + 1);
});
