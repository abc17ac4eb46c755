/**
 * POST /api/admin/reload and /api/admin/reindex, behind `Authorization: Bearer <token>`.
 * Without a configured token the routes do not exist (404).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function requireToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    // Compare fixed-length digests so neither content nor length leaks through timing.
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
      next(new HttpError(401, 'unauthorized', 'a valid bearer token is required'));
      return;
    }
    next();
  };
}

/** The message of a failed load or build, with file paths cut to their last part (where they are, quoted or not, is the server's business). */
export function publicReason(err: unknown): string {
  return String((err as Error).message ?? err)
    .replace(/(?:[A-Za-z]:)?(?:\/[^\s'"`:,;()/]+)+\/([^\s'"`:,;()/]+)/g, '$1')
    .trim();
}

export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  if (!ctx.config.adminToken) return router;
  const auth = requireToken(ctx.config.adminToken);
  let reindexing: string | null = null; // when the running reindex started

  router.post('/api/admin/reload', auth, async (_req, res) => {
    try {
      res.json(await ctx.holder.reloadInSlices());
    } catch (err) {
      ctx.metrics.reloads.inc({ outcome: 'refused' });
      throw new HttpError(409, 'index_refused', `the new index was refused, the old one keeps serving: ${publicReason(err)}`);
    }
  });

  router.post('/api/admin/reindex', auth, async (_req, res) => {
    if (!ctx.reindex) throw new HttpError(501, 'not_supported', 'reindexing is not available in this process');
    if (reindexing) throw new HttpError(409, 'busy', `a reindex is already running (started ${reindexing})`);
    reindexing = new Date().toISOString();
    try {
      const report = await ctx.reindex();
      res.json({ report, reload: await ctx.holder.reloadInSlices() });
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(409, 'reindex_failed', publicReason(err));
    } finally {
      reindexing = null;
    }
  });
  return router;
}
