import { detail, expect, openApp, openContact, test } from './fixtures';

test('a note is written in Markdown with a preview, rendered safely, pinned, and deleted with undo', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:') outside.push(request.url());
  });
  await openApp(page);
  await openContact(page, 14);
  await detail(page).getByRole('tab', { name: 'Notes' }).click();
  const marker = `Renewal ${Date.now() % 100000}`;
  const body = [
    `**${marker}** is due, see [the plan](https://example.com/plan).`,
    '',
    '- asked for *annual* billing',
    '- [click me](javascript:alert(1))',
    '',
    '<img src=x onerror="alert(1)"><b>raw html</b>',
    '![tracker](https://tracker.example/pixel.png)',
  ].join('\n');
  const composer = detail(page).getByRole('textbox', { name: 'New note' });
  await composer.fill(body);
  const mode = detail(page).getByRole('radiogroup', { name: 'New note: write or preview' });
  await mode.getByText('Preview', { exact: true }).click();
  const preview = detail(page).getByRole('region', { name: 'New note preview' });
  await expect(preview.locator('strong')).toHaveText(marker);
  await mode.getByText('Write', { exact: true }).click();
  await detail(page).getByRole('button', { name: 'Add note' }).click();

  const panel = detail(page).getByRole('tabpanel', { name: 'Notes' });
  const note = panel.getByRole('listitem').filter({ hasText: marker });
  await expect(note.locator('strong')).toHaveText(marker);
  await expect(note.locator('em')).toHaveText('annual');
  await expect(note.getByRole('link', { name: 'the plan' })).toHaveAttribute('href', 'https://example.com/plan');
  await expect(note.getByRole('link', { name: 'the plan' })).toHaveAttribute('target', '_blank');
  // The script link is plain text; raw HTML and images are not rendered at all.
  await expect(note.getByRole('link', { name: 'click me' })).toHaveCount(0);
  await expect(note.getByText('click me')).toBeVisible();
  await expect(note.locator('img, b')).toHaveCount(0);
  await expect(note).toContainText('tracker');
  expect(outside).toEqual([]);

  await note.getByRole('button', { name: 'Note actions' }).click();
  await page.getByRole('menuitem', { name: 'Pin to top' }).click();
  await expect(note).toContainText('Pinned');

  await note.getByRole('button', { name: 'Note actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: marker })).toHaveCount(0);
  const notice = page.getByRole('alert').filter({ hasText: 'Note deleted' });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: marker })).toContainText('Pinned');
});
