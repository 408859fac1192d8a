/**
 * The analytics figures (issue 7): overview, growth, breakdowns, consent, conversations and
 * data health. Placeholder until the rollups land (branch analytics-core).
 */
import { CoreError } from '../api/errors.js';
import type { Handlers } from '../api/handlers.js';
import type { Workspace } from '../services/workspace.js';

type FigureMethod = 'analytics.overview' | 'analytics.growth' | 'analytics.breakdown' | 'analytics.consent' | 'analytics.conversations' | 'analytics.health';

export function figureHandlers(ws: Workspace): Pick<Handlers, FigureMethod> {
  void ws;
  const notYet = (): never => {
    throw new CoreError('unavailable', 'Analytics are not built yet.');
  };
  return {
    'analytics.overview': notYet,
    'analytics.growth': notYet,
    'analytics.breakdown': notYet,
    'analytics.consent': notYet,
    'analytics.conversations': notYet,
    'analytics.health': notYet,
  };
}
