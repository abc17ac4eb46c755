/** GET /api/posts/:id: one post by its exact id (a map lookup, never a file path). */
import { DEFAULT_SEARCH_OPTIONS } from '../../search/defaults.js';
import { Router } from 'express';
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
  router.get('/api/posts/:id/related', (req, res) => {
    const limit = integer(req, 'limit', DEFAULT_SEARCH_OPTIONS.relatedLimit, 1, DEFAULT_SEARCH_OPTIONS.maxRelatedLimit);
    const related = servedIndex(ctx).engine.related(req.params.id as string, limit);
    if (!related) throw new HttpError(404, 'not_found', 'no post with this id');
    res.json({ id: req.params.id, related });
  });
  return router;
}
