import { Button, CopyButton, TextInput } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** Where a file the app wrote is (an export, a data-access package): the path, selectable, and a Copy path button. */
export function FilePathField({ path, label = 'File' }: { path: string; label?: string }) {
  return (
    <TextInput
      label={label}
      value={path}
      readOnly
      onFocus={(event) => event.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12, paddingRight: 120, textOverflow: 'ellipsis' } }}
      rightSectionWidth={112}
      rightSection={
        <CopyButton value={path}>
          {({ copied, copy }) => (
            <Button size="compact-sm" variant="light" leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
              {copied ? 'Copied' : 'Copy path'}
            </Button>
          )}
        </CopyButton>
      }
    />
  );
}
