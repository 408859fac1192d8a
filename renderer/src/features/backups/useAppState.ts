import { useEffect, useState } from 'react';
import type { AppState } from '../../../../preload/contract';
import { api } from '../../api/client';

export type AppStateLoad = { status: 'loading' } | { status: 'ready'; state: AppState } | { status: 'failed' };

/**
 * The session's state (open, or recovery with the problem), asked once at start and kept
 * current by `app.state` events (after a restore or a move of the data folder).
 */
export function useAppState(): AppStateLoad {
  const [load, setLoad] = useState<AppStateLoad>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const stop = api.onEvent((event) => {
      if (event.type === 'app.state') setLoad({ status: 'ready', state: event.state });
    });
    api
      .call('app.state', {})
      .then((state) => live && setLoad((current) => (current.status === 'ready' ? current : { status: 'ready', state })))
      .catch(() => live && setLoad({ status: 'failed' }));
    return () => {
      live = false;
      stop();
    };
  }, []);
  return load;
}
