import { CloseButton, Combobox, Group, Pill, Text, TextInput, useCombobox } from '@mantine/core';
import { IconPlus, IconTag } from '@tabler/icons-react';
import { useState } from 'react';
import { formatNumber } from '../../../lib/format';
import { useFacetsContext } from '../useFacets';
import { Section } from './Section';

const MAX_TAG = 100;

/** The contact's tags: remove with ×, add from the existing tags or create a new one. */
export function TagsSection({ tags, addTag, removeTag }: { tags: string[]; addTag(tag: string): Promise<void>; removeTag(tag: string): Promise<void> }) {
  return (
    <Section title="Tags">
      <Group gap={6}>
        {tags.map((tag) => (
          <Pill key={tag} size="md" withRemoveButton={false} style={{ maxWidth: '100%', paddingRight: 2 }}>
            <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
              <span dir="auto" className="ellipsis" style={{ maxWidth: 260 }}>
                {tag}
              </span>
              <CloseButton size="xs" aria-label={`Remove tag ${tag}`} onClick={() => void removeTag(tag)} />
            </Group>
          </Pill>
        ))}
        {tags.length === 0 && (
          <Text size="sm" c="dimmed">
            No tags yet.
          </Text>
        )}
      </Group>
      <TagPicker exclude={tags} onPick={addTag} />
    </Section>
  );
}

function TagPicker({ exclude, onPick }: { exclude: string[]; onPick(tag: string): Promise<void> }) {
  const facets = useFacetsContext().data;
  const [value, setValue] = useState('');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const needle = value.trim();
  const lower = needle.toLowerCase();
  const options = (facets?.tags ?? []).filter((facet) => !exclude.includes(facet.value) && (!lower || facet.value.toLowerCase().includes(lower))).slice(0, 50);
  const exists = (facets?.tags ?? []).some((facet) => facet.value === needle) || exclude.includes(needle);

  const submit = async (tag: string) => {
    const clean = tag.trim().slice(0, MAX_TAG);
    if (!clean || exclude.includes(clean)) return;
    setValue('');
    combobox.closeDropdown();
    await onPick(clean);
  };

  return (
    <Combobox store={combobox} onOptionSubmit={(tag) => void submit(tag)} withinPortal>
      <Combobox.Target>
        <TextInput
          size="sm"
          aria-label="Add tag"
          placeholder="Add a tag…"
          leftSection={<IconTag size={14} />}
          maxLength={MAX_TAG}
          value={value}
          onChange={(event) => {
            setValue(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onClick={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(event) => {
            // Enter with nothing highlighted creates the typed tag.
            if (event.key === 'Enter' && combobox.getSelectedOptionIndex() < 0 && needle) {
              event.preventDefault();
              void submit(needle);
            } else if (event.key === 'Escape') {
              event.stopPropagation();
            }
          }}
          maw={320}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={options.length === 0 && (!needle || exists)}>
        <Combobox.Options aria-label="Tags">
          {needle && !exists && (
            <Combobox.Option value={needle}>
              <Group gap={6} wrap="nowrap">
                <IconPlus size={14} />
                <Text size="sm" className="ellipsis">
                  Create tag “<bdi>{needle}</bdi>”
                </Text>
              </Group>
            </Combobox.Option>
          )}
          {options.map((facet) => (
            <Combobox.Option value={facet.value} key={facet.value}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm" dir="auto" className="ellipsis">
                  {facet.value}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatNumber(facet.count)}
                </Text>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
