import { Alert, Text } from '@mantine/core';
import { IconTerminal2 } from '@tabler/icons-react';
import { FilePathField } from '../../components/FilePathField';
import { SectionCard } from '../../components/SectionCard';
import { RevealButton } from './RevealButton';
import { WhenLoaded } from './SessionError';
import { useAppStateResource } from './useSession';

/** Where the app's log files are, to attach to a support request (personal data is left out of them). */
export function LogsSettings() {
  const state = useAppStateResource();
  const app = state.data;
  return (
    <SectionCard
      id="settings-logs"
      title="Logs"
      description="What the app did, for a support request. Names, emails, phone numbers, messages and tokens are left out of the logs."
      actions={app?.logsFolder ? <RevealButton what="logs" label="Reveal logs" title="The logs folder" /> : undefined}
    >
      <WhenLoaded resource={state} what="Where the logs are" height={60}>
        {({ logsFolder }) =>
          logsFolder ? (
            <FilePathField path={logsFolder} label="Logs folder" />
          ) : (
            <Alert variant="light" color="gray" icon={<IconTerminal2 size={18} />} title="The browser host keeps no log files">
              It writes its log to the terminal it was started from (<Text span ff="monospace" size="sm">npm run web</Text>). The desktop app keeps log files you can reveal here.
            </Alert>
          )
        }
      </WhenLoaded>
    </SectionCard>
  );
}
