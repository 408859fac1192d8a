/**
 * From a figure to the contacts behind it (the list's filter), and saving a chart's CSV or
 * PNG. Placeholder until branch analytics-drill lands.
 */
import { CoreError } from '../api/errors.js';
import type { Handlers } from '../api/handlers.js';
import type { Workspace } from '../services/workspace.js';

export function drillHandlers(ws: Workspace): Pick<Handlers, 'analytics.drillFilter' | 'analytics.saveChart'> {
  void ws;
  const notYet = (): never => {
    throw new CoreError('unavailable', 'Analytics are not built yet.');
  };
  return { 'analytics.drillFilter': notYet, 'analytics.saveChart': notYet };
}
