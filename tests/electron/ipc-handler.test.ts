import { describe, expect, it, vi } from 'vitest';
import { createCallHandler, type CallTarget } from '../../main/ipc-handler.js';
import type { Envelope } from '../../preload/contract.js';

interface FakeEvent {
  trusted: boolean;
}

function setup(target: CallTarget | null = { callUnchecked: vi.fn(async () => ({ ok: true, value: 'done' }) as Envelope<unknown>) }) {
  const onRefused = vi.fn();
  const handler = createCallHandler<FakeEvent>({ isTrustedSender: (event) => event.trusted, target: () => target, onRefused });
  return { handler, target, onRefused };
}

describe('the IPC call handler', () => {
  it('checks the sender before anything else', async () => {
    const { handler, target, onRefused } = setup();
    const result = await handler({ trusted: false }, 'contacts.get', { id: 'c1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(onRefused).toHaveBeenCalledWith({ trusted: false }, 'contacts.get');
    expect(target?.callUnchecked).not.toHaveBeenCalled();
  });

  it('refuses unknown methods and bad input without calling the worker', async () => {
    const { handler, target } = setup();
    expect(await handler({ trusted: true }, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await handler({ trusted: true }, { toString: () => 'x' }, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await handler({ trusted: true }, 'contacts.get', { id: '' })).toMatchObject({ ok: false, error: { code: 'bad_request', path: ['id'] } });
    expect(await handler({ trusted: true }, 'contacts.get', { id: 'c1', extra: true })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(target?.callUnchecked).not.toHaveBeenCalled();
  });

  it('passes the parsed input (defaults applied) to the worker and returns its envelope', async () => {
    const { handler, target } = setup();
    const result = await handler({ trusted: true }, 'contacts.count', {});
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(target?.callUnchecked).toHaveBeenCalledWith('contacts.count', { filter: {} });
  });

  it('answers unavailable while the workspace is not open', async () => {
    const { handler } = setup(null);
    expect(await handler({ trusted: true }, 'workspace.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('turns a thrown error into an envelope instead of throwing across IPC', async () => {
    const { handler } = setup({ callUnchecked: () => Promise.reject(new Error('worker gone')) });
    await expect(handler({ trusted: true }, 'workspace.info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'The call failed inside the app: worker gone' },
    });
  });
});
