// Runs the database worker from its TypeScript source inside a worker thread (tests only;
// the app runs the bundled dist/worker.js). Node 20 does not pass --import to workers.
import { register } from 'tsx/esm/api';

register();
await import('../../core/worker/worker.ts');
