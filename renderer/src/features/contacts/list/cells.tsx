import { IconMailOff } from '@tabler/icons-react';
import { sourceColor, sourceLabel } from '../../../components/SourceBadge';
import { avatarColor, initials } from '../../../lib/avatar';
import { countryName, flagEmoji, formatCalendarDay, formatDate, formatDateTime, formatNumber, formatRelative } from '../../../lib/format';
import { Highlighted } from './Highlighted';
import { useNow } from '../../../lib/useNow';
import classes from './cells.module.css';

/** Mantine's light variant colours, as CSS variables, for plain elements. */
function tint(color: string) {
  return { '--avatar-bg': `var(--mantine-color-${color}-light)`, '--avatar-fg': `var(--mantine-color-${color}-light-color)` } as React.CSSProperties;
}

export function NameCell({ id, name, noMarketing = false }: { id: string; name: string; noMarketing?: boolean }) {
  const letters = initials(name);
  return (
    <span className={classes.name}>
      <span className={classes.avatar} style={tint(avatarColor(id))} aria-hidden>
        {letters || '?'}
      </span>
      <span dir="auto" className="ellipsis" title={name.slice(0, 1000)}>
        <Highlighted text={name.slice(0, 300) || 'Unnamed contact'} />
      </span>
      {noMarketing && (
        <span className={classes.noMarketing} role="img" aria-label="No marketing" title="No marketing: a marketing consent was denied or withdrawn">
          <IconMailOff size={14} stroke={1.8} aria-hidden />
        </span>
      )}
    </span>
  );
}

export function TextCell({ text, numeric }: { text: string | null; numeric?: boolean }) {
  if (!text) return null;
  return (
    <span dir="auto" className={`ellipsis${numeric ? ` ${classes.num}` : ''}`} title={text.length > 30 ? text.slice(0, 1000) : undefined}>
      <Highlighted text={text.slice(0, 300)} />
    </span>
  );
}

export function CountryCell({ code }: { code: string | null }) {
  if (!code) return null;
  const name = countryName(code);
  return (
    <span className={classes.country} title={`${name} (${code})`}>
      <span className={classes.flag} aria-hidden>
        {flagEmoji(code)}
      </span>
      <span className="ellipsis">{name}</span>
    </span>
  );
}

export function SourceCell({ source }: { source: string | null }) {
  if (!source) return null;
  const color = sourceColor(source);
  return (
    <span className={classes.badge} style={{ '--badge-bg': `var(--mantine-color-${color}-light)`, '--badge-fg': `var(--mantine-color-${color}-light-color)` } as React.CSSProperties}>
      {sourceLabel(source)}
    </span>
  );
}

export function TagsCell({ tags, max = 2 }: { tags: string[]; max?: number }) {
  if (tags.length === 0) return null;
  const rest = tags.slice(max);
  return (
    <span className={classes.tags}>
      {tags.slice(0, max).map((tag) => (
        <span key={tag} className={classes.tag} dir="auto" title={tag}>
          {tag}
        </span>
      ))}
      {rest.length > 0 && (
        <span className={classes.more} title={rest.slice(0, 30).join(', ')} aria-label={`${rest.length} more tags: ${rest.slice(0, 30).join(', ')}`}>
          +{rest.length}
        </span>
      )}
    </span>
  );
}

export function RelativeCell({ iso }: { iso: string | null }) {
  const now = useNow();
  if (!iso) return <span className={classes.dim}>—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={`ellipsis ${classes.dim}`}>
      {formatRelative(iso, now)}
    </time>
  );
}

export function DateCell({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={`ellipsis ${classes.dim}`}>
      {formatDate(iso)}
    </time>
  );
}

export function SkeletonCell({ width }: { width: number }) {
  return <span className={classes.skeleton} style={{ width: `${width}%` }} />;
}

export function NumberCell({ value }: { value: number | null }) {
  if (value === null) return null;
  return <span className={`ellipsis ${classes.num} ${classes.right}`}>{formatNumber(value)}</span>;
}

export function YesNoCell({ value }: { value: boolean | null }) {
  if (value === null) return null;
  return <span className={value ? undefined : classes.dim}>{value ? 'Yes' : 'No'}</span>;
}

export function CalendarDayCell({ value }: { value: string | null }) {
  if (!value) return null;
  return (
    <time dateTime={value.slice(0, 10)} className={`ellipsis ${classes.dim}`}>
      {formatCalendarDay(value)}
    </time>
  );
}

const CONSENT_LOOK: Record<string, { label: string; color: string }> = {
  granted: { label: 'Granted', color: 'teal' },
  denied: { label: 'Denied', color: 'gray' },
  withdrawn: { label: 'Withdrawn', color: 'red' },
};

export function ConsentCell({ status }: { status: string | undefined }) {
  if (!status) return <span className={classes.dim}>Not asked</span>;
  const look = CONSENT_LOOK[status] ?? { label: status, color: 'gray' };
  return (
    <span className={classes.badge} style={{ '--badge-bg': `var(--mantine-color-${look.color}-light)`, '--badge-fg': `var(--mantine-color-${look.color}-light-color)` } as React.CSSProperties}>
      {look.label}
    </span>
  );
}
