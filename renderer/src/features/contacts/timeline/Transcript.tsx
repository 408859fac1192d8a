import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Message } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { useResource } from '../../../api/useResource';
import { formatDate, formatDateTime, formatTime } from '../../../lib/format';
import { speaker, type Speaker } from './speaker';
import classes from './Transcript.module.css';

const LONG_MESSAGE = 3000;

/** The full conversation as chat bubbles: the visitor on the left, bot and agents on the right. */
export function Transcript({ conversationId, contact }: { conversationId: string; contact: Speaker }) {
  const conversation = useResource(`conversation:${conversationId}`, () => api.call('conversations.get', { id: conversationId }));
  if (conversation.error) {
    return (
      <Alert color="red" variant="light" title="The transcript could not be loaded">
        {conversation.error.message}
      </Alert>
    );
  }
  if (!conversation.data) {
    return (
      <Center py="md">
        <Loader size="sm" type="dots" aria-label="Loading transcript" />
      </Center>
    );
  }
  const messages = conversation.data.messages;
  return (
    <Stack gap={10} py={8} className={classes.transcript} role="log" aria-label="Transcript">
      {messages.length === 0 && (
        <Text size="sm" c="dimmed">
          {conversation.data.transcriptRemovedAt
            ? `The transcript was removed from this device by a retention rule on ${formatDate(conversation.data.transcriptRemovedAt)}; the chatbot service keeps its copy.`
            : 'This conversation has no messages.'}
        </Text>
      )}
      {messages.map((message) => (
        <Bubble key={message.id} message={message} contact={contact} />
      ))}
    </Stack>
  );
}

function Bubble({ message, contact }: { message: Message; contact: Speaker }) {
  const [full, setFull] = useState(false);
  const long = message.text.length > LONG_MESSAGE;
  const text = long && !full ? `${message.text.slice(0, LONG_MESSAGE)}…` : message.text;
  if (message.role === 'system') {
    return (
      <div className={classes.system} dir="auto">
        {text}
      </div>
    );
  }
  return (
    <div className={classes.message} data-role={message.role}>
      <div className={classes.meta}>
        <span className="ellipsis" dir="auto">
          {speaker(message, contact)}
        </span>
        <time dateTime={message.sentAt} title={formatDateTime(message.sentAt)}>
          {formatTime(message.sentAt)}
        </time>
      </div>
      <div className={classes.bubble} dir="auto">
        {text}
        {long && (
          <Button variant="subtle" size="compact-xs" display="block" mt={4} onClick={() => setFull(!full)}>
            {full ? 'Show less' : 'Show the whole message'}
          </Button>
        )}
      </div>
    </div>
  );
}
