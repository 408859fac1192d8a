import { Badge, Button, CloseButton, Group, Text } from '@mantine/core';
import { IconFlag, IconPlugConnected, IconTag } from '@tabler/icons-react';
import { memo, useMemo, type ReactNode } from 'react';
import { CountryLabel } from '../../../components/CountryLabel';
import { sourceLabel, SourceBadge } from '../../../components/SourceBadge';
import { countryName, flagEmoji } from '../../../lib/format';
import { activeFilterCount, useListView, useViewPart, type FacetKind } from '../../../state/listView';
import { useFacetsContext, useFieldDefinitions } from '../useFacets';
import { FacetFilter } from './FacetFilter';
import { FilterBuilder } from './FilterBuilder';
import { describeItem, fieldOptions } from './filterText';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';

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

/**
 * Country, source and tag filters from the facets, the filter builder, and what is active as
 * removable chips (each condition of the builder as a sentence).
 */
export const FilterBar = memo(function FilterBar() {
  const view = { facets: useViewPart('facets'), where: useViewPart('where') };
  const filters = view.facets;
  const setFilter = useListView((s) => s.setFacet);
  const setWhere = useListView((s) => s.setWhere);
  const clearFilters = useListView((s) => s.clearFilters);
  const facets = useFacetsContext().data;
  const fields = useFieldDefinitions().data;
  const purposes = useConsentPurposes((s) => s.purposes);
  const options = useMemo(() => fieldOptions(fields ?? [], purposes), [fields, purposes]);

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
      <FilterBuilder />
      {(chips.length > 0 || view.where.items.length > 0) && <div style={{ width: 1, height: 20, background: 'var(--app-border)', margin: '0 4px' }} />}
      {chips.map(({ kind, value }) => (
        <FilterChip
          key={`${kind}:${value}`}
          prefix={`${LABELS[kind]}:`}
          text={chipText(kind, value)}
          removeLabel={`Remove filter ${LABELS[kind]}: ${chipText(kind, value)}`}
          onRemove={() => setFilter(kind, filters[kind].filter((v) => v !== value))}
        />
      ))}
      {view.where.items.map((item, index) => {
        const text = describeItem(item, options);
        return (
          <FilterChip
            key={`where:${index}`}
            color="grape"
            maxWidth={360}
            prefix={index > 0 ? (view.where.match === 'all' ? 'and' : 'or') : null}
            text={text}
            removeLabel={`Remove condition: ${text}`}
            onRemove={() => setWhere({ ...view.where, items: view.where.items.filter((_, i) => i !== index) })}
          />
        );
      })}
      {activeFilterCount(view) > 0 && (
        <Button variant="subtle" size="compact-sm" color="gray" onClick={clearFilters}>
          Clear filters
        </Button>
      )}
    </Group>
  );
});

/** An active filter above the list, removable. */
function FilterChip({
  prefix,
  text,
  removeLabel,
  onRemove,
  color,
  maxWidth = 240,
}: {
  prefix: string | null;
  text: string;
  removeLabel: string;
  onRemove(): void;
  color?: string;
  maxWidth?: number;
}) {
  return (
    <Badge
      variant="light"
      color={color}
      size="lg"
      radius="sm"
      pr={2}
      style={{ textTransform: 'none', fontWeight: 500, maxWidth }}
      rightSection={<CloseButton size="xs" variant="transparent" aria-label={removeLabel} onClick={onRemove} />}
    >
      {prefix && (
        <Text span size="xs" c="dimmed" mr={4}>
          {prefix}
        </Text>
      )}
      <span dir="auto" title={text}>
        {text}
      </span>
    </Badge>
  );
}
