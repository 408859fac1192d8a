import { Button, Group, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Person } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { toLocalInput, type FollowUpActions } from './useFollowUps';

/** Tomorrow at 9:00, local time: where a new follow-up's due time starts. */
function defaultDue(): string {
  const due = new Date();
  due.setDate(due.getDate() + 1);
  due.setHours(9, 0, 0, 0);
  return toLocalInput(due);
}

/** Adds a follow-up to a contact: what to do, when, and who (this agent unless chosen). */
export function FollowUpForm({ contactId, actions, onDone }: { contactId: string; actions: FollowUpActions; onDone(): void }) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(defaultDue);
  const [assignees, setAssignees] = useState<Person[]>([]);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ title?: string; dueAt?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .call('followUps.assignees', {})
      .then((people) => {
        if (!live) return;
        setAssignees(people);
        setAssigneeId((current) => current ?? people[0]?.id ?? null);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const submit = async () => {
    const next: typeof errors = {};
    if (title.trim() === '') next.title = 'Say what to do';
    const dueDate = new Date(due);
    if (due === '' || Number.isNaN(dueDate.getTime())) next.dueAt = 'Pick a date and time';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setSaving(true);
    try {
      const assignee = assignees.find((a) => a.id === assigneeId);
      await actions.create({ contactId, title: title.trim(), dueAt: dueDate.toISOString(), ...(assignee ? { assignee } : {}) });
      onDone();
    } catch (error) {
      const path = error instanceof ApiError ? error.path?.[0] : undefined;
      const message = error instanceof Error ? error.message : String(error);
      setErrors(path === 'title' ? { title: message } : path === 'dueAt' ? { dueAt: message } : { form: message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      aria-label="New follow-up"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label="What to do"
          placeholder="Call back about the offer"
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={errors.title ?? errors.form}
          maxLength={500}
          data-autofocus
          autoFocus
          style={{ flex: '2 1 220px' }}
        />
        <TextInput
          label="Due"
          type="datetime-local"
          value={due}
          onChange={(event) => setDue(event.currentTarget.value)}
          error={errors.dueAt}
          style={{ flex: '1 1 190px' }}
        />
        <Select
          label="Assignee"
          data={assignees.map((a, i) => ({ value: a.id, label: i === 0 ? `${a.name} (me)` : a.name }))}
          value={assigneeId}
          onChange={setAssigneeId}
          allowDeselect={false}
          style={{ flex: '1 1 160px' }}
        />
      </Group>
      <Group justify="flex-end" gap="xs" mt="sm">
        <Button variant="default" size="xs" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" size="xs" loading={saving}>
          Add follow-up
        </Button>
      </Group>
    </form>
  );
}
