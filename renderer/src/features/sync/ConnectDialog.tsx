import { Alert, Button, Divider, Group, Loader, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconKey, IconWorld } from '@tabler/icons-react';
import { useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { useWorkspace } from '../../app/useWorkspace';
import { stripPathPrefix } from '../../lib/text';
import { useUi } from '../../state/ui';
import { TryDemoButton } from './SyncControls';
import { serviceHost } from './useSyncActions';
import { useSyncStatus } from './useSyncStatus';

/** "Connect to workspace": the service's address and an access token, checked by the core with the service. */
export function ConnectDialog() {
  const { opened, serviceUrl } = useUi((s) => s.connectDialog);
  const close = useUi((s) => s.closeConnect);
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={serviceUrl ? 'Reconnect to your workspace' : 'Connect to your workspace'}
      size={480}
      radius="lg"
      centered
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)', letterSpacing: '-0.01em' } }}
    >
      {/* Mounted only while open: every opening starts with an empty token. */}
      {opened && <ConnectForm initialUrl={serviceUrl} onDone={close} />}
    </Modal>
  );
}

type Field = 'serviceUrl' | 'token';
type Errors = Partial<Record<Field | 'form', string>>;

function ConnectForm({ initialUrl, onDone }: { initialUrl: string | null; onDone(): void }) {
  const { set } = useSyncStatus();
  const empty = useWorkspace().data?.contactCount === 0;
  const [values, setValues] = useState<Record<Field, string>>({ serviceUrl: initialUrl ?? '', token: '' });
  const [showToken, setShowToken] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [checking, setChecking] = useState(false);

  /** What both fields share; typing in one clears what was said about it (and about the form). */
  const fieldProps = (field: Field) => ({
    value: values[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setValues((v) => ({ ...v, [field]: value }));
      setErrors((e) => ({ ...e, [field]: undefined, form: undefined }));
    },
    error: errors[field],
    readOnly: checking,
    spellCheck: false,
    // Reconnecting keeps the address: the token is what to type.
    'data-autofocus': field === (initialUrl ? 'token' : 'serviceUrl') || undefined,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (checking) return;
    setChecking(true);
    setErrors({});
    try {
      const status = await api.call('sync.connect', values);
      set(status);
      onDone();
      notifications.show({ color: 'teal', title: 'Connected', message: `Syncing with ${serviceHost(status.serviceUrl)}. Contacts appear as they arrive.` });
    } catch (error) {
      setErrors(errorsOf(error));
    } finally {
      setChecking(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Enter the address of your Nexvio.ai chatbot service and an access token. The app checks both with the service before it starts syncing.
        </Text>
        <TextInput
          label="Service URL"
          placeholder="https://chat.example.com"
          leftSection={<IconWorld size={16} stroke={1.7} />}
          autoComplete="url"
          maxLength={2000}
          {...fieldProps('serviceUrl')}
        />
        <PasswordInput
          label="Access token"
          description="Stored securely on this device, never in the workspace database."
          leftSection={<IconKey size={16} stroke={1.7} />}
          autoComplete="off"
          maxLength={4096}
          {...fieldProps('token')}
          // PasswordInput marks its input only with data-invalid; screen readers need aria-invalid.
          aria-invalid={Boolean(errors.token)}
          visible={showToken}
          onVisibilityChange={setShowToken}
          visibilityToggleButtonProps={{
            'aria-label': 'Show token',
            tabIndex: 0,
            onKeyDown: (event: KeyboardEvent) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                setShowToken((v) => !v);
              }
            },
          }}
        />
        {errors.form && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Could not connect">
            <span className="untrusted">{errors.form}</span>
          </Alert>
        )}
        <Group justify="space-between" mt={4}>
          <Group gap={8} aria-live="polite">
            {checking && (
              <>
                <Loader size={14} />
                <Text size="sm" c="dimmed">
                  Checking the address and token…
                </Text>
              </>
            )}
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={onDone} disabled={checking}>
              Cancel
            </Button>
            <Button type="submit" loading={checking}>
              Connect
            </Button>
          </Group>
        </Group>
        {empty && !initialUrl && (
          <>
            <Divider label="No workspace at hand?" labelPosition="center" />
            <Group justify="center">
              <TryDemoButton variant="light" onStarted={onDone} />
            </Group>
          </>
        )}
      </Stack>
    </form>
  );
}

/** The core names the field at fault (`serviceUrl` or `token`); anything else is about the whole form. */
function errorsOf(error: unknown): Errors {
  if (!(error instanceof ApiError)) return { form: error instanceof Error ? error.message : String(error) };
  const message = stripPathPrefix(error.message, error.path);
  const field = error.path?.[0];
  if (field === 'serviceUrl' || field === 'token') return { [field]: message };
  return { form: message };
}
