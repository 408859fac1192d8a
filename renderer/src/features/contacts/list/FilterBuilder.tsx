import { ActionIcon, Badge, Button, Group, MultiSelect, NumberInput, Paper, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconPlus, IconSquarePlus, IconTrash } from '@tabler/icons-react';
import { memo, useMemo, useState } from 'react';
import {
  CONSENT_FILTER_STATUSES,
  OPERATORS_BY_TYPE,
  VALUELESS_OPERATORS,
  type FieldDefinition,
  type FilterCondition,
  type FilterGroup,
  type FilterMatch,
  type FilterOperator,
  type FilterTree,
} from '../../../../../preload/contract';
import { sourceLabel } from '../../../components/SourceBadge';
import { countryName, flagEmoji } from '../../../lib/format';
import { countConditions, isComplete, useListView, useViewPart } from '../../../state/listView';
import { useFacetsContext, useFieldDefinitions } from '../useFacets';
import { CONSENT_STATUS_LABELS, dayToValue, fieldOptions, OPERATOR_LABELS, valueToDay, type FieldOption } from './filterText';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';

/** Conditions per group and groups per filter, as the contract allows. */
const MAX_ITEMS = 30;

const MATCH_OPTIONS = [
  { value: 'all', label: 'all' },
  { value: 'any', label: 'any' },
];

/**
 * The filter builder: conditions on any field (custom fields and consent included) with the
 * operators each type has, combined with AND or OR, and groups of conditions with their own
 * AND/OR. Changes apply as they are made; a condition still missing its value is shown but
 * not applied until it has one.
 */
