/** Prometheus metrics (prom-client), one registry per app so tests can run several. */
import client from 'prom-client';

export interface Metrics {
  registry: client.Registry;
  requests: client.Counter<'route' | 'method' | 'status'>;
  latency: client.Histogram<'route'>;
  cacheHits: client.Counter;
  cacheMisses: client.Counter;
  searches: client.Counter<'thread'>;
  documents: client.Gauge;
  indexInfo: client.Gauge<'version'>;
  reloads: client.Counter<'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'zhsearch_' });
  return {
    registry,
    requests: new client.Counter({
      name: 'zhsearch_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    latency: new client.Histogram({
      name: 'zhsearch_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    cacheHits: new client.Counter({
      name: 'zhsearch_search_cache_hits_total',
      help: 'Search answers served from the cache',
      registers: [registry],
    }),
    cacheMisses: new client.Counter({ name: 'zhsearch_search_cache_misses_total', help: 'Search answers computed', registers: [registry] }),
    searches: new client.Counter({
      name: 'zhsearch_searches_total',
      help: 'Searches computed, by the thread that ran them (search or main)',
      labelNames: ['thread'],
      registers: [registry],
    }),
    documents: new client.Gauge({ name: 'zhsearch_index_documents', help: 'Posts in the served index', registers: [registry] }),
    indexInfo: new client.Gauge({
      name: 'zhsearch_index_info',
      help: 'The served index version (value 1)',
      labelNames: ['version'],
      registers: [registry],
    }),
    reloads: new client.Counter({
      name: 'zhsearch_index_reloads_total',
      help: 'Index reloads by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
