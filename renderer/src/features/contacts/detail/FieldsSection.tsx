import { Text } from '@mantine/core';
import type { ContactDetail, EditableContactFields } from '../../../../../preload/contract';
import { CountryLabel } from '../../../components/CountryLabel';
import { formatNowIn, languageName } from '../../../lib/format';
import { EditableField, type EditableFieldProps } from './EditableField';
import { Section } from './Section';

type TextFieldKey = 'fullName' | 'firstName' | 'lastName' | 'email' | 'phone' | 'city' | 'country' | 'locale' | 'timezone';

const FIELDS: { key: TextFieldKey; label: string; placeholder: string; inputProps?: EditableFieldProps['inputProps'] }[] = [
  { key: 'fullName', label: 'Full name', placeholder: 'Add full name', inputProps: { maxLength: 400 } },
  { key: 'firstName', label: 'First name', placeholder: 'Add first name', inputProps: { maxLength: 200 } },
  { key: 'lastName', label: 'Last name', placeholder: 'Add last name', inputProps: { maxLength: 200 } },
  { key: 'email', label: 'Email', placeholder: 'Add email', inputProps: { maxLength: 320, type: 'email', inputMode: 'email' } },
  { key: 'phone', label: 'Phone', placeholder: 'Add phone', inputProps: { maxLength: 40, type: 'tel', inputMode: 'tel', description: 'Any format; a national number is read in the contact’s country' } },
  { key: 'city', label: 'City', placeholder: 'Add city', inputProps: { maxLength: 200 } },
  { key: 'country', label: 'Country', placeholder: 'Add country', inputProps: { maxLength: 2 } },
  { key: 'locale', label: 'Locale', placeholder: 'Add locale, e.g. de-DE', inputProps: { maxLength: 35 } },
  { key: 'timezone', label: 'Time zone', placeholder: 'Add time zone, e.g. Europe/Berlin', inputProps: { maxLength: 64 } },
];

/** The contact's own fields, each editable in place. */
export function FieldsSection({ contact, update }: { contact: ContactDetail; update(fields: EditableContactFields): Promise<void> }) {
  return (
    <Section title="Contact details">
      <div>
        {FIELDS.map((field) => (
          <EditableField
            key={field.key}
            label={field.label}
            value={contact[field.key]}
            display={displayOf(field.key, contact[field.key])}
            placeholder={field.placeholder}
            inputProps={field.inputProps}
            onSave={(value) => update({ [field.key]: value })}
          />
        ))}
      </div>
    </Section>
  );
}

function displayOf(key: TextFieldKey, value: string | null) {
  if (!value) return undefined;
  if (key === 'country') return <CountryLabel code={value} />;
  if (key === 'locale') return withHint(value, languageName(value));
  if (key === 'timezone') {
    const now = formatNowIn(value);
    return withHint(value, now && `${now} local time`);
  }
  return undefined;
}

/** "Europe/Berlin · 14:03 local time": the value, and a dimmed reading of it. */
function withHint(value: string, hint: string | null) {
  return (
    <>
      {value}
      {hint && (
        <Text span c="dimmed" size="sm">
          {' '}
          · {hint}
        </Text>
      )}
    </>
  );
}
