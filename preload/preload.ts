/**
 * The preload script (bundled to dist/preload.cjs). It runs sandboxed, so it may only
 * require('electron'); everything else is bundled in. It exposes one object and nothing raw.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('nexvio', createBridge(ipcRenderer));
