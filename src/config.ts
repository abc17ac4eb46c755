/**
 * Configuration: defaults, then `zhsearch.config.json` (or the file named by
 * `ZHSEARCH_CONFIG`), then environment variables, then command-line flags.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z as Zod } from 'zod';
import { lazyRequire } from './lazy-require.js';
import { DEFAULT_BOOST, DEFAULT_FRESHNESS, type BoostedField, type Freshness } from './search/defaults.js';

/** The service's settings; see {@link DEFAULT_CONFIG} for the defaults. */
export interface Config {
  /** The Jekyll `_posts` folder (or a JSONL file) that `reindex` reads when no `site` is set. */
  source: string;
  /**
   * A Jekyll site's root: its `_config.yml` gives permalink, baseurl, url, timezone,
   * future, exclude, defaults…, and its posts are found and published as Jekyll does.
   */
  site: string;
  /** The site's configuration files, as Jekyll's `--config a.yml,b.yml` (default: `_config.yml`). */
  jekyllConfig: string[];
  /** Index the site's `_drafts` too (Jekyll's `--drafts`). */
  drafts: boolean;
  /**
   * Collections of the site whose documents are indexed beside its posts (`["cn", "notes"]`:
   * the files of `_cn` and `_notes`), each declared in `_config.yml` with `output: true`, so
   * that each document has a page to link to; `["*"]` for every collection that has pages.
   * Default: posts only.
   */
  collections: string[];
  /** The site's address for absolute links (`https://blog.example.com`); default: the site's `url`. */
  siteUrl: string;
  /** Re-index when the site's posts, `_config.yml` or dictionaries change (`npm start -- --site DIR --watch`). */
  watchSource: boolean;
  /** Where the built index lives. */
  indexDir: string;
  port: number;
  host: string;
  /** Jekyll `permalink` style or template for hit URLs. */
  permalink: string;
  /** Jekyll `baseurl`, put in front of hit URLs. */
  baseurl: string;
  /** Extra jieba words, one per line. */
  userDictFile: string;
  /** Stop words, one per line: left out of the title and tag terms, still matched as exact text. */
  stopWordsFile: string;
  /** Synonym groups, one group per line, words separated by commas. */
  synonymsFile: string;
  /** Longest accepted query, in characters. */
  maxQueryLength: number;
  /** Default snippet length in characters. */
  snippetLength: number;
  /**
   * BM25 weight of each field, `{ "title": 3, "tags": 1.5, "categories": 0, "body": 1 }`
   * unless set; any left out keeps its default. Categories only weigh: a query word in a
   * post's category names and not in its text does not make the post a match. Read when
   * an index is loaded: no rebuild needed.
   */
  boost: Record<BoostedField, number>;
  /**
   * How much newer posts outrank older ones of the same relevance, `{ "weight": 0,
   * "halfLifeDays": 365 }` unless set: weight 0 to 10 (the verbatim query weighs 3), the
   * newest post gaining all of it and one `halfLifeDays` older half. At 0 a post's date
   * only breaks ties. Read when an index is loaded: no rebuild needed.
   */
  freshness: Freshness;
  cache: { maxEntries: number; maxBytes: number };
  /** Origins allowed to call the API from a browser; `*` for any. */
  corsOrigins: string[];
  /** Requests per minute per IP; 0 disables the limit. */
  rateLimitPerMinute: number;
  /** Bearer token for the admin routes; empty disables them. */
  adminToken: string;
  /** Reload when `reindex` writes a new manifest. */
  watchIndex: boolean;
  /**
   * Run searches on a worker thread with its own copy of the index, beside the HTTP
   * work of the main thread: more searches per second on two cores or more. The main
   * thread then keeps no copy once the thread serves, so memory is about the same.
   * Off: searches run on the main thread.
   */
  searchThread: boolean;
  /**
   * How many search threads (with `searchThread`): a search goes to the least busy one,
   * so a heavy query holds up one thread only. The postings, references and texts are one
   * copy in shared memory for all of them; each holds its own jieba, post objects and
   * search lookups (100,000 posts: about 80 MB a thread). Default: one per core beyond the
   * main thread's, at least 1 and at most {@link MAX_DEFAULT_SEARCH_THREADS}.
   */
  searchThreads: number;
  logLevel: string;
}

/** The most search threads a server starts unless told (more cost memory and seldom pay: server/search-pool.ts). */
const MAX_DEFAULT_SEARCH_THREADS = 3;

