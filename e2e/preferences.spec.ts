import { detail, expect, openApp, openRow, test } from './fixtures';

test("a contact's preferences are shown and edited in Details: yes/no as a switch, numbers checked, text in place", async ({ page }) => {
  test.slow();
  await openApp(page);
  await openRow(page, 48);
  const section = detail(page).getByRole('region', { name: 'Preferences' });
  await section.scrollIntoViewIfNeeded();
  const suffix = String(Date.now() % 100000);

  // A yes/no preference: added, then switched off.
  await section.getByRole('button', { name: 'Add preference' }).click();
  let form = page.getByRole('dialog');
  await form.getByLabel('Name', { exact: true }).fill(`VIP ${suffix}`);
  await form.getByRole('radiogroup', { name: 'Kind of preference' }).getByText('Yes/no', { exact: true }).click();
  await form.getByRole('button', { name: 'Add' }).click();
  const vip = section.getByRole('switch', { name: `Vip ${suffix}` });
  await expect(vip).toBeChecked();
  await vip.click({ force: true });
  await expect(vip).not.toBeChecked();

  // A number: text that is not one is refused in the form, a number is kept as one.
  await section.getByRole('button', { name: 'Add preference' }).click();
  form = page.getByRole('dialog');
  await form.getByLabel('Name', { exact: true }).fill(`Calls ${suffix}`);
  await form.getByRole('radiogroup', { name: 'Kind of preference' }).getByText('Number', { exact: true }).click();
  await form.getByLabel('Value', { exact: true }).fill('often');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.getByText('Enter a number')).toBeVisible();
  await form.getByLabel('Value', { exact: true }).fill('3');
  await form.getByRole('button', { name: 'Add' }).click();
  const calls = section.getByRole('group', { name: `Calls ${suffix}` });
  await expect(calls).toContainText('3');

  // Edited in place: a word is refused beside the field, a number saved.
  await calls.getByRole('button', { name: `Edit Calls ${suffix}` }).click();
  await calls.getByRole('textbox').fill('lots');
  await calls.getByRole('textbox').press('Enter');
  await expect(calls).toContainText('must be a number');
  await calls.getByRole('textbox').fill('5');
  await calls.getByRole('textbox').press('Enter');
  await expect(calls.getByRole('textbox')).toHaveCount(0);
  await expect(calls).toContainText('5');

  // A text preference, then removed by clearing it.
  await section.getByRole('button', { name: 'Add preference' }).click();
  form = page.getByRole('dialog');
  await form.getByLabel('Name', { exact: true }).fill(`Channel ${suffix}`);
  await form.getByLabel('Value', { exact: true }).fill('WhatsApp');
  await form.getByRole('button', { name: 'Add' }).click();
  const channel = section.getByRole('group', { name: `Channel ${suffix}` });
  await expect(channel).toContainText('WhatsApp');
  await channel.getByRole('button', { name: `Edit Channel ${suffix}` }).click();
  await channel.getByRole('textbox').fill('');
  await channel.getByRole('textbox').press('Enter');
  await expect(channel).toHaveCount(0);

  // It is a change like any other: on the timeline, with who made it.
  await detail(page).getByRole('tab', { name: 'Timeline' }).click();
  await expect(detail(page).getByRole('tabpanel', { name: 'Timeline' }).getByText(`vip ${suffix} preference`).first()).toBeVisible();
});
