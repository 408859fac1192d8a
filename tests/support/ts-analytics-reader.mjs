// Runs the analytics reader thread from its TypeScript source (tests only; the app runs the
// bundled dist/analytics-reader.js beside dist/worker.js).
import { register } from 'tsx/esm/api';

register();
await import('../../core/analytics/reader-thread.ts');
