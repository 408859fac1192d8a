import { Alert, Button, Skeleton } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Resource } from '../../api/useResource';

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

/** A section's body once its value from the host is there: a placeholder of `height` until then, the error if it failed. */
export function WhenLoaded<T>({ resource, what, height, children }: { resource: Resource<T>; what: string; height: number; children(value: T): ReactNode }) {
  if (resource.error) return <SessionError what={what} error={resource.error} retry={resource.reload} />;
  if (resource.data === undefined) return <Skeleton h={height} radius="md" />;
  return children(resource.data);
}
