import { contactRows, detail, expect, openApp, openContact, test } from './fixtures';
import type { Page } from '@playwright/test';

async function recordConsent(page: Page, purpose: string, status: 'Granted' | 'Denied' | 'Withdrawn', how: string, evidence: string): Promise<void> {
  await detail(page).getByRole('button', { name: 'Record consent' }).click();
  const form = page.getByRole('form', { name: 'Record consent' });
  await form.getByRole('textbox', { name: 'Purpose' }).click();
  await page.getByRole('option', { name: purpose, exact: true }).click();
  await form.getByText(status, { exact: true }).click();
  await form.getByRole('textbox', { name: 'How' }).fill(how);
  await form.getByRole('textbox', { name: 'Evidence' }).fill(evidence);
  await form.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(form).toHaveCount(0);
}

test('consent recorded on a contact shows at once, marks "no marketing", keeps its history and is audited', async ({ page }) => {
  // Two entries, the history and the audit log: a longer walk than most tests.
  test.slow();
  await openApp(page);
  const { id } = await openContact(page, 24);
  const evidence = `Asked to stop on the phone, ticket ${Date.now() % 1_000_000}`;
  await recordConsent(page, 'Marketing email', 'Granted', 'Web form', 'Ticked the newsletter box');
  await recordConsent(page, 'Marketing email', 'Withdrawn', 'Phone call', evidence);

  const consent = detail(page).getByRole('region', { name: 'Consent' });
  await expect(consent.getByRole('button', { name: /^Marketing email: Withdrawn/ })).toBeVisible();
  await expect(detail(page).getByText('No marketing', { exact: true })).toBeVisible();
  // The list marks the person too, beside the name.
  await expect(contactRows(page).and(page.locator(`[data-contact-id="${id}"]`)).getByRole('img', { name: 'No marketing' })).toBeVisible();

  // The history keeps both statements, newest first, with who recorded them.
  await consent.getByRole('button', { name: 'Consent history' }).click();
  const history = page.getByRole('dialog', { name: /^Consent history/ });
  const items = history.getByRole('listitem');
  await expect(history.getByText(evidence)).toBeVisible();
  await expect(history.getByText('Ticked the newsletter box')).toBeVisible();
  await expect(items.first()).toContainText('Withdrawn');
  await expect(items.first()).toContainText('recorded by');
  await expect(items.first()).toContainText('Not synced yet');
  await page.keyboard.press('Escape');

  // The audit log has it, about this contact, without the evidence text.
  await page.goto(`/#/privacy/audit`);
  await expect(page.getByText('The audit log is intact')).toBeVisible();
  await page.getByRole('textbox', { name: 'Record id' }).fill(id);
  const table = page.getByRole('table', { name: 'Audit entries' });
  await expect(table.getByRole('row').filter({ hasText: 'Recorded consent' })).toHaveCount(2);
  await expect(table.getByRole('row').filter({ hasText: 'status: withdrawn' })).toContainText('purpose: marketing_email');
  await expect(table).not.toContainText(evidence);
});

test('refuses a consent entry without evidence, saying where', async ({ page }) => {
  await openApp(page);
  await openContact(page, 25);
  await detail(page).getByRole('button', { name: 'Record consent' }).click();
  const form = page.getByRole('form', { name: 'Record consent' });
  await form.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(form.getByText('Choose a purpose')).toBeVisible();
  await expect(form.getByText('Say what shows it (a quote, a ticket number…)')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);
});

test('the Privacy page explains each duty, and consent purposes are added and archived, never deleted', async ({ page }) => {
  await openApp(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Privacy/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy' })).toBeVisible();
  for (const duty of ['Consent', 'Data-access requests', 'Erasure', 'Retention', 'Audit log']) await expect(page.getByRole('region', { name: duty })).toBeVisible();
  await expect(page.getByText('Audit log intact')).toBeVisible();

  await page.getByRole('button', { name: 'Manage purposes' }).click();
  await expect(page).toHaveURL(/#\/privacy\/consent$/);
  const label = `Event invitations ${Date.now() % 100000}`;
  await page.getByRole('button', { name: 'Add purpose' }).click();
  const form = page.getByRole('form', { name: 'New consent purpose' });
  await form.getByRole('textbox', { name: 'Name' }).fill(label);
  await expect(form.getByRole('textbox', { name: 'Key' })).toHaveValue(/^event_invitations_\d+$/);
  await form.getByRole('switch', { name: 'Marketing' }).check();
  await form.getByRole('button', { name: 'Add purpose' }).click();
  await expect(form).toHaveCount(0);
  const table = page.getByRole('table', { name: 'Consent purposes' });
  const row = table.getByRole('row').filter({ hasText: label });
  await expect(row).toContainText('Marketing');
  await expect(row).toContainText('Active');

  await row.getByRole('button', { name: `More for ${label}` }).click();
  await page.getByRole('menuitem', { name: 'Archive' }).click();
  await expect(row).toContainText('Archived');
  // It survives a reload (saved in the workspace), still listed with its history.
  await page.reload();
  await expect(page.getByRole('table', { name: 'Consent purposes' }).getByRole('row').filter({ hasText: label })).toContainText('Archived');
});
