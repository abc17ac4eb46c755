/**
 * A Jekyll site's settings, read from its `_config.yml` (or the files given as Jekyll's
 * `--config a.yml,b.yml`, later ones overriding earlier ones), with Jekyll 4.3's
 * defaults. Plain data: it is passed to parse workers, and its fingerprint is part of
 * what a post's reading depends on (build.ts `settingsKey`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadYaml } from '../yaml.js';
import { readSiteData, SiteDataError } from './site-data.js';
import { isTimeZone } from './site-time.js';
import { kramdownOptions, type KramdownOptions } from '../kramdown/options.js';

/** One `defaults:` entry: front matter values for the posts its scope covers. */
export interface DefaultsSet {
  scope: { path?: string; type?: string };
  values: Record<string, unknown>;
}

/** A collection whose documents are indexed beside the posts (zhsearch's `collections` setting). */
export interface CollectionSettings {
  /** Its name: its documents are the files of `_<label>` in the collections folder. */
  label: string;
  /** Its URL template: its own `permalink`, else Jekyll's `/:collection/:path` with the site's permalink style's ending. */
  permalink: string;
}

/** What zhsearch needs of a Jekyll site. */
export interface SiteSettings {
  /** The site root (absolute). */
  root: string;
  /** The configuration files read, in order (absolute); empty when the site has none. */
  configFiles: string[];
  /** Jekyll `permalink`: a style name or a template; the posts collection's (`collections: posts: permalink:`) when set. Default `date`. */
  permalink: string;
  /** Jekyll `baseurl`, before every URL. Default ''. */
  baseurl: string;
  /** Jekyll `url` (`https://blog.example.com`), for absolute links. Default ''. */
  url: string;
  /** IANA zone dates are shown in (`timezone`); UTC when the site sets none, as GitHub Pages builds. */
  timezone: string;
  /** Publish posts dated in the future (`future`). Default false. */
  future: boolean;
  /** Publish posts with `published: false` (`unpublished`). Default false. */
  unpublished: boolean;
  /** Posts in `_drafts` too (Jekyll's `--drafts`). Default false. */
  drafts: boolean;
  exclude: string[];
  include: string[];
  /** `collections_dir`: where `_posts` folders and the collections' folders are looked for. Default ''. */
  collectionsDir: string;
  /** The collections asked for beside the posts, as `_config.yml` declares them. Default none. */
  collections: CollectionSettings[];
  /** The site's other collections that have pages (`output: true`), not indexed: what the build report mentions. */
  unindexedCollections: string[];
  defaults: DefaultsSet[];
  /** Extensions read as Markdown (`markdown_ext`), without dots. */
  markdownExt: string[];
  /**
   * The converter the site names (`markdown`). Whatever it names, zhsearch reads Markdown
   * as kramdown does, the only converter built into Jekyll 4.3; the build warns when the
   * site names another (`redcarpet`, as many older blogs do). Default `kramdown`.
   */
  markdown: string;
  /** The kramdown options that change the text a page shows (`kramdown:`). */
  kramdown: KramdownOptions;
  /** The configuration as `{{ site.* }}` sees it, with the data files as `site.data` (site-data.ts). */
  liquidSite: Record<string, unknown>;
  /** A hash of the configuration, the data files and `_includes`: a change means every post is rendered again. */
  fingerprint: string;
}

/** How a site is given: its root, and optionally Jekyll's `--config` files and `--drafts`. */
export interface SiteSource {
  site: string;
  config?: string[];
  drafts?: boolean;
  /** Collections (labels) whose documents are indexed too, each with `output: true`; `*` for every one that has it. */
  collections?: string[];
}

/** A site that cannot be read (no such folder, bad YAML, wrong types): the message says which file and key. */
export class SiteConfigError extends Error {}

const JEKYLL_DEFAULT_EXCLUDES = [
  '.sass-cache',
  '.jekyll-cache',
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle/',
  'vendor/cache/',
  'vendor/gems/',
  'vendor/ruby/',
];

