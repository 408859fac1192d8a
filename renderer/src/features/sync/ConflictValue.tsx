import { Text } from '@mantine/core';
import { Untrusted } from '../../components/Untrusted';
import { valueToText } from '../../lib/format';
import { clip } from '../../lib/text';
import classes from './SyncView.module.css';

const MAX_ENTRIES = 40;

/**
 * A field's value from either side, which may be anything the service sent: strings as plain
 * text, lists joined, objects as "key: value" lines (the keys whose value differs from the
 * other side's stand out), all as text only and bounded.
 */
export function ConflictValue({ value, other }: { value: unknown; other?: unknown }) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return (
      <Text span size="sm" c="dimmed" fs="italic">
        Empty
      </Text>
    );
  }
  if (typeof value === 'string') return <Untrusted text={clip(value, 2000)} className={classes.valueText} />;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return (
      <span dir="auto" className={`untrusted ${classes.valueText}`}>
        {valueToText(value, 2000)}
      </span>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <ConflictValue value={null} />;
  const theirs = other !== null && typeof other === 'object' && !Array.isArray(other) ? (other as Record<string, unknown>) : {};
  return (
    <dl className={classes.keyValues}>
      {entries.slice(0, MAX_ENTRIES).map(([key, item]) => (
        <div key={key} data-differs={JSON.stringify(item) !== JSON.stringify(theirs[key]) || undefined}>
          <dt dir="auto">{clip(key, 80)}:</dt>
          <dd dir="auto">{valueToText(item, 300)}</dd>
        </div>
      ))}
      {entries.length > MAX_ENTRIES && (
        <Text component="div" size="xs" c="dimmed">
          …and {entries.length - MAX_ENTRIES} more
        </Text>
      )}
    </dl>
  );
}
