/**
 * Shared helpers for the UI tests. Every test fails if the page opens a dialog (an injected
 * alert), throws, or logs an error, so hostile data and regressions show up anywhere.
 */
import { expect, test as base, type Locator, type Page } from '@playwright/test';

export { expect };

export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('dialog', (dialog) => {
        problems.push(`dialog opened: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      await use();
      expect(problems, 'the page reported problems').toEqual([]);
    },
    { auto: true },
  ],
});

export function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Contacts' });
}

/** The loaded contact rows (not the header, not placeholders). */
export function contactRows(page: Page): Locator {
  return grid(page).locator('[role="row"][data-contact-id]');
}

export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(contactRows(page).first()).toBeVisible();
}

/** The shown count, e.g. 300 for "300 contacts". */
/**
 * The shown count, e.g. 300 for "300 contacts", once the list has counted its current query
 * (the count follows a short pause after a change; meanwhile a "Counting" spinner shows).
 */
export async function shownCount(page: Page): Promise<number> {
  await expect(page.getByLabel('Counting')).toHaveCount(0);
  await expect(page.getByTestId('contact-count')).not.toHaveText('');
  const text = (await page.getByTestId('contact-count').textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

export function detail(page: Page): Locator {
  return page.getByRole('region', { name: 'Contact details' });
}

/** Opens the nth loaded row; returns the contact's id and name as the list shows them. */
export async function openContact(page: Page, index: number): Promise<{ id: string; name: string }> {
  const row = contactRows(page).nth(index);
  const id = (await row.getAttribute('data-contact-id')) ?? '';
  const name = ((await row.locator('[role="gridcell"]:nth-child(2) [dir="auto"]').textContent()) ?? '').trim();
  await row.click();
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${encodeURIComponent(id)}$`));
  return { id, name };
}

/** A field of the Details tab (its label, value, input and error), by its label. */
export function field(page: Page, label: string): Locator {
  return detail(page).getByRole('group', { name: label, exact: true });
}

/** Edits a field of the Details tab in place (pencil, type, Enter) and waits until it shows the value. */
export async function editField(page: Page, label: string, value: string): Promise<void> {
  const row = field(page, label);
  await row.getByRole('button', { name: `Edit ${label}` }).click();
  await row.getByRole('textbox', { name: label }).fill(value);
  await row.getByRole('textbox', { name: label }).press('Enter');
  await expect(row.getByRole('textbox')).toHaveCount(0);
  await expect(row).toContainText(value);
}

/** The header's sync status (a button that opens the details). */
export function syncStatus(page: Page): Locator {
  return page.getByRole('banner').getByRole('button', { name: /Sync details$/ });
}

/** Opens the sync details popover (if closed) and returns it. */
export async function openSyncDetails(page: Page): Promise<Locator> {
  const details = page.getByRole('dialog', { name: 'Sync details' });
  // The pill's state, not the dialog's visibility: a closing popover stays visible while it fades.
  if ((await syncStatus(page).getAttribute('aria-expanded')) !== 'true') await syncStatus(page).click();
  await expect(details).toBeVisible();
  return details;
}

/** A value in the sync details or on the Sync page: the definition after the term ("Pending changes"). */
export function syncFact(scope: Locator, label: string): Locator {
  return scope.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

/** When the last sync finished, as the details show it (the ISO time). */
export async function lastSyncAt(page: Page): Promise<string | null> {
  const details = await openSyncDetails(page);
  return syncFact(details, 'Last sync').locator('time').getAttribute('datetime');
}

/** Opens the contact in list row `index` (0-based), scrolling the virtual list down to it. */
export async function openRow(page: Page, index: number): Promise<{ id: string; name: string }> {
  const row = contactRows(page).and(page.locator(`[aria-rowindex="${index + 2}"]`));
  await grid(page).hover();
  for (let i = 0; i < 20 && (await row.count()) === 0; i++) await page.mouse.wheel(0, 300);
  await row.scrollIntoViewIfNeeded();
  const id = (await row.getAttribute('data-contact-id')) ?? '';
  const name = ((await row.locator('[role="gridcell"]:nth-child(2) [dir="auto"]').textContent()) ?? '').trim();
  await row.click();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${encodeURIComponent(id)}$`));
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();
  return { id, name };
}

/** Calls a method of the host's API from the page (as the renderer does), for what the UI has no control for or to check a figure. */
export async function callApi<T = unknown>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, input }) => {
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = reject;
      });
      const answer = await new Promise<{ envelope: { ok: boolean; value?: unknown; error?: { message: string } } }>((resolve) => {
        socket.onmessage = (message) => {
          const data = JSON.parse(String(message.data)) as { id?: number; envelope?: unknown };
          if (data.id === 1) resolve(data as never);
        };
        socket.send(JSON.stringify({ id: 1, method, input }));
      });
      socket.close();
      if (!answer.envelope.ok) throw new Error(answer.envelope.error?.message ?? `${method} failed`);
      return answer.envelope.value;
    },
    { method, input },
  ) as Promise<T>;
}

/** Creates a contact of this test's own through the host's API (the app has no "new contact" form): no other test uses it. */
export async function createOwnContact(page: Page, fields: Record<string, string>): Promise<string> {
  const created = await callApi<{ id: string }>(page, 'contacts.create', { fields });
  return created.id;
}
