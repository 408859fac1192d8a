import { Button, Center, Loader, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { PagedFeed } from '../../../lib/usePagedFeed';

/** Loads the next page when it scrolls into view (or on click, for keyboard users). */
export function LoadMoreSentinel({ timeline, endText, noun = 'the timeline' }: { timeline: PagedFeed<unknown>; endText: string; noun?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { loadMore, hasMore, loading, error } = timeline;
  useEffect(() => {
    const element = ref.current;
    if (!element || !hasMore) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: '600px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loadMore, timeline.items.length]);

  return (
    <Center ref={ref} py="md" mih={48}>
      {error ? (
        <Button variant="light" color="red" size="xs" onClick={timeline.reload}>
          Couldn’t load {noun}. Retry
        </Button>
      ) : loading ? (
        <Loader size="sm" type="dots" aria-label="Loading more" />
      ) : hasMore ? (
        <Button variant="subtle" size="xs" onClick={loadMore}>
          Load older
        </Button>
      ) : (
        <Text size="xs" c="dimmed">
          {endText}
        </Text>
      )}
    </Center>
  );
}
