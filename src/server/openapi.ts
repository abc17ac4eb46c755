/** The OpenAPI 3.1 description served at /openapi.json. */
import { ERROR_CODES } from './errors.js';
import { DEFAULT_SEARCH_OPTIONS as D } from '../search/defaults.js';
import type { Config } from '../config.js';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const str = (description: string, extra: object = {}) => ({ type: 'string', description, ...extra });
const param = (name: string, description: string, schema: object, extra: object = {}) => ({
  name,
  in: 'query',
  description,
  schema,
  ...extra,
});

export function openApiDocument(config: Config): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'zhsearch',
      version: '0.1.0',
      description:
        'Chinese full-text search over a Jekyll site. Every answer carries the served index version in the X-Index-Version header.',
    },
    paths: {
      '/api/search': {
        get: {
          summary: 'Search posts',
          description:
            'Posts containing the whole query verbatim rank first, then posts containing each space-separated part, then posts containing every word; when no post has every word, posts with any word answer (matched = any). Traditional, full-width and mixed Chinese-Latin queries are normalised like the posts.',
          parameters: [
            param(
              'q',
              `Query text, at most ${config.maxQueryLength} characters; may be empty when a filter is given. Syntax: "精确短语" (phrase), -排除词 and -"排除短语" (exclusion), A OR B, title:…, tag:…, category:…, date:2022-01-01..2022-06-30 (either end may be left open). Malformed syntax (an unclosed quote, a lone -) is searched as plain text. A Latin query that matches no Latin word is read as pinyin (zhibo finds 直播).`,
              { type: 'string', maxLength: config.maxQueryLength },
            ),
            param('limit', 'Hits per page.', { type: 'integer', minimum: 1, maximum: D.maxLimit, default: D.limit }),
            param('offset', 'Hits to skip.', { type: 'integer', minimum: 0, maximum: D.maxOffset, default: 0 }),
            param(
              'category',
              'Keep posts in this category (repeat for any of several).',
              { type: 'array', items: { type: 'string' } },
              { style: 'form', explode: true },
            ),
            param(
              'tag',
              'Keep posts with this tag (repeat: all must match).',
              { type: 'array', items: { type: 'string' } },
              { style: 'form', explode: true },
            ),
            param('from', 'Keep posts dated on or after (YYYY-MM-DD or ISO 8601).', { type: 'string' }),
            param('to', 'Keep posts dated on or before (a bare date covers the whole day).', { type: 'string' }),
            param('sort', 'Order of hits.', { type: 'string', enum: ['relevance', 'date'], default: 'relevance' }),
            param('highlightPre', 'Markup before a match.', { type: 'string', maxLength: D.maxMarkerLength, default: D.highlightPre }),
            param('highlightPost', 'Markup after a match.', { type: 'string', maxLength: D.maxMarkerLength, default: D.highlightPost }),
            param(
              'explain',
              'With 1, each hit carries `explain`: its tier, title match, BM25 and its part from each field (title, tags, categories, body, with their boosts), proximity, title words, freshness (0 unless the site weighs it), the signals, the share of its text that is its own (below 1 only for a post listing the others, such as an archive) and the total, the words scored, the words required (the query less its optional words) and which of those the hit lacks.',
              {
                type: 'string',
                enum: ['0', '1', 'false', 'true'],
                default: '0',
              },
            ),
            param(
              'correct',
              'With 1 (the default), a query that finds nothing as typed gives the hits of the spelling offered in `didYouMean`, and says so in `correctedQuery`; with 0, it finds nothing.',
              { type: 'string', enum: ['0', '1', 'false', 'true'], default: '1' },
            ),
            param('snippetLength', 'Snippet length in characters.', {
              type: 'integer',
              minimum: D.minSnippetLength,
              maximum: D.maxSnippetLength,
              default: config.snippetLength,
            }),
          ],
          responses: {
            200: {
              description: 'Ranked hits with snippets and facets',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResult' } } },
            },
            400: error(
              'A parameter is missing or invalid (the message names it), or the query has more OR alternatives than searched (query_too_complex)',
            ),
            429: error('Rate limit exceeded'),
            503: error('No index loaded yet'),
          },
        },
      },
      '/api/suggest': {
        get: {
          summary: 'Completions as the reader types',
          parameters: [
            param('q', 'What has been typed (1-64 characters).', { type: 'string', minLength: 1, maxLength: 64 }, { required: true }),
            param('limit', 'Suggestions.', { type: 'integer', minimum: 1, maximum: D.maxSuggestLimit, default: D.suggestLimit }),
          ],
          responses: {
            200: {
              description: 'Suggestions, best first',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      query: { type: 'string' },
                      suggestions: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: { text: { type: 'string' }, kind: { enum: ['word', 'title', 'pinyin'] }, count: { type: 'integer' } },
                        },
                      },
                    },
                  },
                },
              },
            },
            400: error('q missing or too long'),
          },
        },
      },
      '/api/posts/{id}': {
        get: {
          summary: 'One post',
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'The post file name without extension', schema: { type: 'string' } },
          ],
          responses: {
            200: { description: 'The post', content: { 'application/json': { schema: { $ref: '#/components/schemas/Post' } } } },
            404: error('No post with this id'),
          },
        },
      },
      '/api/posts/{id}/related': {
        get: {
          summary: 'Posts most similar to one post (jieba TF-IDF keywords)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            param('limit', 'Related posts.', { type: 'integer', minimum: 1, maximum: D.maxRelatedLimit, default: D.relatedLimit }),
          ],
          responses: { 200: { description: '{ id, related: Hit[] }' }, 404: error('No post with this id') },
        },
      },
      '/healthz': { get: { summary: 'The process is alive', responses: { 200: { description: 'ok' } } } },
      '/readyz': {
        get: {
          summary: 'An index is loaded',
          responses: {
            200: {
              description:
                'version, documentCount, buildTime, segmenter (`jieba`, or `loading` while its dictionaries load: searches are answered meanwhile, ranked with two-character words), searchThread (`ready` when searches run on their own thread, `loading` while it loads the index, `off` when configured so), warmUp (`running` while the search threads run the searches of their own that compile their code after a start, a few seconds; `done` after; `off` without a search thread)',
            },
            503: { description: 'still loading' },
          },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format' } } } },
      '/api/admin/reload': {
        post: {
          summary: 'Load the index on disk now (also done on file change and SIGHUP)',
          security: [{ bearer: [] }],
          responses: {
            200: { description: 'changed, version, documentCount' },
            401: error('Missing or wrong token'),
            404: error('Admin routes are disabled (no token configured)'),
            409: error('The new index was refused; the old one keeps serving'),
          },
        },
      },
      '/api/admin/reindex': {
        post: {
          summary: 'Rebuild the index from the configured source, then load it',
          security: [{ bearer: [] }],
          responses: {
            200: { description: 'build report and reload outcome' },
            401: error('Missing or wrong token'),
            404: error('Admin routes are disabled'),
            409: error('A reindex is running, or it failed'),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: [...ERROR_CODES], description: 'Machine-readable code' },
                message: str('What is wrong'),
              },
            },
          },
        },
        Hit: {
          type: 'object',
          properties: {
            id: str('Post id (file name without extension; with its folders when two posts share a name)'),
            url: str('Where Jekyll publishes the post: its permalink with baseurl, percent-encoded as Jekyll writes it'),
            absoluteUrl: str("The site's address + url, when the site's url is known (Jekyll's url, or siteUrl)"),
            title: str('Title as written'),
            titleHighlight: str('Title, HTML-escaped, matches in highlight markup'),
            date: {
              type: ['string', 'null'],
              description: "ISO 8601 date: in the site's time zone for a Jekyll site, as written for a folder of posts",
            },
            categories: { type: 'array', items: { type: 'string' } },
            tags: { type: 'array', items: { type: 'string' } },
            snippet: str('Passage of the body, HTML-escaped, matches in highlight markup'),
            score: { type: 'number' },
          },
        },
        SearchResult: {
          type: 'object',
          properties: {
            query: { type: 'string' },
            total: { type: 'integer' },
            tookMs: { type: 'number' },
            offset: { type: 'integer' },
            limit: { type: 'integer' },
            matched: {
              enum: ['all', 'most', 'any', 'pinyin', 'none'],
              description:
                'all: every word matched; most: few posts had every word, posts with most of them follow; any: no post had every word, posts with some of them; pinyin: a Latin query read as Chinese words',
            },
            interpretedAs: {
              type: 'array',
              items: { type: 'string' },
              description: 'The Chinese words the query’s Latin was read as in pinyin (zhibo, or kaiyuan of kaiyuan工具), when it was',
            },
            mainlandReading: {
              type: 'string',
              description:
                'The query typed in traditional characters with Taiwan’s words, read as the mainland says them (開源軟體 as 开源软件), when the hits are that reading’s',
            },
            didYouMean: {
              type: 'object',
              properties: { query: { type: 'string' }, total: { type: 'integer' } },
              description: 'A close query with more hits (sound-alike characters), when this one has few',
            },
            correctedQuery: {
              type: 'string',
              description: 'The spelling of didYouMean whose hits these are, when the query as typed found nothing (python for pyhton)',
            },
            hits: { type: 'array', items: { $ref: '#/components/schemas/Hit' } },
            facets: {
              type: 'object',
              properties: {
                categories: { type: 'object', additionalProperties: { type: 'integer' } },
                tags: { type: 'object', additionalProperties: { type: 'integer' } },
              },
            },
          },
        },
        Post: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            url: { type: 'string' },
            title: { type: 'string' },
            date: { type: ['string', 'null'] },
            categories: { type: 'array', items: { type: 'string' } },
            tags: { type: 'array', items: { type: 'string' } },
            text: { type: 'string' },
          },
        },
      },
    },
  };
}
