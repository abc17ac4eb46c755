/** What the route modules share: configuration, the served index, cache, metrics. */
import type { Config } from '../config.js';
import type { IndexHolder } from '../store/index-holder.js';
import type { Metrics } from './metrics.js';
import type { SearchCache } from './search-cache.js';
import type { SearchPool } from './search-pool.js';
import type { LoadedIndex } from '../store/store.js';
import { HttpError } from './errors.js';

export interface AppContext {
  config: Config;
  holder: IndexHolder;
  cache: SearchCache;
  metrics: Metrics;
  /** Where searches run when it serves the request's index version (else on this thread). */
  searchThread?: SearchPool;
  /** Rebuilds the index from the configured source (admin route); resolves with a report. */
  reindex?: () => Promise<unknown>;
}

/** The index to answer with, or a 503 while none is loaded. */
export function servedIndex(ctx: AppContext): LoadedIndex {
  const current = ctx.holder.current;
  if (!current) throw new HttpError(503, 'index_unavailable', 'no index is loaded yet');
  return current;
}
