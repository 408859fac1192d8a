import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debounced, fitWindowState, parseWindowState, serializeWindowState, type DisplayArea, type WindowState } from '../../main/window-state.js';

const MIN = { minWidth: 1024, minHeight: 640 };
const laptop: DisplayArea = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
/** A second monitor to the right of the laptop. */
const external: DisplayArea = { workArea: { x: 1440, y: 0, width: 2560, height: 1415 } };
/** A monitor placed above and to the left (negative coordinates, as on Windows). */
const leftAbove: DisplayArea = { workArea: { x: -1920, y: -1080, width: 1920, height: 1040 } };

const saved = (x: number, y: number, width = 1280, height = 800, extra: Partial<WindowState> = {}): WindowState => ({
  bounds: { x, y, width, height },
  maximized: false,
  fullscreen: false,
  ...extra,
});

describe('parseWindowState', () => {
  it('reads what serializeWindowState wrote', () => {
    const state = saved(100, 120, 1300, 900, { maximized: true });
    expect(parseWindowState(serializeWindowState(state))).toEqual(state);
  });

  it.each([
    null,
    '',
    'not json',
    'null',
    '[]',
    '{"bounds":null}',
    '{"bounds":{"x":0,"y":0,"width":0,"height":600}}',
    '{"bounds":{"x":0,"y":0,"width":-5,"height":600}}',
    '{"bounds":{"x":"0","y":0,"width":800,"height":600}}',
    '{"bounds":{"x":1e308,"y":0,"width":800,"height":600}}',
    '{"bounds":{"x":0,"y":0,"width":800}}',
  ])('refuses %j (the default size is used)', (text) => {
    expect(parseWindowState(text)).toBeNull();
  });

  it('takes only true as true, and rounds fractional pixels', () => {
    expect(parseWindowState('{"bounds":{"x":1.4,"y":2.6,"width":1200.5,"height":700},"maximized":"yes","fullscreen":1}')).toEqual({
      bounds: { x: 1, y: 3, width: 1201, height: 700 },
      maximized: false,
      fullscreen: false,
    });
  });
});

describe('fitWindowState', () => {
  it('opens at the default size when nothing was saved', () => {
    expect(fitWindowState(null, [laptop], MIN)).toEqual({ bounds: null, maximized: false, fullscreen: false });
  });

  it('keeps a window that is on a display now', () => {
    expect(fitWindowState(saved(2000, 200, 1600, 1000), [laptop, external], MIN).bounds).toEqual({ x: 2000, y: 200, width: 1600, height: 1000 });
  });

  it('keeps a window across two monitors and one partly off-screen whose title bar can be grabbed', () => {
    expect(fitWindowState(saved(1000, 100), [laptop, external], MIN).bounds).toEqual({ x: 1000, y: 100, width: 1280, height: 800 });
    expect(fitWindowState(saved(1200, 300), [laptop], MIN).bounds).toEqual({ x: 1200, y: 300, width: 1280, height: 800 });
  });

  it('brings a window from a detached monitor back, centred on the primary display', () => {
    const restored = fitWindowState(saved(2000, 200, 1600, 1000, { maximized: true }), [laptop], MIN);
    // Shrunk to the laptop's work area, centred in it, still maximized.
    expect(restored).toEqual({ bounds: { x: 0, y: 25, width: 1440, height: 875 }, maximized: true, fullscreen: false });
  });

  it('brings back a window whose title bar is above the top of the screen', () => {
    const restored = fitWindowState(saved(100, 10), [laptop], MIN);
    expect(restored.bounds).toEqual({ x: 80, y: 63, width: 1280, height: 800 });
  });

  it('brings back a window with only a sliver of title bar showing', () => {
    const restored = fitWindowState(saved(1400, 100), [laptop], MIN);
    expect(restored.bounds?.x).toBe(80);
  });

  it('works with displays at negative coordinates', () => {
    expect(fitWindowState(saved(-1800, -1000), [laptop, leftAbove], MIN).bounds).toEqual({ x: -1800, y: -1000, width: 1280, height: 800 });
    const detached = fitWindowState(saved(-1800, -1000), [laptop], MIN).bounds;
    expect(detached).toEqual({ x: 80, y: 63, width: 1280, height: 800 });
  });

  it('never opens smaller than the minimum size', () => {
    expect(fitWindowState(saved(50, 50, 300, 200), [laptop], MIN).bounds).toEqual({ x: 50, y: 50, width: 1024, height: 640 });
  });

  it('never opens larger than the display it lands on', () => {
    expect(fitWindowState(saved(0, 25, 5000, 3000), [laptop], MIN).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  it('keeps full screen', () => {
    expect(fitWindowState(saved(0, 25, 1440, 875, { fullscreen: true }), [laptop], MIN).fullscreen).toBe(true);
  });

  it('opens at the default size when no display is known', () => {
    expect(fitWindowState(saved(0, 0), [], MIN).bounds).toBeNull();
  });
});

describe('Debounced', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after a burst of moves', () => {
    const save = vi.fn();
    const debounced = new Debounced(save, 500);
    for (let i = 0; i < 20; i++) {
      debounced.schedule();
      vi.advanceTimersByTime(100);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('flushes a pending save at once (on close), and does nothing when none is pending', () => {
    const save = vi.fn();
    const debounced = new Debounced(save, 500);
    debounced.flush();
    expect(save).not.toHaveBeenCalled();
    debounced.schedule();
    debounced.flush();
    expect(save).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
