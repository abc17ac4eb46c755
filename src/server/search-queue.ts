/**
 * The search thread's waiting searches (see search-thread-worker.ts). Two queues, each
 * first in first out: heavy searches (several OR alternatives, or a long text: up to 50 ms
 * each at the cost bound; a single Han character or symbols alone, which read every post)
 * and the rest. While both hold searches they are served in turn,
 * so a plain search waits for at most one heavy one however many are queued, and heavy
 * ones still get half the thread.
 *
 * The queue also decides when the thread may drop old index versions: a `retain` of the
 * served version waits until no queued search asks for another one; a newer `retain`
 * replaces one still waiting. A version the thread was asked to load after the last
 * `retain` is kept too: it may be the next one served, already reported loaded.
 */
import { alternativesOf } from '../search/query-bounds.js';
import { parseQuery } from '../search/query-syntax.js';
import { normalize } from '../text/normalize.js';
import { pieces } from '../text/tokenize.js';

/** OR alternatives or characters from which a search is queued as heavy. */
const HEAVY_ALTERNATIVES = 4;
const HEAVY_CHARS = 64;

/**
 * A query of one Han character, or of symbols alone (`的`, `😀`, `。`): most posts hold it,
 * or the index cannot tell which do (it narrows a search by Han runs and words, the
 * tokenizer's pieces), and the search reads every post (250, 180 and 385 ms at 1,000,000
 * posts, against a few for a word; a Latin letter is a word the index knows).
 */
function readsEveryPost(query: string): boolean {
  const parts = pieces(normalize(query));
  return (
    query.trim() !== '' && (parts.length === 0 || (parts.length === 1 && parts[0]!.kind === 'han' && [...parts[0]!.text].length === 1))
  );
}

export function isHeavy(query: string): boolean {
  return query.length > HEAVY_CHARS || readsEveryPost(query) || alternativesOf(parseQuery(query)) >= HEAVY_ALTERNATIVES;
}

export class SearchQueue<T extends { query: string; version: string }> {
  private readonly plain: T[] = [];
  private readonly heavy: T[] = [];
  private lastWasPlain = false;
  private retaining: string | null = null;
  /** Versions asked to load since the last `retain`. */
  private readonly pinned = new Set<string>();

  get size(): number {
    return this.plain.length + this.heavy.length;
  }

  push(search: T): void {
    (isHeavy(search.query) ? this.heavy : this.plain).push(search);
  }

  /** The next search to answer: plain and heavy in turn while both wait. */
  next(): T | undefined {
    const plain = this.plain.length > 0 && (this.heavy.length === 0 || !this.lastWasPlain);
    this.lastWasPlain = plain;
    return (plain ? this.plain : this.heavy).shift();
  }

  /**
   * Asks to keep only `version`: answers it at once when no queued search needs another
   * version, else null (then {@link retainable} gives it once they are answered).
   */
  retain(version: string): string | null {
    this.pinned.clear();
    this.retaining = this.needsOther(version) ? version : null;
    return this.retaining === null ? version : null;
  }

  /** The version a waiting `retain` may keep now (its queued searches answered), once. */
  retainable(): string | null {
    if (this.retaining === null || this.needsOther(this.retaining)) return null;
    const version = this.retaining;
    this.retaining = null;
    return version;
  }

  /** A load of `version` was asked: no retain drops it until the next `retain` is asked. */
  pin(version: string): void {
    this.pinned.add(version);
  }

  /** Of `versions`, those keeping `retained` drops. */
  dropped(retained: string, versions: Iterable<string>): string[] {
    return [...versions].filter((v) => v !== retained && !this.pinned.has(v));
  }

  private needsOther(version: string): boolean {
    return this.plain.some((s) => s.version !== version) || this.heavy.some((s) => s.version !== version);
  }
}
