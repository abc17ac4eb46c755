/** GET /api/posts/:id: one post by its exact id (a map lookup, never a file path). */
import { DEFAULT_SEARCH_OPTIONS } from '../../search/defaults.js';
import { Router } from 'express';
import { LRUCache } from 'lru-cache';
import type { SearchHit } from '../../search/engine.js';
import { servedIndex, type AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { integer } from '../params.js';

export function postRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/posts/:id', (req, res) => {
    const id = req.params.id as string;
    const doc = servedIndex(ctx).engine.get(id);
    if (!doc) throw new HttpError(404, 'not_found', 'no post with this id');
    const { title, date, categories, tags, url, text } = doc;
    res.json({ id: doc.id, url, title, date, categories, tags, text });
  });
  // Related posts change only with the index: answers are kept per version, post and limit.
  const cache = new LRUCache<string, { hits: SearchHit[] | null }>({ max: 2000 });
  router.get('/api/posts/:id/related', async (req, res) => {
    const id = req.params.id as string;
    const limit = integer(req, 'limit', DEFAULT_SEARCH_OPTIONS.relatedLimit, 1, DEFAULT_SEARCH_OPTIONS.maxRelatedLimit);
    const { engine, manifest } = servedIndex(ctx);
    const key = JSON.stringify([manifest.version, id, limit]);
    let entry = cache.get(key);
    if (!entry) {
      const keywords = engine.keywordsOf(id);
      // Matched on a search thread when one serves this version (a lookup reads many posts' texts).
      let hits = keywords && (await ctx.searchThread?.related(manifest.version, id, limit, keywords));
      if (hits === undefined) hits = engine.related(id, limit, keywords ?? undefined);
      entry = { hits: keywords ? hits : null };
      cache.set(key, entry);
    }
    if (!entry.hits) throw new HttpError(404, 'not_found', 'no post with this id');
    res.json({ id, related: entry.hits });
  });
  return router;
}