function readYaml(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = loadYaml(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SiteConfigError(`${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new SiteConfigError(`${file}: not a mapping of settings`);
  return value as Record<string, unknown>;
}

function str(config: Record<string, unknown>, key: string, fallback: string, file: string): string {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new SiteConfigError(`${file}: ${key} must be a string`);
}

function bool(config: Record<string, unknown>, key: string, file: string): boolean {
  const v = config[key];
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  throw new SiteConfigError(`${file}: ${key} must be true or false`);
}

function list(config: Record<string, unknown>, key: string, file: string): string[] {
  const v = config[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SiteConfigError(`${file}: ${key} must be a list`);
  return v.map(String);
}

/** The site's configuration files: the given ones, else `_config.yml` or `_config.yaml`. */
function configFilesOf(root: string, given: string[] | undefined): string[] {
  if (given && given.length > 0) {
    return given.map((f) => {
      const abs = path.resolve(root, f);
      if (!fs.existsSync(abs)) throw new SiteConfigError(`configuration file not found: ${f}`);
      return abs;
    });
  }
  return ['_config.yml', '_config.yaml']
    .map((f) => path.join(root, f))
    .filter((f) => fs.existsSync(f))
    .slice(0, 1);
}

function hashIncludes(root: string, hash: ReturnType<typeof createHash>): void {
  const dir = path.join(root, '_includes');
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile())
        hash
          .update(`${path.relative(dir, full)}\0`)
          .update(fs.readFileSync(full))
          .update('\0');
    }
  };
  walk(dir);
}

/**
 * The posts collection's `permalink` (`collections: posts: permalink: /blog/:title/`): Jekyll
 * gives the site's own permalink to that collection only when it has none
 * (`Configuration#add_default_collections`), so this one wins.
 */
function postsPermalink(config: Record<string, unknown>): string | undefined {
  const collections = config.collections;
  if (!collections || typeof collections !== 'object' || Array.isArray(collections)) return undefined;
  const posts = (collections as Record<string, unknown>).posts;
  if (!posts || typeof posts !== 'object') return undefined;
  const permalink = (posts as Record<string, unknown>).permalink;
  return typeof permalink === 'string' && permalink ? permalink : undefined;
}

/**
 * `Utils.add_permalink_suffix`: a collection's default template ends as the site's
 * permalink style does (`/` for `pretty`, `:output_ext` for `date`, `ordinal` and `none`,
 * else whatever of the two the setting itself ends with).
 */
function withPermalinkSuffix(template: string, style: string): string {
  if (style === 'pretty') return `${template}/`;
  if (['date', 'ordinal', 'none'].includes(style)) return `${template}:output_ext`;
  return template + (style.endsWith('/') ? '/' : '') + (style.endsWith(':output_ext') ? ':output_ext' : '');
}

/**
 * The collections asked for, as `_config.yml`'s `collections:` declares them (a list of
 * names, or names with settings). Jekyll writes a collection's documents only with
 * `output: true`; without pages they have no URL to link to, so asking for one is an error.
 */
function collectionsOf(
  config: Record<string, unknown>,
  asked: string[],
  where: string,
): { collections: CollectionSettings[]; unindexedCollections: string[] } {
  const declared = config.collections;
  const settings: Record<string, unknown> = Array.isArray(declared)
    ? Object.fromEntries(declared.map((label) => [String(label), {}]))
    : declared && typeof declared === 'object'
      ? (declared as Record<string, unknown>)
      : {};
  const metadata = (label: string): Record<string, unknown> => {
    const meta = settings[label];
    return meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
  };
  // `Collection#write?`: Ruby's truth (anything but false and nil).
  const hasPages = (label: string): boolean => ![undefined, null, false].includes(metadata(label).output as never);
  const style = str(config, 'permalink', 'date', where);
  const withPages = Object.keys(settings).filter((label) => label !== 'posts' && hasPages(label));
  // `*`: every collection with pages.
  const labels = new Set(asked.flatMap((label) => (label === '*' ? withPages : [label])));
  const collections: CollectionSettings[] = [];
  for (const label of labels) {
    if (label === 'posts') continue; // always indexed
    if (!(label in settings)) {
      const names = Object.keys(settings).filter((n) => n !== 'posts');
      throw new SiteConfigError(`${where}: no collection '${label}' (collections: ${names.length ? names.join(', ') : 'none but posts'})`);
    }
    if (!hasPages(label))
      throw new SiteConfigError(`${where}: collection '${label}' has no pages to link to (Jekyll writes it only with output: true)`);
    const own = metadata(label).permalink;
    collections.push({ label, permalink: typeof own === 'string' && own ? own : withPermalinkSuffix('/:collection/:path', style) });
  }
  const unindexedCollections = withPages.filter((label) => !labels.has(label));
  return { collections, unindexedCollections };
}

/** Reads a site's settings. Throws {@link SiteConfigError} with the file and key at fault. */
export function loadSite(source: SiteSource): SiteSettings {
  const root = path.resolve(source.site);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new SiteConfigError(`site folder not found: ${source.site}`);
  const configFiles = configFilesOf(root, source.config);
  let config: Record<string, unknown> = {};
  for (const f of configFiles) config = { ...config, ...readYaml(f) };
  const where = configFiles.length ? configFiles.map((f) => path.basename(f)).join(', ') : '_config.yml';
  const timezone = str(config, 'timezone', 'UTC', where);
  if (!isTimeZone(timezone))
    throw new SiteConfigError(`${where}: timezone ${JSON.stringify(timezone)} is not a time zone this system knows`);
  const defaults = (Array.isArray(config.defaults) ? config.defaults : []).filter(
    (d): d is DefaultsSet =>
      !!d && typeof d === 'object' && typeof (d as DefaultsSet).values === 'object' && (d as DefaultsSet).values !== null,
  );
  const excludeGiven = config.exclude !== undefined && config.exclude !== null;
  const markdownExt = str(config, 'markdown_ext', 'markdown,mkdown,mkdn,mkd,md', where)
    .split(',')
    .map((e) => e.trim().replace(/^\./, '').toLowerCase())
    .filter(Boolean);
  let data: Record<string, unknown>;
  try {
    data = readSiteData(path.join(root, str(config, 'data_dir', '_data', where)));
  } catch (err) {
    if (err instanceof SiteDataError) throw new SiteConfigError(err.message);
    throw err;
  }
  const settings: Omit<SiteSettings, 'fingerprint'> = {
    root,
    configFiles,
    permalink: postsPermalink(config) ?? str(config, 'permalink', 'date', where),
    baseurl: str(config, 'baseurl', '', where),
    url: str(config, 'url', '', where).replace(/\/+$/, ''),
    timezone,
    future: bool(config, 'future', where),
    unpublished: bool(config, 'unpublished', where),
    drafts: source.drafts ?? bool(config, 'show_drafts', where),
    exclude: excludeGiven ? [...new Set([...list(config, 'exclude', where), ...JEKYLL_DEFAULT_EXCLUDES])] : [],
    include: config.include === undefined ? ['.htaccess'] : list(config, 'include', where),
    collectionsDir: str(config, 'collections_dir', '', where).replace(/^\/+|\/+$/g, ''),
    ...collectionsOf(config, source.collections ?? [], where),
    defaults,
    markdownExt,
    markdown: str(config, 'markdown', 'kramdown', where),
    kramdown: kramdownOptions(config),
    // Every setting, nested ones too (`{{ site.author.name }}`); the site's posts and pages are not known here.
    liquidSite: { ...config, posts: [], pages: [], categories: {}, tags: {}, data },
  };
  const hash = createHash('sha1').update(JSON.stringify(settings));
  hashIncludes(root, hash);
  return { ...settings, fingerprint: hash.digest('base64url') };
}
