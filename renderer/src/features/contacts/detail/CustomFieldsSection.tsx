import { Anchor, Badge, Group, Text } from '@mantine/core';
import type { FieldDefinition, FieldValue } from '../../../../../preload/contract';
import { Untrusted } from '../../../components/Untrusted';
import { formatDate, formatNumber, humanize, valueToText } from '../../../lib/format';
import { safeHttpUrl } from '../../../lib/text';
import { useFieldDefinitions } from '../useFacets';
import classes from './EditableField.module.css';
import { Section } from './Section';

/** Custom fields shown by their definition's type; values without a definition as text. */
export function CustomFieldsSection({ values }: { values: Record<string, FieldValue> }) {
  const definitions = useFieldDefinitions().data ?? [];
  const known = new Set(definitions.map((d) => d.key));
  const rows: { key: string; label: string; definition?: FieldDefinition; value: FieldValue }[] = [
    ...definitions.filter((d) => !d.archived || values[d.key] !== undefined).map((d) => ({ key: d.key, label: d.label, definition: d, value: values[d.key] ?? null })),
    ...Object.keys(values)
      .filter((key) => !known.has(key))
      .map((key) => ({ key, label: humanize(key), value: values[key] ?? null })),
  ];
  return (
    <Section title="Custom fields">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No custom fields in this workspace.
        </Text>
      ) : (
        <div>
          {rows.map((row) => (
            <div key={row.key} className={classes.row}>
              <Untrusted text={row.label} line className={classes.label} />
              <div className={classes.value} style={{ cursor: 'default' }}>
                <div className={classes.text}>
                  <CustomValue value={row.value} type={row.definition?.type} />
                </div>
              </div>
            </div>
          ))}
        </div>
      )}
    </Section>
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
  if (type === 'date' && typeof value === 'string') return <span title={value}>{formatDate(value)}</span>;
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
