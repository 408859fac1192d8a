/**
 * The main window's size and place, remembered between runs. Pure: parse and check the
 * saved file, fit it to the displays present now, and debounce saves while a window is
 * dragged. main/window.ts reads and writes userData/window-state.json.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximized, not full-screen) bounds, so un-maximizing goes back there. */
  bounds: Rect;
  maximized: boolean;
  fullscreen: boolean;
}

export interface DisplayArea {
  /** The display's work area (without task bar or menu bar), in screen coordinates. */
  workArea: Rect;
}

export const WINDOW_STATE_FILE = 'window-state.json';
/** How much of the title bar must lie on a display to grab it: its height and 120 px of width. */
export const TITLE_BAR_HEIGHT = 32;
export const MIN_VISIBLE_TITLE_WIDTH = 120;
export const SAVE_DEBOUNCE_MS = 500;

const LIMIT = 100_000;
const isCoordinate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= LIMIT;
const isLength = (value: unknown): value is number => isCoordinate(value) && value > 0;

/** The saved file's content, or null when it is missing, damaged or from something else. */
export function parseWindowState(text: string | null): WindowState | null {
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { bounds, maximized, fullscreen } = data as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isCoordinate(x) || !isCoordinate(y) || !isLength(width) || !isLength(height)) return null;
  return {
    bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
    maximized: maximized === true,
    fullscreen: fullscreen === true,
  };
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function overlapArea(a: Rect, b: Rect): number {
  const { width, height } = overlap(a, b);
  return width * height;
}

/** Whether a person can reach the title bar to move the window: enough of it on one display. */
function titleBarReachable(bounds: Rect, display: DisplayArea): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: TITLE_BAR_HEIGHT };
  const seen = overlap(titleBar, display.workArea);
  return seen.height >= TITLE_BAR_HEIGHT && seen.width >= Math.min(MIN_VISIBLE_TITLE_WIDTH, bounds.width);
}

export interface RestoredWindow {
  /** Where to open; null: the default size, centred by the OS. */
  bounds: Rect | null;
  maximized: boolean;
  fullscreen: boolean;
}

/**
 * Fits the saved state to the displays present now. A window whose title bar is still
 * reachable stays where it was (also across two monitors); one left on a detached or
 * rearranged monitor comes back centred on the display it overlapped most, or the primary
 * one (the first). The size never falls below the minimum nor exceeds that display.
 */
export function fitWindowState(saved: WindowState | null, displays: readonly DisplayArea[], minimum: { minWidth: number; minHeight: number }): RestoredWindow {
  const primary = displays[0];
  if (!saved || !primary) return { bounds: null, maximized: false, fullscreen: false };
  const { bounds } = saved;
  const home = displays.reduce((best, display) => (overlapArea(bounds, display.workArea) > overlapArea(bounds, best.workArea) ? display : best), primary);
  const area = home.workArea;
  const width = Math.max(minimum.minWidth, Math.min(bounds.width, area.width));
  const height = Math.max(minimum.minHeight, Math.min(bounds.height, area.height));
  const sized = { ...bounds, width, height };

  const placed = displays.some((display) => titleBarReachable(sized, display))
    ? sized
    : {
        x: area.x + Math.max(0, Math.round((area.width - width) / 2)),
        y: area.y + Math.max(0, Math.round((area.height - height) / 2)),
        width,
        height,
      };
  return { bounds: placed, maximized: saved.maximized, fullscreen: saved.fullscreen };
}

/**
 * Calls `run` once things have been quiet for `delayMs` (moving a window fires dozens of
 * events a second). `flush` runs a pending call now (on close); `cancel` drops it.
 */
export class Debounced {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly run: () => void,
    private readonly delayMs: number = SAVE_DEBOUNCE_MS,
  ) {}

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, this.delayMs);
  }

  flush(): void {
    if (!this.timer) return;
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
