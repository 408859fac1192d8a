import { Badge, Button, Checkbox, Combobox, Group, ScrollArea, Text, useCombobox } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { Facet } from '../../../../../preload/contract';
import { formatNumber } from '../../../lib/format';

/**
 * A filter button ("Country ▾") that opens a searchable checklist of facet values with their
 * counts. Selected values show on the button as a count; the bar shows them as chips.
 */
export function FacetFilter({
  label,
  icon,
  facets,
  selected,
  onChange,
  renderValue,
  textOf,
  searchPlaceholder,
}: {
  label: string;
  icon: ReactNode;
  facets: Facet[];
  selected: string[];
  onChange(values: string[]): void;
  renderValue(value: string): ReactNode;
  /** The searchable text of a value (e.g. a country's name for its code). */
  textOf(value: string): string;
  searchPlaceholder: string;
}) {
  const [search, setSearch] = useState('');
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      setSearch('');
    },
    onDropdownOpen: () => combobox.focusSearchInput(),
  });
  const needle = search.trim().toLowerCase();
  const options = facets.filter((facet) => !needle || facet.value.toLowerCase().includes(needle) || textOf(facet.value).toLowerCase().includes(needle)).slice(0, 200);

  const toggle = (value: string) => onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);

  return (
    <Combobox store={combobox} width={280} position="bottom-start" shadow="md" onOptionSubmit={toggle} withinPortal>
      <Combobox.Target withAriaAttributes={false}>
        <Button
          size="compact-sm"
          variant={selected.length ? 'light' : 'default'}
          leftSection={icon}
          rightSection={
            selected.length ? (
              <Badge size="xs" circle variant="filled">
                {selected.length}
              </Badge>
            ) : (
              <IconChevronDown size={14} />
            )
          }
          onClick={() => combobox.toggleDropdown()}
          aria-label={`Filter by ${label.toLowerCase()}${selected.length ? ` (${selected.length} selected)` : ''}`}
          aria-haspopup="listbox"
          aria-expanded={combobox.dropdownOpened}
          fw={500}
        >
          {label}
        </Button>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Search value={search} onChange={(event) => setSearch(event.currentTarget.value)} placeholder={searchPlaceholder} aria-label={searchPlaceholder} />
        <Combobox.Options aria-label={label} aria-multiselectable>
          <ScrollArea.Autosize mah={300} type="scroll">
            {options.length === 0 ? (
              <Combobox.Empty>Nothing found</Combobox.Empty>
            ) : (
              options.map((facet) => {
                const checked = selected.includes(facet.value);
                return (
                  <Combobox.Option value={facet.value} key={facet.value} active={checked} aria-selected={checked}>
                    <Group gap="sm" wrap="nowrap">
                      <Checkbox checked={checked} onChange={() => undefined} tabIndex={-1} size="xs" radius="sm" aria-hidden style={{ pointerEvents: 'none' }} />
                      <div style={{ flex: 1, minWidth: 0 }}>{renderValue(facet.value)}</div>
                      <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {formatNumber(facet.count)}
                      </Text>
                    </Group>
                  </Combobox.Option>
                );
              })
            )}
          </ScrollArea.Autosize>
        </Combobox.Options>
        {selected.length > 0 && (
          <Combobox.Footer>
            <Button variant="subtle" size="compact-xs" onClick={() => onChange([])}>
              Clear {label.toLowerCase()} filter
            </Button>
          </Combobox.Footer>
        )}
      </Combobox.Dropdown>
    </Combobox>
  );
}
