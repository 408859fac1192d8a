import { Alert, Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** A section whose facts could not be read from the host: why, and a way to try again. */
export function SessionError({ what, error, retry }: { what: string; error: Error; retry(): void }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`${what} could not be read`}>
      {error.message}
      <div>
        <Button size="compact-sm" variant="light" color="red" mt="xs" onClick={retry}>
          Try again
        </Button>
      </div>
    </Alert>
  );
}
