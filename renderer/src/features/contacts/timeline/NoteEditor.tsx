import { Button, Group, Kbd, SegmentedControl, Text, Textarea } from '@mantine/core';
import { SafeMarkdown } from '../../../components/SafeMarkdown';
import classes from './Timeline.module.css';
import { useState } from 'react';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** A note's text area: Ctrl/⌘+Enter saves, Escape cancels (when there is a cancel). */
export function NoteEditor({
  initial = '',
  label,
  placeholder,
  submitLabel,
  onSubmit,
  onCancel,
  autoFocus = true,
}: {
  initial?: string;
  label: string;
  placeholder?: string;
  submitLabel: string;
  onSubmit(body: string): Promise<void>;
  onCancel?(): void;
  autoFocus?: boolean;
}) {
  const [body, setBody] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState(false);
  const empty = body.trim() === '';

  const submit = async () => {
    if (empty || saving) return;
    setSaving(true);
    setError(null);
    try {
      await onSubmit(body);
      if (!onCancel) setBody('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      {preview ? (
        <div className={classes.notePreview} aria-label={`${label} preview`} role="region">
          {empty ? (
            <Text size="sm" c="dimmed">
              Nothing to preview yet
            </Text>
          ) : (
            <SafeMarkdown text={body} />
          )}
        </div>
      ) : (
        <Textarea
          aria-label={label}
          placeholder={placeholder}
          autosize
          minRows={3}
          maxRows={14}
          value={body}
          error={error}
          autoFocus={autoFocus}
          maxLength={100_000}
          onChange={(event) => setBody(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            } else if (event.key === 'Escape' && onCancel) {
              event.stopPropagation();
              onCancel();
            }
          }}
          styles={{ input: { lineHeight: 1.5 } }}
        />
      )}
      <Group justify="space-between" mt={8}>
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            aria-label={`${label}: write or preview`}
            value={preview ? 'preview' : 'write'}
            onChange={(value) => setPreview(value === 'preview')}
            data={[
              { value: 'write', label: 'Write' },
              { value: 'preview', label: 'Preview' },
            ]}
          />
          <Text size="xs" c="dimmed">
            Markdown · <Kbd size="xs">{MOD}</Kbd> + <Kbd size="xs">Enter</Kbd> to save
          </Text>
        </Group>
        <Group gap={6}>
          {onCancel && (
            <Button size="compact-sm" variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button size="compact-sm" onClick={() => void submit()} loading={saving} disabled={empty}>
            {submitLabel}
          </Button>
        </Group>
      </Group>
    </div>
  );
}
