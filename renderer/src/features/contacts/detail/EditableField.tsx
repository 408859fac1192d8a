import { ActionIcon, Loader, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconPencil } from '@tabler/icons-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../../api/client';
import { stripPathPrefix } from '../../../lib/text';
import classes from './EditableField.module.css';

export interface EditableFieldProps {
  label: string;
  value: string | null;
  /** How the saved value reads (e.g. a flag and country name); defaults to the text. */
  display?: ReactNode;
  placeholder?: string;
  /** Resolves when saved; throws an ApiError to show beside the field. */
  onSave(value: string | null): Promise<void>;
  inputProps?: { maxLength?: number; type?: string; inputMode?: 'email' | 'tel' | 'text'; description?: string };
}

/**
 * A field that reads as text and turns into an input on click (or the pencil): Enter saves,
 * Escape cancels, leaving the field saves a change. A rejected value keeps the input open
 * with the core's message under it; nothing is changed until a save succeeds.
 */
export function EditableField({ label, value, display, placeholder, onSave, inputProps }: EditableFieldProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const cancelled = useRef(false);
  const labelId = useId();

  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setSaved(false), 1600);
    return () => clearTimeout(timer);
  }, [saved]);

  const start = () => {
    setDraft(value ?? '');
    setError(null);
    cancelled.current = false;
    setEditing(true);
  };
  const cancel = () => {
    cancelled.current = true;
    setEditing(false);
    setError(null);
  };
  const save = async () => {
    const next = draft.trim() === '' ? null : draft.trim();
    if (next === (value ?? null)) {
      cancel();
      return;
    }
    setSaving(true);
    try {
      await onSave(next);
      setEditing(false);
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? stripPathPrefix(err.message, err.path) : err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className={classes.row} role="group" aria-labelledby={labelId}>
      <div className={classes.label} id={labelId}>
        {label}
      </div>
      {editing ? (
        <TextInput
          aria-label={label}
          autoFocus
          size="sm"
          value={draft}
          error={error}
          readOnly={saving}
          rightSection={saving ? <Loader size={14} /> : undefined}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void save();
            } else if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              cancel();
            }
          }}
          onBlur={() => {
            // Escape already closed it; a failed value stays until fixed or cancelled.
            if (!cancelled.current && !saving && !error) void save();
          }}
          {...inputProps}
        />
      ) : (
        <div className={classes.value} onClick={start}>
          <div className={`${classes.text} ${value ? '' : classes.empty}`} dir="auto">
            {value ? (display ?? value) : (placeholder ?? '—')}
          </div>
          {saved && <IconCheck size={14} color="var(--mantine-color-teal-6)" aria-label="Saved" />}
          <Tooltip label={`Edit ${label.toLowerCase()}`}>
            <ActionIcon
              size="sm"
              className={classes.pencil}
              aria-label={`Edit ${label}`}
              onClick={(event) => {
                event.stopPropagation();
                start();
              }}
            >
              <IconPencil size={14} />
            </ActionIcon>
          </Tooltip>
        </div>
      )}
    </div>
  );
}
