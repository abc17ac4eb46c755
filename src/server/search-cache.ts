/** An LRU cache of search answers, bounded by entries and bytes, keyed by index version and parameters. */
import { LRUCache } from 'lru-cache';
import type { SearchResult } from '../index/engine.js';

export class SearchCache {
  private readonly lru: LRUCache<string, SearchResult> | null;

  /** `maxEntries` 0 turns the cache off. */
  constructor(maxEntries: number, maxBytes: number) {
    this.lru = maxEntries <= 0 ? null : new LRUCache<string, SearchResult>({
      max: Math.max(1, maxEntries),
      maxSize: Math.max(1024, maxBytes),
      // UTF-16 length of the hits is a fair bound on what an answer holds in memory.
      sizeCalculation: (r) => Math.max(1, JSON.stringify(r.hits).length * 2 + 256),
    });
  }

  get(key: string): SearchResult | undefined {
    return this.lru?.get(key);
  }

  set(key: string, value: SearchResult): void {
    this.lru?.set(key, value);
  }

  clear(): void {
    this.lru?.clear();
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }
}
