// Runs the integrity check thread from its TypeScript source (tests only; the app runs the
// bundled dist/integrity-check.js).
import { register } from 'tsx/esm/api';

register();
await import('../../core/session/integrity-thread.ts');
