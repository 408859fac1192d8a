import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True while the first value for the current key loads (not on a background reload). */
  loading: boolean;
  /** Loads again in the background, keeping the value on screen until the new one arrives. */
  reload(): void;
  /** Replaces the value (after a mutation returned the fresh object). */
  set(value: T): void;
}

/**
 * One value from the core, keyed: a new key loads afresh (nothing stale is shown for another
 * key), `reload` refreshes in place. Answers for an old key or an older request are dropped.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: Error; loading: boolean }>({ key, loading: key !== null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const request = useRef(0);

  const run = useCallback((forKey: string | null, background: boolean) => {
    const id = ++request.current;
    if (forKey === null) {
      setState({ key: forKey, loading: false });
      return;
    }
    if (!background) setState({ key: forKey, loading: true });
    loadRef
      .current()
      .then((data) => {
        if (request.current === id) setState({ key: forKey, data, loading: false });
      })
      .catch((error: unknown) => {
        if (request.current !== id) return;
        const err = error instanceof Error ? error : new Error(String(error));
        setState((previous) => ({ key: forKey, data: background ? previous.data : undefined, error: err, loading: false }));
      });
  }, []);

  useEffect(() => run(key, false), [key, run]);

  const reload = useCallback(() => run(key, true), [key, run]);
  const set = useCallback((data: T) => {
    request.current++;
    setState({ key, data, loading: false });
  }, [key]);

  const current = state.key === key;
  const data = current ? state.data : undefined;
  const error = current ? state.error : undefined;
  const loading = current ? state.loading : key !== null;
  // The same object while nothing changed: it is passed down and through contexts, and a new
  // one each render would re-render every consumer (the filter menus) on every keystroke.
  return useMemo(() => ({ data, error, loading, reload, set }), [data, error, loading, reload, set]);
}
