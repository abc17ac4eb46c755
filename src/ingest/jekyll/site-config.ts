/**
 * A Jekyll site's settings, read from its `_config.yml` (or the files given as Jekyll's
 * `--config a.yml,b.yml`, later ones overriding earlier ones), with Jekyll 4.3's
 * defaults. Plain data: it is passed to parse workers, and its fingerprint is part of
 * what a post's reading depends on (build.ts `settingsKey`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { readSiteData, SiteDataError } from './site-data.js';
import { isTimeZone } from './site-time.js';

/** One `defaults:` entry: front matter values for the posts its scope covers. */
export interface DefaultsSet {
  scope: { path?: string; type?: string };
  values: Record<string, unknown>;
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
  /** `collections_dir`: where `_posts` folders are looked for. Default ''. */
  collectionsDir: string;
  defaults: DefaultsSet[];
  /** Extensions read as Markdown (`markdown_ext`), without dots. */
  markdownExt: string[];
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
    // `json`: a key given twice is the last one's, as Ruby's YAML reads it (js-yaml would refuse).
    value = yaml.load(fs.readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA, json: true });
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
    defaults,
    markdownExt,
    // Every setting, nested ones too (`{{ site.author.name }}`); the site's posts and pages are not known here.
    liquidSite: { ...config, posts: [], pages: [], categories: {}, tags: {}, data },
  };
  const hash = createHash('sha1').update(JSON.stringify(settings));
  hashIncludes(root, hash);
  return { ...settings, fingerprint: hash.digest('base64url') };
}