/** Every setting's default (README, Configuration). */
export const DEFAULT_CONFIG: Config = {
  source: 'sample/_posts',
  site: '',
  jekyllConfig: [],
  drafts: false,
  collections: [],
  siteUrl: '',
  watchSource: false,
  indexDir: 'index-data',
  port: 3000,
  host: '127.0.0.1',
  permalink: 'date',
  baseurl: '',
  userDictFile: 'index-data/user-dict.txt',
  stopWordsFile: 'index-data/stop-words.txt',
  synonymsFile: 'index-data/synonyms.txt',
  maxQueryLength: 256,
  snippetLength: 120,
  boost: { ...DEFAULT_BOOST },
  freshness: { ...DEFAULT_FRESHNESS },
  cache: { maxEntries: 2000, maxBytes: 64 * 1024 * 1024 },
  corsOrigins: ['*'],
  rateLimitPerMinute: 0,
  adminToken: '',
  watchIndex: true,
  searchThread: true,
  searchThreads: Math.max(1, Math.min(MAX_DEFAULT_SEARCH_THREADS, os.availableParallelism() - 1)),
  logLevel: 'info',
};

const ENV: Record<string, keyof Config> = {
  ZHSEARCH_SOURCE: 'source',
  ZHSEARCH_SITE: 'site',
  ZHSEARCH_SITE_URL: 'siteUrl',
  ZHSEARCH_INDEX_DIR: 'indexDir',
  ZHSEARCH_PORT: 'port',
  PORT: 'port',
  ZHSEARCH_HOST: 'host',
  ZHSEARCH_PERMALINK: 'permalink',
  ZHSEARCH_BASEURL: 'baseurl',
  ZHSEARCH_MAX_QUERY_LENGTH: 'maxQueryLength',
  ZHSEARCH_CORS_ORIGINS: 'corsOrigins',
  ZHSEARCH_RATE_LIMIT: 'rateLimitPerMinute',
  ZHSEARCH_ADMIN_TOKEN: 'adminToken',
  ZHSEARCH_LOG_LEVEL: 'logLevel',
  ZHSEARCH_WATCH: 'watchIndex',
  ZHSEARCH_SEARCH_THREAD: 'searchThread',
  ZHSEARCH_SEARCH_THREADS: 'searchThreads',
};

/**
 * The other variables of zhsearch's own: any other `ZHSEARCH_` name is a mistake (a
 * misspelt `ZHSEARCH_PROT` would otherwise leave the port as it was, silently).
 */
const OTHER_ENV = new Set([
  'ZHSEARCH_CONFIG',
  'ZHSEARCH_CACHE_ENTRIES',
  // Tuning read where it applies (build/read-ahead.ts, store/delta.ts) and by the scripts.
  'ZHSEARCH_READ_AHEAD',
  'ZHSEARCH_MERGE_DELTAS',
  'ZHSEARCH_SERVER_NODE_ARGS',
]);

/**
 * zod, loaded when a configuration file is read: its 95 modules took 90 ms of every
 * `reindex` and `serve` start here, and most starts have no file to check.
 */
const loadZod = lazyRequire<{ z: typeof Zod }>('zod');

let schema: ReturnType<typeof buildSchema> | undefined;

/** The types a configuration file's values must have (zod); a wrong one is named with its key. */
function configSchema(): ReturnType<typeof buildSchema> {
  return (schema ??= buildSchema(loadZod().z));
}

function buildSchema(z: typeof Zod) {
  /** A field's weight: 0 leaves the field out of BM25 (it still matches). */
  const FIELD_BOOST = z.number().min(0).max(100);

  /**
   * A setting made of the given keys, each optional; an unknown key is refused with what
   * the setting `has` (`boost weighs title, tags, categories and body only, not date`).
   */
  function keysOnly<T extends Zod.ZodRawShape>(shape: T, has: string) {
    return z
      .strictObject(shape, {
        error: (issue) => (issue.code === 'unrecognized_keys' ? `${has} only, not ${issue.keys.join(', ')}` : undefined),
      })
      .partial();
  }

  return z
    .object({
      source: z.string(),
      site: z.string(),
      jekyllConfig: z.array(z.string()),
      drafts: z.boolean(),
      collections: z.array(z.string().min(1)),
      siteUrl: z.string(),
      watchSource: z.boolean(),
      indexDir: z.string(),
      port: z.number().int().min(0).max(65535),
      host: z.string(),
      permalink: z.string(),
      baseurl: z.string(),
      userDictFile: z.string(),
      stopWordsFile: z.string(),
      synonymsFile: z.string(),
      maxQueryLength: z.number().int().positive(),
      snippetLength: z.number().int().min(20).max(1000),
      boost: keysOnly(
        { title: FIELD_BOOST, tags: FIELD_BOOST, categories: FIELD_BOOST, body: FIELD_BOOST },
        'weighs title, tags, categories and body',
      ),
      freshness: keysOnly(
        { weight: z.number().min(0).max(10), halfLifeDays: z.number().positive().max(36_500) },
        'has weight and halfLifeDays',
      ),
      cache: z.object({ maxEntries: z.number().int().min(0), maxBytes: z.number().int().min(0) }).partial(),
      corsOrigins: z.array(z.string()),
      rateLimitPerMinute: z.number().int().min(0),
      adminToken: z.string(),
      watchIndex: z.boolean(),
      searchThread: z.boolean(),
      searchThreads: z.number().int().min(1).max(16),
      logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    })
    .partial();
}

