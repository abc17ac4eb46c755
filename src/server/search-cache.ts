/** An LRU cache of search answers, bounded by entries and bytes, keyed by index version and parameters. */
import { LRUCache } from 'lru-cache';
import type { SearchAnswer } from './search-answer.js';

export class SearchCache {
  private readonly lru: LRUCache<string, SearchAnswer> | null;

  /** `maxEntries` 0 turns the cache off. */
  constructor(maxEntries: number, maxBytes: number) {
    this.lru =
      maxEntries <= 0
        ? null
        : new LRUCache<string, SearchAnswer>({
            max: Math.max(1, maxEntries),
            maxSize: Math.max(1024, maxBytes),
            sizeCalculation: (a) => a.rest.byteLength + a.query.length * 2 + 256,
          });
  }

  /** False when configured with no entries: then there is no key worth building. */
  get enabled(): boolean {
    return this.lru !== null;
  }

  get(key: string): SearchAnswer | undefined {
    return this.lru?.get(key);
  }

  set(key: string, value: SearchAnswer): void {
    if (!this.lru) return;
    // An answer from the search thread views a buffer shared with the others of its reply:
    // keep a copy of its own bytes (a Buffer's slice() would be another view, not a copy).
    const { rest } = value;
    this.lru.set(key, rest.byteLength === rest.buffer.byteLength ? value : { ...value, rest: new Uint8Array(rest) });
  }

  clear(): void {
    this.lru?.clear();
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }
}
