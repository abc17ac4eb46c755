/** GET /api/posts/:id: one post by its exact id (a map lookup, never a file path). */
import { DEFAULT_SEARCH_OPTIONS } from '../../search/defaults.js';
import { Router } from 'express';
import { LRUCache } from 'lru-cache';
import type { SearchHit } from '../../search/engine.js';
import { lookUp, servedIndex, type AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { integer } from '../params.js';

export function postRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/posts/:id', async (req, res) => {
    const post = await lookUp(ctx, { kind: 'post', postId: req.params.id as string });
    if (!post) throw new HttpError(404, 'not_found', 'no post with this id');
    res.json(post);
  });
  // Related posts change only with the index: answers are kept per version, post and limit.
  const cache = new LRUCache<string, { hits: SearchHit[] | null }>({ max: 2000 });
  router.get('/api/posts/:id/related', async (req, res) => {
    const id = req.params.id as string;
    const limit = integer(req, 'limit', DEFAULT_SEARCH_OPTIONS.relatedLimit, 1, DEFAULT_SEARCH_OPTIONS.maxRelatedLimit);
    const key = JSON.stringify([servedIndex(ctx).manifest.version, id, limit]);
    let entry = cache.get(key);
    if (!entry) {
      // The post's keywords and the matching, which reads many posts' texts, on a search
      // thread when one serves (this thread then needs no jieba of its own).
      entry = { hits: await lookUp(ctx, { kind: 'related', postId: id, limit }) };
      cache.set(key, entry);
    }
    if (!entry.hits) throw new HttpError(404, 'not_found', 'no post with this id');
    res.json({ id, related: entry.hits });
  });
  return router;
}
