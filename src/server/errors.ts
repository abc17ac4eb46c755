/** HTTP errors as JSON: `{ error: { code, message } }`, never a stack trace. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { QueryTooComplexError } from '../search/query-bounds.js';

/** Every `error.code` the HTTP API answers with (listed in openapi.json too). */
export const ERROR_CODES = [
  'bad_request',
  'busy',
  'headers_too_large',
  'index_refused',
  'index_unavailable',
  'internal_error',
  'invalid_parameter',
  'method_not_allowed',
  'not_found',
  'not_supported',
  'payload_too_large',
  'query_too_complex',
  'rate_limited',
  'reindex_failed',
  'unauthorized',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error class of the HTTP layer: a status, a code from {@link ERROR_CODES} and a message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const badParameter = (name: string, why: string): HttpError => new HttpError(400, 'invalid_parameter', `${name}: ${why}`);

const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/**
 * 405 with `Allow` for a path the API serves under other methods (`GET /api/admin/reload`);
 * other requests go on. `paths`: the OpenAPI document's path templates and their methods.
 */
export function methodNotAllowed(paths: Record<string, object>): RequestHandler {
  const routes = Object.entries(paths).map(([template, methods]) => {
    // A path item may hold more than its operations (`summary`, `parameters`).
    const allowed = Object.keys(methods)
      .map((m) => m.toUpperCase())
      .filter((m) => HTTP_METHODS.has(m));
    if (allowed.includes('GET')) allowed.push('HEAD');
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return { pattern: new RegExp(`^${pattern}$`), allowed };
  });
  return (req, res, next) => {
    const route = routes.find((r) => r.pattern.test(req.path));
    if (!route || route.allowed.includes(req.method)) return next();
    res.setHeader('Allow', route.allowed.join(', '));
    next(new HttpError(405, 'method_not_allowed', `${req.method} ${req.path} is not served; it takes ${route.allowed.join(' or ')}`));
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.originalUrl.split('?')[0]!.slice(0, 200)}`));
};

/** Maps errors to JSON answers; unexpected ones are logged and become a plain 500. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  void _next;
  let status = 500;
  let code: ErrorCode = 'internal_error';
  let message = 'internal error';
  if (err instanceof HttpError) {
    ({ status, code, message } = err);
  } else if (err instanceof QueryTooComplexError) {
    status = 400;
    code = 'query_too_complex';
    message = err.message;
  } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    // body-parser and friends: keep their status, not their internals.
    status = err.status;
    code = err.type === 'entity.too.large' ? 'payload_too_large' : 'bad_request';
    message = err.type === 'entity.too.large' ? 'request body too large' : 'malformed request';
  } else {
    req.log?.error({ err, reqId: res.getHeader('X-Request-Id') }, 'unhandled error');
  }
  if (res.headersSent) return;
  res.status(status).json({ error: { code, message } });
};
