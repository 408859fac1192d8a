import { Button, Code, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';

/** The last line of defence: a bug in a view shows a way out instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Nexvio Contacts crashed in a view', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Stack h="100%" justify="center">
        <EmptyState
          icon={<IconAlertTriangle size={28} />}
          color="red"
          title="Something went wrong"
          actions={
            <Button mt="sm" onClick={() => window.location.reload()}>
              Reload the app
            </Button>
          }
        >
          The window hit an unexpected problem. Your data is safe in the local workspace.
          <Code block mt="md" ta="left">
            {this.state.error.message.slice(0, 500)}
          </Code>
        </EmptyState>
      </Stack>
    );
  }
}
