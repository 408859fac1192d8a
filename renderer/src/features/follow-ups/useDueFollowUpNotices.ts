import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { FollowUp } from '../../../../preload/contract';
import { formatNumber } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useUi } from '../../state/ui';
import { groupByDue, useFollowUps } from './useFollowUps';

/** How many of my follow-ups are overdue or due today (the navigation's badge). */
export const useDueCount = create<{ count: number }>(() => ({ count: 0 }));

/**
 * Tells the person when one of their follow-ups falls due while the app runs: an in-app
 * notice (and a system notification where the person allowed them), each follow-up once per
 * due time (a snoozed one tells again). At start, the ones already overdue make one notice.
 */
export function useDueFollowUpNotices(): void {
  const mine = useFollowUps({ assignee: 'me' });
  const now = useNow(15_000);
  const openContact = useUi((s) => s.openContact);
  const setView = useUi((s) => s.setView);
  const lastCheck = useRef<number | null>(null);
  const told = useRef(new Set<string>());

  useEffect(() => {
    const items = mine.data;
    if (!items) return;
    const groups = groupByDue(items, new Date(now));
    useDueCount.setState({ count: groups.overdue.length + groups.today.length });
    const since = lastCheck.current;
    lastCheck.current = now;
    if (since === null) {
      for (const f of groups.overdue) told.current.add(noticeKey(f));
      if (groups.overdue.length > 0) {
        notifications.show({
          id: 'follow-ups-overdue',
          color: 'orange',
          title: groups.overdue.length === 1 ? '1 follow-up is overdue' : `${formatNumber(groups.overdue.length)} follow-ups are overdue`,
          message: 'Open Follow-ups to see them.',
          autoClose: 8000,
          onClick: () => setView('follow-ups'),
        });
      }
      return;
    }
    for (const f of items) {
      const due = Date.parse(f.dueAt);
      if (f.doneAt || due > now || told.current.has(noticeKey(f))) continue;
      told.current.add(noticeKey(f));
      const who = f.contactName ?? 'a contact';
      notifications.show({
        color: 'orange',
        title: 'Follow-up due',
        message: `${f.title.slice(0, 120)} — ${who.slice(0, 80)}`,
        autoClose: 15_000,
        onClick: () => openContact(f.contactId),
      });
      showSystemNotification(f, who, () => openContact(f.contactId));
    }
  }, [mine.data, now, openContact, setView]);
}

const noticeKey = (f: FollowUp) => `${f.id}@${f.dueAt}`;

/** A desktop notification when the person allowed them (never asked for here). */
function showSystemNotification(f: FollowUp, who: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const notification = new Notification('Follow-up due', { body: `${f.title.slice(0, 120)} — ${who.slice(0, 80)}`, tag: f.id });
    notification.onclick = () => {
      window.focus();
      onClick();
    };
  } catch {
    // some hosts refuse notifications from this context: the in-app notice is enough
  }
}
