import { useEffect, useRef } from 'react';

/** After a jump (to a date, or back to the newest), brings the start of the list into view once the new pages have loaded. */
export function useScrollToStartOnJump(day: string | null, loading: boolean, hasItems: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const phase = useRef<'idle' | 'waiting' | 'loading'>('idle');
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else phase.current = 'waiting';
  }, [day]);
  useEffect(() => {
    if (loading && phase.current === 'waiting') phase.current = 'loading';
    else if (!loading && phase.current === 'loading') {
      phase.current = 'idle';
      if (hasItems) ref.current?.scrollIntoView({ block: 'start' });
    }
  }, [loading, hasItems]);
  return ref;
}