export const FilterBuilder = memo(function FilterBuilder() {
  const where = useViewPart('where');
  const setWhere = useListView((s) => s.setWhere);
  const [opened, setOpened] = useState(false);
  const fields = useFieldDefinitions().data;
  const purposes = useConsentPurposes((s) => s.purposes);
  const options = useMemo(() => fieldOptions(fields ?? [], purposes), [fields, purposes]);
  const count = countConditions(where);

  const newCondition = (): FilterCondition => ({ field: 'name', op: 'contains', value: '' });
  const setItems = (items: FilterTree['items']) => setWhere({ ...where, items });
  const setItem = (index: number, item: FilterTree['items'][number]) => setItems(where.items.map((it, i) => (i === index ? item : it)));
  const removeItem = (index: number) => setItems(where.items.filter((_, i) => i !== index));

  return (
    <Popover opened={opened} onChange={setOpened} width={720} position="bottom-start" shadow="lg" radius="md" trapFocus withinPortal>
      <Popover.Target>
        <Button
          size="compact-sm"
          variant={count ? 'light' : 'default'}
          leftSection={<IconAdjustmentsHorizontal size={14} />}
          rightSection={
            count ? (
              <Badge size="xs" circle variant="filled" aria-hidden>
                {count}
              </Badge>
            ) : undefined
          }
          aria-label={count ? `Filter conditions (${count})` : 'Filter conditions'}
          onClick={() => setOpened((o) => !o)}
        >
          Filter
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="md">
        <Stack gap="sm">
          <Group gap={6} wrap="nowrap">
            <Text size="sm">Show contacts that match</Text>
            <MatchSelect value={where.match} onChange={(match) => setWhere({ ...where, match })} label="Match all or any of the conditions" />
            <Text size="sm">of these conditions</Text>
          </Group>

          {where.items.length === 0 ? (
            <Text size="sm" c="dimmed" py="xs">
              No conditions yet. Add one to narrow the list, for example “Plan is any of Pro” or “Last seen is in the last 30 days”.
            </Text>
          ) : (
            <Stack gap={8}>
              {where.items.map((item, index) =>
                'conditions' in item ? (
                  <GroupEditor
                    key={index}
                    group={item}
                    number={index + 1}
                    options={options}
                    onChange={(group) => setItem(index, group)}
                    onRemove={() => removeItem(index)}
                  />
                ) : (
                  <ConditionEditor
                    key={index}
                    condition={item}
                    name={String(index + 1)}
                    joiner={index === 0 ? 'Where' : where.match === 'all' ? 'and' : 'or'}
                    options={options}
                    onChange={(condition) => setItem(index, condition)}
                    onRemove={() => removeItem(index)}
                  />
                ),
              )}
            </Stack>
          )}

          <Group justify="space-between" pt={4}>
            <Group gap="xs">
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={where.items.length >= MAX_ITEMS} onClick={() => setItems([...where.items, newCondition()])}>
                Add condition
              </Button>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconSquarePlus size={14} />}
                disabled={where.items.length >= MAX_ITEMS}
                onClick={() => setItems([...where.items, { match: 'any', conditions: [newCondition()] }])}
              >
                Add group
              </Button>
            </Group>
            {where.items.length > 0 && (
              <Button size="xs" variant="subtle" color="gray" onClick={() => setItems([])}>
                Remove all conditions
              </Button>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
});

/** "all" or "any": how the conditions of a filter or a group combine. */
function MatchSelect({ value, onChange, label }: { value: FilterMatch; onChange(match: FilterMatch): void; label: string }) {
  return (
    <Select
      size="xs"
      w={74}
      data={MATCH_OPTIONS}
      value={value}
      allowDeselect={false}
      onChange={(v) => onChange((v ?? value) as FilterMatch)}
      aria-label={label}
      comboboxProps={{ withinPortal: false }}
    />
  );
}

function GroupEditor({
  group,
  number,
  options,
  onChange,
  onRemove,
}: {
  group: FilterGroup;
  number: number;
  options: FieldOption[];
  onChange(group: FilterGroup): void;
  onRemove(): void;
}) {
  const setConditions = (conditions: FilterCondition[]) => onChange({ ...group, conditions });
  return (
    <Paper withBorder radius="md" p="xs" pl="sm" bg="var(--app-subtle-bg)" role="group" aria-label={`Group ${number}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <Text size="xs" fw={600} c="dimmed">
              GROUP · match
            </Text>
            <MatchSelect value={group.match} onChange={(match) => onChange({ ...group, match })} label={`Match all or any in group ${number}`} />
            <Text size="xs" c="dimmed">
              of
            </Text>
          </Group>
          <ActionIcon variant="subtle" color="gray" aria-label={`Remove group ${number}`} onClick={onRemove}>
            <IconTrash size={15} />
          </ActionIcon>
        </Group>
        {group.conditions.map((condition, index) => (
          <ConditionEditor
            key={index}
            condition={condition}
            name={`${number}.${index + 1}`}
            joiner={index === 0 ? 'Where' : group.match === 'all' ? 'and' : 'or'}
            options={options}
            onChange={(next) => setConditions(group.conditions.map((c, i) => (i === index ? next : c)))}
            onRemove={() => (group.conditions.length === 1 ? onRemove() : setConditions(group.conditions.filter((_, i) => i !== index)))}
          />
        ))}
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={12} />}
          style={{ alignSelf: 'flex-start' }}
          disabled={group.conditions.length >= MAX_ITEMS}
          onClick={() => setConditions([...group.conditions, { field: 'name', op: 'contains', value: '' }])}
        >
          Add condition to group {number}
        </Button>
      </Stack>
    </Paper>
  );
}

/** The value each operator needs: none, a text, a number, days, a day, or a list of values. */
function valueKind(type: FieldOption['type'], op: FilterOperator): 'none' | 'text' | 'number' | 'days' | 'day' | 'list' {
  if (VALUELESS_OPERATORS.has(op)) return 'none';
  if (op === 'in_last_days' || op === 'not_in_last_days') return 'days';
  if (op === 'before' || op === 'after') return 'day';
  if (op === 'any_of' || op === 'none_of' || op === 'all_of') return 'list';
  return type === 'number' ? 'number' : 'text';
}

function ConditionEditor({
  condition,
  name,
  joiner,
  options,
  onChange,
  onRemove,
}: {
  condition: FilterCondition;
  name: string;
  joiner: string;
  options: FieldOption[];
  onChange(condition: FilterCondition): void;
  onRemove(): void;
}) {
  const option = options.find((o) => o.value === condition.field);
  const type = option?.type ?? 'text';
  const operators = OPERATORS_BY_TYPE[type];
  const kind = valueKind(type, condition.op);
  const incomplete = !isComplete(condition);

  const fieldData = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const o of options) groups.set(o.group, [...(groups.get(o.group) ?? []), { value: o.value, label: o.label }]);
    // A condition on a field that no longer exists stays visible (and refused) until removed.
    if (!option) groups.set('Missing', [{ value: condition.field, label: condition.field.replace(/^(custom|consent)\./, '') }]);
    return [...groups].map(([group, items]) => ({ group, items }));
  }, [options, option, condition.field]);

  const changeField = (field: string | null) => {
    if (!field) return;
    const next = options.find((o) => o.value === field);
    const op = OPERATORS_BY_TYPE[next?.type ?? 'text'][0] ?? 'is_empty';
    onChange({ field: field as FilterCondition['field'], op });
  };
  const changeOp = (op: string | null) => {
    if (!op) return;
    const nextOp = op as FilterOperator;
    // Keep the value when the new operator takes the same kind of value.
    const same = valueKind(type, nextOp) === kind;
    onChange(same && kind !== 'day' ? { ...condition, op: nextOp } : { field: condition.field, op: nextOp });
  };

  return (
    <Group gap={6} wrap="nowrap" align="flex-start" role="group" aria-label={`Condition ${name}`}>
      <Text size="xs" c="dimmed" w={42} ta="right" pt={7} style={{ flexShrink: 0 }}>
        {joiner}
      </Text>
      <Select
        size="xs"
        w={170}
        data={fieldData}
        value={condition.field}
        onChange={changeField}
        searchable
        allowDeselect={false}
        maxDropdownHeight={320}
        aria-label={`Field of condition ${name}`}
        comboboxProps={{ withinPortal: false }}
        error={option ? undefined : true}
      />
      <Select
        size="xs"
        w={150}
        data={operators.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
        value={condition.op}
        onChange={changeOp}
        allowDeselect={false}
        aria-label={`Operator of condition ${name}`}
        comboboxProps={{ withinPortal: false }}
      />
      <div style={{ flex: 1, minWidth: 0 }}>
        <ValueInput condition={condition} option={option} kind={kind} name={name} incomplete={incomplete} onChange={onChange} />
      </div>
      <ActionIcon variant="subtle" color="gray" mt={2} aria-label={`Remove condition ${name}`} onClick={onRemove}>
        <IconTrash size={15} />
      </ActionIcon>
    </Group>
  );
}

function ValueInput({
  condition,
  option,
  kind,
  name,
  incomplete,
  onChange,
}: {
  condition: FilterCondition;
  option: FieldOption | undefined;
  kind: ReturnType<typeof valueKind>;
  name: string;
  incomplete: boolean;
  onChange(condition: FilterCondition): void;
}) {
  const facets = useFacetsContext().data;
  const label = `Value of condition ${name}`;
  const set = (value: FilterCondition['value']) => onChange(value === undefined ? { field: condition.field, op: condition.op } : { ...condition, value });
  const hint = incomplete ? 'Not applied until it has a value' : undefined;

  switch (kind) {
    case 'none':
      return null;
    case 'days':
      return (
        <NumberInput
          size="xs"
          min={1}
          max={36500}
          allowDecimal={false}
          value={typeof condition.value === 'number' ? condition.value : ''}
          onChange={(v) => set(typeof v === 'number' ? v : undefined)}
          rightSection={<Text size="xs" c="dimmed" pr={6}>days</Text>}
          rightSectionWidth={44}
          placeholder="30"
          aria-label={label}
          description={hint}
        />
      );
    case 'number':
      return (
        <NumberInput
          size="xs"
          value={typeof condition.value === 'number' ? condition.value : ''}
          onChange={(v) => set(typeof v === 'number' ? v : undefined)}
          placeholder="Number"
          aria-label={label}
          description={hint}
        />
      );
    case 'day': {
      const calendar = option?.definition?.type === 'date';
      return (
        <TextInput
          size="xs"
          type="date"
          value={valueToDay(condition.value, condition.op, calendar)}
          onChange={(e) => set(dayToValue(e.currentTarget.value, condition.op, calendar) || undefined)}
          aria-label={label}
          description={hint}
        />
      );
    }
    case 'list': {
      const data = listChoices(condition.field, option, facets);
      const selected = Array.isArray(condition.value) ? condition.value : [];
      // Values saved earlier that are no longer offered stay pickable (and removable).
      const all = [...data, ...selected.filter((v) => !data.some((d) => d.value === v)).map((v) => ({ value: v, label: v }))];
      return (
        <MultiSelect
          size="xs"
          data={all}
          value={selected}
          onChange={(values) => set(values.length ? values : undefined)}
          searchable
          clearable
          maxDropdownHeight={260}
          placeholder={selected.length ? undefined : 'Pick values'}
          aria-label={label}
          description={hint}
          comboboxProps={{ withinPortal: false }}
        />
      );
    }
    default:
      return (
        <TextInput
          size="xs"
          value={typeof condition.value === 'string' ? condition.value : ''}
          onChange={(e) => set(e.currentTarget.value)}
          placeholder="Value"
          aria-label={label}
          description={hint}
          maxLength={500}
        />
      );
  }
}

type Facets = ReturnType<typeof useFacetsContext>['data'];

/** The values a list condition offers: facets with counts, a field's options, consent statuses. */
function listChoices(field: string, option: FieldOption | undefined, facets: Facets): { value: string; label: string }[] {
  if (field === 'country') return (facets?.countries ?? []).map((f) => ({ value: f.value, label: `${flagEmoji(f.value)} ${countryName(f.value) || f.value}` }));
  if (field === 'source') return (facets?.sources ?? []).map((f) => ({ value: f.value, label: sourceLabel(f.value) }));
  if (field === 'tags') return (facets?.tags ?? []).slice(0, 2000).map((f) => ({ value: f.value, label: f.value }));
  if (option?.type === 'consent') return CONSENT_FILTER_STATUSES.map((s) => ({ value: s, label: CONSENT_STATUS_LABELS[s] }));
  return (option?.definition as FieldDefinition | undefined)?.options.map((o) => ({ value: o, label: o })) ?? [];
}
