import { useCallback, useEffect, useRef } from 'react';
import type { TimelineItem, TimelineKind } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { concernsContact, useAppEvent } from '../../../api/useAppEvent';
import { usePagedFeed, type PagedFeed } from '../../../lib/usePagedFeed';
import { useUi } from '../../../state/ui';

export type Timeline = PagedFeed<TimelineItem>;

/**
 * A contact's timeline, newest first, a page at a time (`loadMore` near the bottom), or from
 * a date on (`before`: a jump to a date). A change to the contact or its notes reloads the
 * pages already shown, so nothing jumps away.
 */
export function useTimeline(contactId: string, kinds: TimelineKind[] | undefined, before?: string | null): Timeline {
  const kindsKey = kinds?.join(',') ?? '';
  const fetchPage = useCallback(
    (cursor: string | null, limit: number) =>
      api.call('timeline.page', { contactId, kinds: kindsKey ? (kindsKey.split(',') as TimelineKind[]) : undefined, cursor, limit, before: before ?? undefined }),
    [contactId, kindsKey, before],
  );
  const timeline = usePagedFeed(`${contactId}|${kindsKey}|${before ?? ''}`, fetchPage);
  const { reload } = timeline;

  const revision = useUi((s) => s.timelineRevision);
  const firstRevision = useRef(revision);
  useEffect(() => {
    if (revision !== firstRevision.current) reload();
  }, [revision, reload]);
  useAppEvent((event) => {
    if ((event.type === 'notes.changed' && event.contactId === contactId) || concernsContact(event, contactId)) reload();
  });
  return timeline;
}
