import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUND, buildWindowOptions } from '../../main/window-options.js';

describe('buildWindowOptions', () => {
  const options = buildWindowOptions({ preloadPath: '/app/dist/preload.cjs', darkMode: false, isPackaged: true });

  it('locks the renderer down', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    });
  });

  it('waits for ready-to-show at a sensible size', () => {
    expect(options).toMatchObject({ show: false, width: 1280, height: 800, minWidth: 1024, minHeight: 640 });
  });

  it('matches the theme and keeps DevTools out of packaged builds', () => {
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND.light);
    expect(options.webPreferences?.devTools).toBe(false);
    const dev = buildWindowOptions({ preloadPath: 'p', darkMode: true, isPackaged: false });
    expect(dev.backgroundColor).toBe(WINDOW_BACKGROUND.dark);
    expect(dev.webPreferences?.devTools).toBe(true);
  });
});

describe('buildWindowOptions with remembered bounds', () => {
  it('opens where the window was, keeping the minimum size', () => {
    const options = buildWindowOptions({ preloadPath: 'p', darkMode: false, isPackaged: true, bounds: { x: 40, y: 60, width: 1500, height: 900 } });
    expect(options).toMatchObject({ x: 40, y: 60, width: 1500, height: 900, minWidth: 1024, minHeight: 640 });
  });

  it('leaves the place to the OS without saved bounds', () => {
    const options = buildWindowOptions({ preloadPath: 'p', darkMode: false, isPackaged: true, bounds: null });
    expect(options.x).toBeUndefined();
    expect(options).toMatchObject({ width: 1280, height: 800 });
  });
});
