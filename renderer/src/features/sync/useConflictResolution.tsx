import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Conflict } from '../../../../preload/contract';
import { api } from '../../api/client';
import { fieldLabel } from './fields';

/** How long a choice can be taken back before it is sent to the core (which cannot undo it). */
export const UNDO_MS = 6000;

type Keep = 'mine' | 'theirs';

export interface ConflictResolution {
  /** Conflicts chosen but not committed yet, with the choice. */
  pending: ReadonlyMap<number, Keep>;
  choose(conflict: Conflict, keep: Keep): void;
  undo(id: number): void;
}

/**
 * Resolving is final in the core, so a choice waits UNDO_MS with a toast (and the row) offering
 * Undo, then goes out. Leaving the page sends the choices still waiting: a choice is kept.
 */
export function useConflictResolution(onResolved: () => void): ConflictResolution {
  const [pending, setPending] = useState<ReadonlyMap<number, Keep>>(new Map());
  const timers = useRef(new Map<number, { timer: ReturnType<typeof setTimeout>; keep: Keep }>());
  const resolvedRef = useRef(onResolved);
  resolvedRef.current = onResolved;

  const forget = useCallback((id: number) => {
    timers.current.delete(id);
    setPending((previous) => {
      const next = new Map(previous);
      next.delete(id);
      return next;
    });
  }, []);

  const commit = useCallback(
    async (conflict: Conflict, keep: Keep) => {
      try {
        await api.call('conflicts.resolve', { id: conflict.id, keep });
      } catch (error) {
        notifications.show({ color: 'red', title: 'The conflict could not be resolved', message: error instanceof Error ? error.message : String(error) });
      } finally {
        forget(conflict.id);
        resolvedRef.current();
      }
    },
    [forget],
  );

  const undo = useCallback(
    (id: number) => {
      const entry = timers.current.get(id);
      if (!entry) return;
      clearTimeout(entry.timer);
      forget(id);
      notifications.hide(toastId(id));
    },
    [forget],
  );

  const choose = useCallback(
    (conflict: Conflict, keep: Keep) => {
      if (timers.current.has(conflict.id)) return;
      const timer = setTimeout(() => void commit(conflict, keep), UNDO_MS);
      timers.current.set(conflict.id, { timer, keep });
      setPending((previous) => new Map(previous).set(conflict.id, keep));
      const what = `${fieldLabel(conflict.entity, conflict.field)}${conflict.contactName ? ` of ${conflict.contactName.slice(0, 80)}` : ''}`;
      notifications.show({
        id: toastId(conflict.id),
        color: keep === 'mine' ? 'nexvio' : 'cyan',
        autoClose: UNDO_MS,
        title: keep === 'mine' ? 'Keeping your value' : 'Keeping the service’s value',
        message: (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm" className="ellipsis" dir="auto">
              {what}
            </Text>
            <Button size="compact-xs" variant="default" onClick={() => undo(conflict.id)}>
              Undo
            </Button>
          </Group>
        ),
      });
    },
    [commit, undo],
  );

  // Leaving the page keeps the choices made: send those still waiting.
  useEffect(() => {
    const waiting = timers.current;
    return () => {
      for (const [id, { timer, keep }] of waiting) {
        clearTimeout(timer);
        api.call('conflicts.resolve', { id, keep }).catch(() => undefined);
      }
      waiting.clear();
    };
  }, []);

  return { pending, choose, undo };
}

function toastId(id: number): string {
  return `conflict-${id}`;
}
