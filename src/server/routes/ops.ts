/** Liveness, readiness, Prometheus metrics and the OpenAPI description. */
import { Router } from 'express';
import { isReady } from '../../text/jieba.js';
import type { AppContext } from '../context.js';
import { openApiDocument } from '../openapi.js';

export function opsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const current = ctx.holder.current;
    if (!current) {
      res.status(503).json({ status: 'loading' });
      return;
    }
    const { version, buildTime, documentCount } = current.manifest;
    // Searches are answered from the start; `segmenter` says whether jieba's words rank
    // them yet, `searchThread` whether they run off the main thread yet.
    const thread = ctx.searchThread;
    const searchThread = !thread ? 'off' : thread.serves(version) ? 'ready' : 'loading';
    // A search thread serving the version has its jieba loaded (it loads it first).
    const segmenter = isReady() || searchThread === 'ready' ? 'jieba' : 'loading';
    // Whether the search threads have compiled their code with searches of their own yet.
    const warmUp = !thread ? 'off' : thread.warmedUp ? 'done' : 'running';
    res.json({ status: 'ready', version, buildTime, documentCount, segmenter, searchThread, warmUp });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(ctx.config));
  });
  return router;
}