const FLAGS: Record<string, keyof Config> = {
  port: 'port',
  host: 'host',
  index: 'indexDir',
  source: 'source',
  site: 'site',
  'jekyll-config': 'jekyllConfig',
  drafts: 'drafts',
  collections: 'collections',
  'site-url': 'siteUrl',
  watch: 'watchSource',
  'log-level': 'logLevel',
};

function coerce(key: keyof Config, value: string): unknown {
  const def = DEFAULT_CONFIG[key];
  if (typeof def === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new Error(`configuration ${key} must be a number, got ${JSON.stringify(value)}`);
    return n;
  }
  if (typeof def === 'boolean') return !/^(0|false|no|off)$/i.test(value);
  if (Array.isArray(def))
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return value;
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const [name, inline] = a.slice(2).split('=', 2) as [string, string?];
    if (inline !== undefined) out[name] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out[name] = argv[++i]!;
    else out[name] = 'true';
  }
  return out;
}

/**
 * The effective configuration for this process: defaults, then `zhsearch.config.json`
 * (or `--config FILE` / `ZHSEARCH_CONFIG`), then environment variables, then flags.
 *
 * @example
 * loadConfig(['--site', '/home/me/blog', '--port', '8080']).port; // 8080
 */
export function loadConfig(argv: string[] = [], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const args = parseArgs(argv);
  const file = args.config ?? env.ZHSEARCH_CONFIG ?? (fs.existsSync(path.join(cwd, 'zhsearch.config.json')) ? 'zhsearch.config.json' : '');
  let fromFile: Partial<Config> = {};
  if (file) {
    try {
      fromFile = JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8')) as Partial<Config>;
    } catch (err) {
      throw new Error(`cannot read configuration file ${file}: ${(err as Error).message}`, { cause: err });
    }
    const unknown = Object.keys(fromFile).filter((k) => !(k in DEFAULT_CONFIG));
    if (unknown.length) throw new Error(`unknown configuration keys in ${file}: ${unknown.join(', ')}`);
    const checked = configSchema().safeParse(fromFile);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const key = issue.path.join('.');
      throw new Error(`${file}: ${key} ${issue.message.replace(/^Invalid input: /, '').replace(/^expected/, 'must be')}`);
    }
  }
  const unknownEnv = Object.keys(env).filter((name) => name.startsWith('ZHSEARCH_') && !(name in ENV) && !OTHER_ENV.has(name));
  if (unknownEnv.length) throw new Error(`unknown environment variable ${unknownEnv.join(', ')} (README, Configuration, lists them)`);
  const config: Config = {
    ...DEFAULT_CONFIG,
    ...fromFile,
    cache: { ...DEFAULT_CONFIG.cache, ...fromFile.cache },
    boost: { ...DEFAULT_CONFIG.boost, ...fromFile.boost },
    freshness: { ...DEFAULT_CONFIG.freshness, ...fromFile.freshness },
  };
  const set = config as unknown as Record<string, unknown>;
  for (const [name, key] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== '') set[key] = coerce(key, env[name]!);
  for (const [flag, key] of Object.entries(FLAGS)) if (args[flag] !== undefined) set[key] = coerce(key, args[flag]!);
  if (env.ZHSEARCH_CACHE_ENTRIES !== undefined) config.cache.maxEntries = Number(env.ZHSEARCH_CACHE_ENTRIES) || 0;
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new Error(`port must be 0-65535, got ${config.port}`);
  // Dictionaries belong to the index they were built with: beside it unless set.
  if (path.resolve(cwd, config.indexDir) !== path.resolve(cwd, DEFAULT_CONFIG.indexDir)) {
    for (const key of ['userDictFile', 'stopWordsFile', 'synonymsFile'] as const) {
      if (config[key] === DEFAULT_CONFIG[key]) config[key] = path.join(config.indexDir, path.basename(DEFAULT_CONFIG[key]));
    }
  }
  return config;
}

/** Reads a one-entry-per-line file (`#` comments); missing file means no entries. */
export function readLines(file: string): string[] {
  if (!file || !fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** Synonym groups from a file: one group per line, words separated by commas (`人工智能, AI`). */
export function readSynonyms(file: string): string[][] {
  return readLines(file)
    .map((l) =>
      l
        .split(/[,，、]/)
        .map((w) => w.trim())
        .filter(Boolean),
    )
    .filter((g) => g.length > 1);
}

/** User dictionary words from a file: the first column of each line (`word [freq] [tag]`). */
export function readUserWords(file: string): string[] {
  return readLines(file).map((l) => l.split(/\s+/)[0]!);
}
