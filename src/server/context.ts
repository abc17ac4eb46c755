/** What the route modules share: configuration, the served index, cache, metrics. */
import type { Config } from '../config.js';
import type { IndexHolder } from '../store/index-holder.js';
import type { Metrics } from './metrics.js';
import type { SearchCache } from './search-cache.js';
import type { SearchPool } from './search-pool.js';
import type { SearchEngine } from '../search/engine.js';
import type { ServedIndex } from '../store/served-index.js';
import { HttpError } from './errors.js';
import { answerLookup, type Lookup, type LookupAnswer } from './lookups.js';

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
export function servedIndex(ctx: AppContext): ServedIndex {
  const current = ctx.holder.current;
  if (!current) throw new HttpError(503, 'index_unavailable', 'no index is loaded yet');
  return current;
}

/**
 * The served index's engine on this thread, decoded now if it was let go (a search thread
 * serves it); a 503 if its data file can no longer be read (a newer index replaced it).
 */
export function engineOf(index: ServedIndex): SearchEngine {
  try {
    return index.engine;
  } catch {
    throw new HttpError(503, 'index_unavailable', 'the index is being replaced; try again');
  }
}

/** A lookup in the served index, on a search thread serving it when there is one, else here. */
export async function lookUp<L extends Lookup>(ctx: AppContext, lookup: L): Promise<LookupAnswer<L>> {
  const index = servedIndex(ctx);
  const answered = await (ctx.searchThread?.lookup(index.manifest.version, lookup) ?? undefined);
  return answered !== undefined ? answered : answerLookup(engineOf(index), lookup);
}
