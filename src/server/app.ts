/**
 * The Express application: request ids and logs, metrics, security headers, CORS,
 * compression, an optional rate limit, the routes, static files, JSON errors.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import cors from 'cors';
import express from 'express';
import type { rateLimit as RateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.js';
import type { LoadedIndex } from '../store/store.js';
import type { AppContext } from './context.js';
import { errorHandler, HttpError, methodNotAllowed, notFound } from './errors.js';
import { openApiDocument } from './openapi.js';
import type { IndexHolder } from '../store/index-holder.js';
import { createMetrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { opsRoutes } from './routes/ops.js';
import { postRoutes } from './routes/posts.js';
import { searchRoutes } from './routes/search.js';
import { SearchCache } from './search-cache.js';
import type { SearchPool } from './search-pool.js';
import { lazyRequire } from '../lazy-require.js';

/** express-rate-limit, loaded only for a server that limits (0.05 s of every start here; off by default). */
const loadRateLimit = lazyRequire<{ rateLimit: typeof RateLimit }>('express-rate-limit');

export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');

/** What {@link createApp} serves and how. */
export interface AppOptions {
  config: Config;
  holder: IndexHolder;
  logger?: Logger;
  reindex?: () => Promise<unknown>;
  /** Runs searches off the main thread (serve.ts starts one unless configured off). */
  searchThread?: SearchPool;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * The Express application of the service: the API, the search page, widget.js, metrics
 * and admin routes over the index `holder` serves.
 *
 * @example
 * const app = createApp({ config: loadConfig(), holder });
 * createHttpServer(app).listen(3000, '127.0.0.1');
 */
export function createApp({
  config,
  holder,
  logger = pino({ level: config.logLevel }),
  reindex,
  searchThread,
}: AppOptions): express.Express & { context: AppContext } {
  const metrics = createMetrics();
  const cache = new SearchCache(config.cache.maxEntries, config.cache.maxBytes);
  const ctx: AppContext = { config, holder, cache, metrics, reindex, searchThread };
  const onSwap = (next: LoadedIndex): void => {
    cache.clear();
    metrics.documents.set(next.manifest.documentCount);
    metrics.indexInfo.reset();
    metrics.indexInfo.set({ version: next.manifest.version }, 1);
    metrics.reloads.inc({ outcome: 'loaded' });
  };
  holder.on('swap', onSwap);
  // Answers made with the old synonyms are stale once the new ones apply.
  holder.on('synonyms', () => cache.clear());
  if (holder.current) onSwap(holder.current);

  const app = express() as express.Express & { context: AppContext };
  app.context = ctx;
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const requestId = (req: express.Request | import('node:http').IncomingMessage, res: import('node:http').ServerResponse): string => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
  if (logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger,
        genReqId: requestId,
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      }),
    );
  } else {
    // Request logs are off: keep the request id; errors are logged with it (errorHandler).
    app.use((req, res, next) => {
      requestId(req, res);
      (req as express.Request & { log: Logger }).log = logger;
      next();
    });
  }
  app.use((req, res, next) => {
    const end = metrics.latency.startTimer();
    const version = holder.current?.manifest.version;
    if (version) res.setHeader('X-Index-Version', version);
    res.on('finish', () => {
      const route =
        (req.route?.path as string | undefined) ??
        (res.statusCode === 404 ? 'unmatched' : req.path.startsWith('/api/') ? 'unmatched' : 'static');
      end({ route });
      metrics.requests.inc({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      // The API and widget.js are meant to be used from other sites.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  const anyOrigin = config.corsOrigins.includes('*');
  app.use(
    cors({
      origin: anyOrigin ? '*' : config.corsOrigins,
      methods: ['GET', 'POST'],
      exposedHeaders: ['X-Index-Version', 'X-Request-Id'],
      maxAge: 600,
    }),
  );
  // compression() wraps every response it sees; a client that accepts no encoding gets nothing from it.
  const compress = compression();
  app.use((req, res, next) => (req.headers['accept-encoding'] ? compress(req, res, next) : next()));
  if (config.rateLimitPerMinute > 0) {
    app.use(
      '/api/',
      loadRateLimit().rateLimit({
        windowMs: 60_000,
        limit: config.rateLimitPerMinute,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        handler: (_req, _res, next) =>
          next(new HttpError(429, 'rate_limited', `more than ${config.rateLimitPerMinute} requests per minute from this address`)),
      }),
    );
  }
  // Only POST routes take a body; parsing (even an empty one) costs every GET a stream read.
  const jsonBody = express.json({ limit: '16kb' });
  app.use((req, res, next) => (req.method === 'POST' ? jsonBody(req, res, next) : next()));
  app.use(opsRoutes(ctx));
  app.use(searchRoutes(ctx));
  app.use(postRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(methodNotAllowed((openApiDocument(config) as { paths: Record<string, object> }).paths));
  app.use('/api', notFound);
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h' }));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
