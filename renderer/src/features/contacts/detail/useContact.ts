import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { ContactDetail, EditableContactFields } from '../../../../../preload/contract';
import { api, ApiError } from '../../../api/client';
import { concernsContact, useAppEvent } from '../../../api/useAppEvent';
import { useResource, type Resource } from '../../../api/useResource';
import { useUi } from '../../../state/ui';

export interface ContactActions {
  /** Saves fields; resolves true, or throws the ApiError (the caller shows it at the field). */
  update(fields: EditableContactFields): Promise<void>;
  addTag(tag: string): Promise<void>;
  removeTag(tag: string): Promise<void>;
}

/** One contact's detail, refreshed when the core says it changed, with its mutations. */
export function useContact(id: string): Resource<ContactDetail> & ContactActions {
  const contact = useResource(`contact:${id}`, () => api.call('contacts.get', { id }));
  const bumpTimeline = useUi((s) => s.bumpTimeline);
  useAppEvent((event) => {
    // Its header shows the next follow-up.
    if (concernsContact(event, id) || (event.type === 'followUps.changed' && event.contactId === id)) contact.reload();
  });

  const { set } = contact;
  const update = useCallback(
    async (fields: EditableContactFields) => {
      set(await api.call('contacts.update', { id, fields }));
      bumpTimeline();
    },
    [id, set, bumpTimeline],
  );
  const tagAction = useCallback(
    async (method: 'contacts.addTag' | 'contacts.removeTag', tag: string) => {
      try {
        set(await api.call(method, { id, tag }));
        bumpTimeline();
      } catch (error) {
        notifications.show({
          color: 'red',
          title: method === 'contacts.addTag' ? 'The tag could not be added' : 'The tag could not be removed',
          message: error instanceof ApiError || error instanceof Error ? error.message : String(error),
        });
      }
    },
    [id, set, bumpTimeline],
  );
  const addTag = useCallback((tag: string) => tagAction('contacts.addTag', tag), [tagAction]);
  const removeTag = useCallback((tag: string) => tagAction('contacts.removeTag', tag), [tagAction]);
  return { ...contact, update, addTag, removeTag };
}
