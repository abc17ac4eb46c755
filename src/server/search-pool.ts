/**
 * Several search threads (see search-thread.ts) behind one `search`: each search goes to
 * the thread serving the asked version with the fewest searches waiting, so one heavy
 * query holds up one thread and the others keep answering. The threads read the index's
 * postings, references, ids and texts from one copy in shared memory (section-cache.ts);
 * what each holds on its own is its jieba, its posts' objects and the lookups searches
 * use (corrections, pinyin readings).
 *
 * Suggestions and related posts are asked of the first thread whenever it serves the
 * version, and only it builds their lookups ahead of use (completions, keyword tables):
 * a second thread costs that much memory less (100,000 posts: about 15 MB), and searches
 * prefer the other threads when as busy.
 *
 * Events of every thread are re-emitted with the thread's number as the last argument.
 */
import { EventEmitter } from 'node:events';
import type { SearchOptions } from '../search/engine.js';
import type { Lookup, LookupAnswer } from './lookups.js';
import type { IndexHolder } from '../store/index-holder.js';
import type { SearchAnswer } from './search-answer.js';
import { SearchThread } from './search-thread.js';
import { SectionCache } from './section-cache.js';
import { takeEarlySections } from './search-thread-spawn.js';

const EVENTS = ['loaded', 'warmed', 'loadFailed', 'searchError', 'threadError', 'exit'] as const;

export class SearchPool extends EventEmitter {
  private readonly threads: SearchThread[];

  constructor(holder: IndexHolder, size: number) {
    super();
    // The threads read their postings and references from one copy, which this thread
    // reads (asynchronously, off the loop) while they load jieba's dictionaries, which
    // they do before any index: a single thread's load reads none of them either
    // (1,000,000 posts: a server answered 2.9 s after its start instead of 3.8 s).
    // `serve` began that read before its modules loaded (server/search-thread-spawn.ts).
    const sections = takeEarlySections() ?? new SectionCache();
    this.threads = Array.from({ length: Math.max(1, size) }, (_, n) => {
      const thread = new SearchThread(holder, sections, { answersLookups: n === 0 });
      for (const event of EVENTS) thread.on(event, (...args: unknown[]) => this.emit(event, ...args, n));
      return thread;
    });
  }

  /** Number of threads. */
  get size(): number {
    return this.threads.length;
  }

  /** True once every thread has run its warm-up searches (search/warm-searches.ts). */
  get warmedUp(): boolean {
    return this.threads.every((t) => t.warmedUp);
  }

  /** True when some thread serves `version`. */
  serves(version: string): boolean {
    return this.threads.some((t) => t.serves(version));
  }

  /** Searches on the least busy thread serving `version`; null when none does (see {@link SearchThread.search}). */
  search(version: string, query: string, options: SearchOptions): Promise<SearchAnswer | null> | null {
    return this.leastBusy(version)?.search(version, query, options) ?? null;
  }

  /**
   * A lookup on the first thread if it serves `version`, else on the least busy one that
   * does (building what it needs on first use); null when none does (see
   * {@link SearchThread.lookup}). A post alone needs no lookup: the least busy thread.
   */
  lookup<L extends Lookup>(version: string, lookup: L): Promise<LookupAnswer<L> | undefined> | null {
    const first = this.threads[0]!;
    const thread = lookup.kind !== 'post' && first.serves(version) ? first : this.leastBusy(version);
    return thread?.lookup(version, lookup) ?? null;
  }

  /** The thread serving `version` with the fewest questions waiting, the last of equals (the first answers lookups). */
  private leastBusy(version: string): SearchThread | null {
    let best: SearchThread | null = null;
    for (const t of this.threads) if (t.serves(version) && (!best || t.pending <= best.pending)) best = t;
    return best;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
