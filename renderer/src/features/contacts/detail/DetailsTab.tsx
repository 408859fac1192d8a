import { Divider, Stack } from '@mantine/core';
import type { ContactDetail } from '../../../../../preload/contract';
import { ConsentSection } from './ConsentSection';
import { CustomFieldsSection } from './CustomFieldsSection';
import { FieldsSection } from './FieldsSection';
import { PreferencesSection } from './PreferencesSection';
import { TagsSection } from './TagsSection';
import { FollowUpsSection } from '../../follow-ups/FollowUpsSection';
import type { ContactActions } from './useContact';

export function DetailsTab({ contact, actions }: { contact: ContactDetail; actions: ContactActions }) {
  return (
    <Stack gap="lg">
      <FollowUpsSection contactId={contact.id} />
      <Divider />
      <FieldsSection contact={contact} update={actions.update} />
      <Divider />
      <TagsSection tags={contact.tags} addTag={actions.addTag} removeTag={actions.removeTag} />
      <Divider />
      <CustomFieldsSection values={contact.customFields} update={actions.update} />
      <Divider />
      <PreferencesSection preferences={contact.preferences} update={actions.update} />
      <Divider />
      <ConsentSection contact={contact} />
    </Stack>
  );
}
