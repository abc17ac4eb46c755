/** GET /api/posts/:id: one post by its exact id (a map lookup, never a file path). */
import { Router } from 'express';
import { servedIndex, type AppContext } from '../context.js';
import { HttpError } from '../errors.js';

export function postRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/posts/:id', (req, res) => {
    const id = req.params.id as string;
    const doc = servedIndex(ctx).engine.get(id);
    if (!doc) throw new HttpError(404, 'not_found', 'no post with this id');
    const { title, date, categories, tags, url, text } = doc;
    res.json({ id: doc.id, url, title, date, categories, tags, text });
  });
  return router;
}
