import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useAppEvent } from '../../api/useAppEvent';
import { useUi } from '../../state/ui';

/**
 * Wherever the person is, a notice when the app pauses a failing webhook endpoint: its events
 * wait until someone resumes it, so it must not go unnoticed.
 */
export function useWebhookPauseNotices(): void {
  const setView = useUi((s) => s.setView);
  useAppEvent((event) => {
    if (event.type !== 'webhooks.changed' || !event.paused) return;
    const id = `webhook-paused-${event.paused.endpointId}`;
    notifications.show({
      id,
      color: 'orange',
      title: 'A webhook endpoint was paused',
      autoClose: false,
      message: (
        <>
          <Text size="sm" component="span">
            {event.paused.url}: {event.paused.reason}. Its events wait until you resume it.{' '}
          </Text>
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              notifications.hide(id);
              setView('integrations');
            }}
          >
            Open Integrations
          </Anchor>
        </>
      ),
    });
  });
}
