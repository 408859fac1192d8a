/**
 * Retention rules on the Privacy page: add a rule, see its preview, turn it on, run it now,
 * see the summary. The run changes contacts, so it gets a seeded host of its own (the shared
 * one's contacts belong to other tests).
 */
import { expect, test } from './fixtures';
import { startHost, type Running } from './sync-helpers';

let host: Running;
test.beforeAll(async () => {
  host = await startHost({ seed: 300 });
});
test.afterAll(async () => {
  await host.stop();
});

test('a retention rule is previewed, turned on, run now, and its last run summarised', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Privacy/ }).click();
  await page.getByRole('tab', { name: 'Retention' }).click();
  await expect(page.getByRole('heading', { name: 'No retention rules yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run now' })).toBeDisabled();

  await page.getByRole('button', { name: 'Add your first rule' }).click();
  const dialog = page.getByRole('dialog', { name: 'New retention rule' });
  await expect(dialog.getByRole('radio', { name: 'Anonymise' })).toBeChecked();
  await dialog.getByRole('button', { name: '1 year' }).click();
  await expect(dialog.getByRole('textbox', { name: 'With no activity for' })).toHaveValue('365 days');
  await expect(dialog.getByText('Anonymise contacts with no activity for 365 days')).toBeVisible();
  await dialog.getByRole('button', { name: 'Preview' }).click();

  const preview = page.getByRole('dialog', { name: 'What this rule would do now' });
  const count = preview.getByTestId('retention-preview-count');
  await expect(count).toHaveText(/^[\d,]+ contacts? would be anonymised now$/);
  const matched = Number(((await count.textContent()) ?? '').replace(/[^\d]/g, ''));
  expect(matched).toBeGreaterThan(0);
  await expect(preview.getByRole('table', { name: 'Examples' }).getByRole('row')).not.toHaveCount(0);
  await preview.getByRole('button', { name: 'Turn rule on' }).click();
  await expect(preview).toHaveCount(0);

  const words = 'Anonymise contacts with no activity for 365 days';
  const rule = page.getByRole('listitem', { name: words });
  await expect(rule.getByRole('switch', { name: `On: ${words}` })).toBeChecked();
  await expect(rule.getByTestId('retention-last-run')).toHaveText(/Not run yet/);

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(rule.getByTestId('retention-last-run')).toHaveText(`Last run just now: ${matched.toLocaleString('en-US')} ${matched === 1 ? 'contact' : 'contacts'} anonymised`);
  await expect(page.getByText('Retention rules applied')).toBeVisible();

  // Turning it off is immediate; turning it on again goes through the preview (now nothing is left to anonymise).
  await rule.getByRole('switch', { name: `On: ${words}` }).click({ force: true });
  await expect(rule.getByRole('switch', { name: `On: ${words}` })).not.toBeChecked();
  await rule.getByRole('switch', { name: `On: ${words}` }).click({ force: true });
  await expect(page.getByRole('dialog', { name: 'What this rule would do now' }).getByTestId('retention-preview-count')).toHaveText('0 contacts would be anonymised now');
});
