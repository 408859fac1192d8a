import { Anchor, Badge, Group, MultiSelect, Select, Switch, Text } from '@mantine/core';
import { useId, useState } from 'react';
import type { EditableContactFields, FieldDefinition, FieldValue } from '../../../../../preload/contract';
import { ApiError } from '../../../api/client';
import { stripPathPrefix } from '../../../lib/text';
import { EditableField } from './EditableField';
import { Untrusted } from '../../../components/Untrusted';
import { formatCalendarDay, formatNumber, humanize, valueToText } from '../../../lib/format';
import { safeHttpUrl } from '../../../lib/text';
import { useFieldDefinitions } from '../useFacets';
import classes from './EditableField.module.css';
import { Section } from './Section';

/**
 * Custom fields by their definition: each editable in place with the control its type needs
 * (text, number, date, link, email, phone as text inputs; yes/no as a switch; choices as
 * selects), checked again by the core. Archived fields and values without a definition are
 * shown, not edited.
 */
export function CustomFieldsSection({ values, update }: { values: Record<string, FieldValue>; update(fields: EditableContactFields): Promise<void> }) {
  const definitions = useFieldDefinitions().data ?? [];
  const known = new Set(definitions.map((d) => d.key));
  const rows: { key: string; label: string; definition?: FieldDefinition; value: FieldValue }[] = [
    ...definitions.filter((d) => !d.archived || values[d.key] !== undefined).map((d) => ({ key: d.key, label: d.label, definition: d, value: values[d.key] ?? null })),
    ...Object.keys(values)
      .filter((key) => !known.has(key))
      .map((key) => ({ key, label: humanize(key), value: values[key] ?? null })),
  ];
  const save = (key: string, value: FieldValue) => update({ customFields: { [key]: value } });
  return (
    <Section title="Custom fields">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No custom fields in this workspace. Define them in Settings.
        </Text>
      ) : (
        <div>
          {rows.map((row) =>
            row.definition && !row.definition.archived ? (
              <CustomFieldEditor key={row.key} definition={row.definition} value={row.value} save={(value) => save(row.key, value)} />
            ) : (
              <div key={row.key} className={classes.row}>
                <Untrusted text={row.label} line className={classes.label} />
                <div className={classes.value} style={{ cursor: 'default' }}>
                  <div className={classes.text}>
                    <CustomValue value={row.value} type={row.definition?.type} />
                  </div>
                </div>
              </div>
            ),
          )}
        </div>
      )}
    </Section>
  );
}

const TEXT_INPUTS: Partial<Record<FieldDefinition['type'], { type?: string; inputMode?: 'email' | 'tel' | 'text'; description?: string }>> = {
  number: { inputMode: 'text', description: 'A number, for example 1250.50' },
  date: { type: 'date' },
  url: { type: 'url', description: 'A web address starting with https://' },
  email: { inputMode: 'email' },
  phone: { inputMode: 'tel', description: 'International format, for example +4930123456' },
};

/** One custom field, edited with its type's control. */
function CustomFieldEditor({ definition, value, save }: { definition: FieldDefinition; value: FieldValue; save(value: FieldValue): Promise<void> }) {
  const { type, label } = definition;
  if (type === 'boolean' || type === 'select' || type === 'multi_select') return <ChoiceField definition={definition} value={value} save={save} />;
  const text = value === null ? null : Array.isArray(value) ? value.join(', ') : type === 'date' ? String(value).slice(0, 10) : String(value);
  return (
    <EditableField
      label={label}
      value={text}
      display={<CustomValue value={value} type={type} />}
      placeholder={`Add ${label.toLowerCase()}`}
      inputProps={{ maxLength: 5000, ...TEXT_INPUTS[type] }}
      onSave={async (next) => {
        if (next === null) return save(null);
        // A number goes as a number when it reads as one; otherwise the core says what is wrong.
        const parsed = type === 'number' && next.trim() !== '' && Number.isFinite(Number(next.replace(',', '.'))) ? Number(next.replace(',', '.')) : next;
        await save(parsed);
      }}
    />
  );
}

/** Yes/no, one choice or several: saved as soon as it changes; a refusal shows under it. */
export function ChoiceField({ definition, value, save }: { definition: FieldDefinition; value: FieldValue; save(value: FieldValue): Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const labelId = useId();
  const run = async (next: FieldValue) => {
    setSaving(true);
    setError(null);
    try {
      await save(next);
    } catch (err) {
      setError(err instanceof ApiError ? stripPathPrefix(err.message, err.path) : err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };
  const options = definition.options.map((o) => ({ value: o, label: o }));
  const pickerProps = { clearable: true, searchable: true, disabled: saving, error, size: 'sm', variant: 'unstyled', comboboxProps: { withinPortal: true } } as const;
  return (
    <div className={classes.row} role="group" aria-labelledby={labelId}>
      <div className={classes.label} id={labelId}>
        {definition.label}
      </div>
      <div style={{ minWidth: 0 }}>
        {definition.type === 'boolean' ? (
          <Switch
            aria-label={definition.label}
            checked={value === true}
            onChange={(event) => void run(event.currentTarget.checked)}
            disabled={saving}
            label={value === true ? 'Yes' : 'No'}
            error={error}
            size="sm"
          />
        ) : definition.type === 'select' ? (
          <Select
            aria-label={definition.label}
            data={options}
            value={typeof value === 'string' ? value : null}
            onChange={(next) => void run(next)}
            placeholder={`Choose ${definition.label.toLowerCase()}`}
            {...pickerProps}
          />
        ) : (
          <MultiSelect
            aria-label={definition.label}
            data={options}
            value={Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []}
            onChange={(next) => void run(next.length > 0 ? next : null)}
            placeholder={Array.isArray(value) && value.length > 0 ? undefined : `Choose ${definition.label.toLowerCase()}`}
            {...pickerProps}
          />
        )}
      </div>
    </div>
  );
}

function CustomValue({ value, type }: { value: FieldValue; type: FieldDefinition['type'] | undefined }) {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (typeof value === 'boolean' || type === 'boolean') {
    const yes = value === true || value === 'true';
    return (
      <Badge size="sm" variant="light" color={yes ? 'teal' : 'gray'}>
        {yes ? 'Yes' : 'No'}
      </Badge>
    );
  }
  if (Array.isArray(value) || type === 'multi_select' || type === 'select') {
    const items = Array.isArray(value) ? value : [value];
    return (
      <Group gap={4}>
        {items.slice(0, 50).map((item, i) => (
          <Badge key={i} size="sm" variant="default" style={{ textTransform: 'none', fontWeight: 500, maxWidth: '100%' }}>
            <span dir="auto" className="ellipsis">
              {valueToText(item, 100)}
            </span>
          </Badge>
        ))}
      </Group>
    );
  }
  if (type === 'number' && typeof value === 'number') return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatNumber(value)}</span>;
  if (type === 'date' && typeof value === 'string') return <span title={value}>{formatCalendarDay(value)}</span>;
  if (type === 'url') {
    const href = safeHttpUrl(value);
    if (href)
      return (
        <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" size="sm" className="untrusted">
          {valueToText(value, 300)}
        </Anchor>
      );
  }
  return <Untrusted text={valueToText(value, 2000)} />;
}
