/** Pure helpers for the app's lifecycle. */

/**
 * Waits for a clean close, but not forever: quitting must not hang on a stuck job. A cut
 * short close is still safe, since SQLite in WAL mode recovers the last committed state.
 */
export async function closeWithin(close: () => Promise<void>, timeoutMs: number): Promise<'closed' | 'timed-out' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    return await Promise.race([close().then(() => 'closed' as const), timeout]);
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
