import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { AppEvent, FollowUp, MethodInput } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { useReloadOn } from '../../api/useAppEvent';
import { useResource, type Resource } from '../../api/useResource';

export type FollowUpScope = { contactId: string } | { assignee: 'me' | 'anyone' };

/** Follow-ups change with local edits (followUps.changed) and with what a sync brings (contacts.changed). */
const FOLLOW_UPS_MAY_HAVE_CHANGED = (event: AppEvent) =>
  event.type === 'followUps.changed' || event.type === 'contacts.changed' || event.type === 'workspace.changed';

export interface FollowUpActions {
  create(input: MethodInput<'followUps.create'>): Promise<FollowUp>;
  /** Resolves false when it failed (the person was told why). */
  update(input: MethodInput<'followUps.update'>, failure: string): Promise<boolean>;
  remove(followUp: FollowUp): Promise<void>;
}

/** The follow-ups of one contact (open first, then done) or the open ones of me or everyone. */
export function useFollowUps(scope: FollowUpScope): Resource<FollowUp[]> & FollowUpActions {
  const key = 'contactId' in scope ? `follow-ups:contact:${scope.contactId}` : `follow-ups:${scope.assignee}`;
  const input: MethodInput<'followUps.list'> =
    'contactId' in scope ? { contactId: scope.contactId, includeDone: true, limit: 200 } : { assignee: scope.assignee, limit: 500 };
  const list = useResource(key, () => api.call('followUps.list', input));
  useReloadOn(list.reload, FOLLOW_UPS_MAY_HAVE_CHANGED, 150);
  const { reload } = list;

  const create = useCallback(async (values: MethodInput<'followUps.create'>) => {
    const created = await api.call('followUps.create', values);
    reload();
    return created;
  }, [reload]);

  const update = useCallback(
    async (values: MethodInput<'followUps.update'>, failure: string) => {
      try {
        await api.call('followUps.update', values);
        reload();
        return true;
      } catch (error) {
        notifications.show({ color: 'red', title: failure, message: error instanceof ApiError || error instanceof Error ? error.message : String(error) });
        return false;
      }
    },
    [reload],
  );

  const remove = useCallback(
    async (followUp: FollowUp) => {
      try {
        await api.call('followUps.delete', { id: followUp.id });
        reload();
        notifications.show({ title: 'Follow-up deleted', message: `“${followUp.title.slice(0, 80)}”` });
      } catch (error) {
        notifications.show({ color: 'red', title: 'The follow-up could not be deleted', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [reload],
  );
  return { ...list, create, update, remove };
}

/** Sorts open follow-ups into the person's overdue, today and upcoming (in their own time zone). */
export function groupByDue(followUps: FollowUp[], now = new Date()): { overdue: FollowUp[]; today: FollowUp[]; upcoming: FollowUp[] } {
  const endOfToday = new Date(now);
  endOfToday.setHours(23, 59, 59, 999);
  const groups = { overdue: [] as FollowUp[], today: [] as FollowUp[], upcoming: [] as FollowUp[] };
  for (const f of followUps) {
    if (f.doneAt) continue;
    const due = Date.parse(f.dueAt);
    if (due < now.getTime()) groups.overdue.push(f);
    else if (due <= endOfToday.getTime()) groups.today.push(f);
    else groups.upcoming.push(f);
  }
  return groups;
}

/** The snooze choices: in an hour, tomorrow at 9:00, next Monday at 9:00 (local time). */
export function snoozeChoices(now = new Date()): { label: string; at: Date }[] {
  const inAnHour = new Date(now.getTime() + 60 * 60 * 1000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now);
  monday.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  monday.setHours(9, 0, 0, 0);
  return [
    { label: 'In 1 hour', at: inAnHour },
    { label: 'Tomorrow at 9:00', at: tomorrow },
    { label: 'Next Monday at 9:00', at: monday },
  ];
}

/** "2027-03-01T09:30" for a datetime-local input, in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
