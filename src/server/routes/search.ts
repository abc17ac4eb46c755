/** GET /api/search and GET /api/suggest. */
import { Router } from 'express';
import { DEFAULT_SEARCH_OPTIONS } from '../../search/defaults.js';
import { normalize } from '../../text/normalize.js';
import { assertQueryBounds } from '../../search/query-bounds.js';
import { parseQuery } from '../../search/query-syntax.js';
import { engineOf, lookUp, servedIndex, type AppContext } from '../context.js';
import { badParameter } from '../errors.js';
import { choice, date, integer, many, one } from '../params.js';
import { answerBody, toAnswer, type SearchAnswer } from '../search-answer.js';

const D = DEFAULT_SEARCH_OPTIONS;

export function searchRoutes(ctx: AppContext): Router {
  const router = Router();
  const onSearchThread = ctx.metrics.searches.labels({ thread: 'search' });
  const onMainThread = ctx.metrics.searches.labels({ thread: 'main' });

  router.get('/api/search', async (req, res) => {
    const t0 = performance.now();
    const q = one(req, 'q') ?? '';
    if (q.length > ctx.config.maxQueryLength) throw badParameter('q', `longer than ${ctx.config.maxQueryLength} characters`);
    const limit = integer(req, 'limit', D.limit, 1, D.maxLimit);
    const offset = integer(req, 'offset', 0, 0, D.maxOffset);
    const categories = many(req, 'category');
    const tags = many(req, 'tag');
    const from = date(req, 'from', false);
    const to = date(req, 'to', true);
    if (from !== undefined && to !== undefined && from > to) throw badParameter('from', 'is after to');
    const sort = choice(req, 'sort', ['relevance', 'date'] as const, 'relevance');
    const highlightPre = one(req, 'highlightPre') ?? D.highlightPre;
    const highlightPost = one(req, 'highlightPost') ?? D.highlightPost;
    if (highlightPre.length > D.maxMarkerLength) throw badParameter('highlightPre', `at most ${D.maxMarkerLength} characters`);
    if (highlightPost.length > D.maxMarkerLength) throw badParameter('highlightPost', `at most ${D.maxMarkerLength} characters`);
    const explain = choice(req, 'explain', ['0', '1', 'false', 'true'] as const, '0');
    const correct = choice(req, 'correct', ['0', '1', 'false', 'true'] as const, '1');
    const snippetLength = integer(req, 'snippetLength', ctx.config.snippetLength, D.minSnippetLength, D.maxSnippetLength);
    if (!normalize(q) && categories.length === 0 && tags.length === 0 && from === undefined && to === undefined) {
      throw badParameter('q', 'is required (or filter by category, tag, from or to)');
    }
    // Refused here, before a search thread is asked (the engine would refuse it too).
    assertQueryBounds(parseQuery(q));
    const index = servedIndex(ctx);
    const { manifest } = index;
    const options = {
      limit,
      offset,
      categories,
      tags,
      from,
      to,
      sort,
      highlightPre,
      highlightPost,
      snippetLength,
      explain: explain === '1' || explain === 'true',
      correct: correct === '1' || correct === 'true',
    };
    // The answer depends on the index version, the query and these options, and nothing else.
    const key = ctx.cache.enabled ? JSON.stringify([manifest.version, q, options]) : '';
    let answer: SearchAnswer | null | undefined = ctx.cache.get(key);
    if (answer) ctx.metrics.cacheHits.inc();
    else {
      ctx.metrics.cacheMisses.inc();
      answer = await ctx.searchThread?.search(manifest.version, q, options);
      if (answer) onSearchThread.inc();
      else {
        const engine = engineOf(index);
        const result = engine.search(q, options);
        answer = { ...toAnswer(result), version: engine.version };
        onMainThread.inc();
      }
      // A delta applied meanwhile (store/delta.ts) answered with a newer version's posts: labelled and cached as that version.
      const version = answer.version ?? manifest.version;
      ctx.cache.set(version === manifest.version ? key : JSON.stringify([version, q, options]), answer);
    }
    if (answer.version) res.setHeader('X-Index-Version', answer.version);
    res.type('json').send(answerBody(answer, +(performance.now() - t0).toFixed(2), offset, limit));
  });

  router.get('/api/suggest', async (req, res) => {
    const q = one(req, 'q') ?? '';
    if (!q.trim()) throw badParameter('q', 'is required');
    if (q.length > 64) throw badParameter('q', 'longer than 64 characters');
    const limit = integer(req, 'limit', D.suggestLimit, 1, D.maxSuggestLimit);
    res.json({ query: q, suggestions: await lookUp(ctx, { kind: 'suggest', prefix: q, limit }) });
  });

  return router;
}
