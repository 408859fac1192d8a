import { Badge, Button, CloseButton, Group, Text } from '@mantine/core';
import { IconFlag, IconPlugConnected, IconTag } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { CountryLabel } from '../../../components/CountryLabel';
import { sourceLabel, SourceBadge } from '../../../components/SourceBadge';
import { countryName, flagEmoji } from '../../../lib/format';
import { activeFilterCount, useUi, type FacetKind } from '../../../state/ui';
import { useFacetsContext } from '../useFacets';
import { FacetFilter } from './FacetFilter';

const LABELS: Record<FacetKind, string> = { countries: 'Country', sources: 'Source', tags: 'Tag' };

/** The three filters: how each shows its values in the picker and in text. */
const FILTERS: { kind: FacetKind; label: string; icon: ReactNode; search: string; render(value: string): ReactNode; text(value: string): string }[] = [
  { kind: 'countries', label: 'Country', search: 'Search countries', icon: <IconFlag size={14} />, render: (code) => <CountryLabel code={code} />, text: (code) => `${code} ${countryName(code)}` },
  { kind: 'sources', label: 'Source', search: 'Search sources', icon: <IconPlugConnected size={14} />, render: (source) => <SourceBadge source={source} />, text: sourceLabel },
  {
    kind: 'tags',
    label: 'Tags',
    search: 'Search tags',
    icon: <IconTag size={14} />,
    render: (tag) => (
      <Text size="sm" dir="auto" className="ellipsis">
        {tag}
      </Text>
    ),
    text: (tag) => tag,
  },
];

function chipText(kind: FacetKind, value: string): string {
  if (kind === 'countries') return `${flagEmoji(value)} ${countryName(value)}`.trim();
  if (kind === 'sources') return sourceLabel(value);
  return value;
}

/** Country, source and tag filters from the facets, with the active ones as removable chips. */
export function FilterBar() {
  const filters = useUi((s) => s.filters);
  const setFilter = useUi((s) => s.setFilter);
  const clearFilters = useUi((s) => s.clearFilters);
  const facets = useFacetsContext().data;

  const chips = (Object.keys(LABELS) as FacetKind[]).flatMap((kind) => filters[kind].map((value) => ({ kind, value })));
  return (
    <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
      {FILTERS.map((filter) => (
        <FacetFilter
          key={filter.kind}
          label={filter.label}
          icon={filter.icon}
          facets={facets?.[filter.kind] ?? []}
          selected={filters[filter.kind]}
          onChange={(values) => setFilter(filter.kind, values)}
          renderValue={filter.render}
          textOf={filter.text}
          searchPlaceholder={filter.search}
        />
      ))}
      {chips.length > 0 && <div style={{ width: 1, height: 20, background: 'var(--app-border)', margin: '0 4px' }} />}
      {chips.map(({ kind, value }) => (
        <Badge
          key={`${kind}:${value}`}
          variant="light"
          size="lg"
          radius="sm"
          pr={2}
          style={{ textTransform: 'none', fontWeight: 500, maxWidth: 240 }}
          rightSection={
            <CloseButton
              size="xs"
              variant="transparent"
              aria-label={`Remove filter ${LABELS[kind]}: ${chipText(kind, value)}`}
              onClick={() => setFilter(kind, filters[kind].filter((v) => v !== value))}
            />
          }
        >
          <Text span size="xs" c="dimmed" mr={4}>
            {LABELS[kind]}:
          </Text>
          <span dir="auto">{chipText(kind, value)}</span>
        </Badge>
      ))}
      {activeFilterCount(filters) > 0 && (
        <Button variant="subtle" size="compact-sm" color="gray" onClick={clearFilters}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
