/** node --import ./register.mjs …: load the bundled main process against the stand-in. */
import Module, { register } from 'node:module';

// `import 'electron'` (the bundle): the resolve hook in hooks.mjs.
register('./hooks.mjs', import.meta.url);

// `require('electron')` inside CommonJS packages (electron-log, electron-updater): the same
// stand-in instance, so what they ask of Electron is recorded too (the hooks above do not
// reach require() in Node 20, and the real package would try to download Electron).
const standIn = await import('./electron.mjs');
/** @type {{ _load: (request: string, parent: unknown, isMain: boolean) => unknown }} */
const loader = /** @type {never} */ (Module);
const load = loader._load;
loader._load = function loadWithStandIn(request, parent, isMain) {
  return request === 'electron' ? standIn : load.call(this, request, parent, isMain);
};
