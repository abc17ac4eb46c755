/**
 * Finds a site's posts as Jekyll 4.3's reader does: every folder of the site not left
 * out by its entry filter (names starting with `.`, `_`, `#` or `~`, backups ending in
 * `~`, `exclude:` entries matched as path prefixes or globs, unless `include:` names
 * them) is searched for `_posts` (and `_drafts`, with drafts on); below those, every file
 * the same filter keeps whose name starts with a date (`YYYY-M-D-`) is a post, whatever
 * its extension (Jekyll publishes `.txt` or `.json` posts as they are; a file it cannot
 * read as text, an image, is reported when read). Folders above `_posts` are the post's
 * first categories.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SiteSettings } from './site-config.js';

/** A post file found in a site. */
export interface SitePostFile {
  /** Absolute path. */
  file: string;
  /** Path from the site root, `/`-separated (Jekyll's `relative_path` when there is no `collections_dir`). */
  path: string;
  /** Path from the collections folder: what categories, defaults and `:path` use. */
  relative: string;
  /** Folders above `_posts`/`_drafts`: the post's first categories (none for another collection's document). */
  categories: string[];
  draft: boolean;
  /** `posts`, or the collection (zhsearch's `collections` setting) the document is of. */
  collection: string;
  /** The post's id: its file name without extension, or with its folders when another post has the same name. */
  id: string;
}

/** Why Jekyll leaves a file below `_posts` or `_drafts` out, as a short name for reports. */
export type NotPublishedKind = 'excluded' | 'backup' | 'hidden' | 'draft' | 'undated' | 'unpublished' | 'future' | 'static';

/** A file below `_posts` or `_drafts` that Jekyll does not publish, and why. */
export interface LeftOut {
  file: string;
  reason: string;
  kind: NotPublishedKind;
}

/** A file left out for a reason found in its front matter or date (see site-post.ts). */
export type FilterResult = { reason: string; kind: NotPublishedKind } | null;

/** A post's path below `_posts` (Jekyll's `DATE_FILENAME_MATCHER`): folders, date, slug, extension. */
export const DATED_PATH = /^(?:.+\/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$/;
const SPECIAL = /^[._#~]/;

/** Patterns as regular expressions, made once each (a site's every file is matched against every `exclude:`). */
const globs = new Map<string, RegExp>();

/** Ruby's `File.fnmatch?` without flags: `*` and `?` also match `/`. */
function fnmatch(pattern: string, text: string): boolean {
  let glob = globs.get(pattern);
  if (!glob) globs.set(pattern, (glob = globRegExp(pattern)));
  return glob.test(text);
}

function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** Jekyll's `glob_include?`: an entry (path from the root) matches a pattern as a glob, a path prefix, or the folder itself. */
function matches(patterns: string[], entry: string, isDir: boolean): string | null {
  const abs = `/${entry}`;
  for (const p of patterns) {
    const pat = `/${p.replace(/^\/+/, '')}`;
    if (fnmatch(pat, abs) || abs.startsWith(pat) || (isDir && pat === `${abs}/`)) return p;
  }
  return null;
}

interface Filter {
  /** Why an entry (path from the root) is left out, or null when it is kept. */
  (entry: string, isDir: boolean): FilterResult;
}

function entryFilter(site: SiteSettings): Filter {
  const excludes = site.exclude.filter((e) => !site.include.includes(e));
  return (entry, isDir) => {
    const base = path.posix.basename(entry);
    const included = matches(site.include, entry, isDir) !== null || matches(site.include, base, isDir) !== null;
    const excludedBy = matches(excludes, entry, isDir);
    if (excludedBy !== null && !included) return { kind: 'excluded', reason: `excluded: exclude entry '${excludedBy}' matches '${entry}'` };
    if (included) return null;
    if (base.endsWith('~')) return { kind: 'backup', reason: 'skipped: editor backup file (name ends with ~)' };
    if (SPECIAL.test(base)) return { kind: 'hidden', reason: `skipped: name starts with '${base[0]}'` };
    return null;
  };
}

/**
 * A collection's `EntryFilter` (its files' paths from the collection's folder): names
 * ending in `.`, excluded paths (matched as `_<label>/path`, without `collections_dir`)
 * unless `include:` names them, and, unless included, paths or file names starting with
 * `.`, `_`, `#` or `~` and backups ending in `~`. Folders are not filtered themselves:
 * `a/_b/c.md` is a document, `_b/c.md` is not.
 */
function collectionFilter(site: SiteSettings, label: string): (inner: string) => FilterResult {
  const excludes = site.exclude.filter((e) => !site.include.includes(e));
  return (inner) => {
    const base = path.posix.basename(inner);
    if (inner.endsWith('.')) return { kind: 'hidden', reason: "skipped: name ends with '.'" };
    const included = matches(site.include, inner, false) !== null || matches(site.include, base, false) !== null;
    const excludedBy = matches(excludes, `_${label}/${inner}`, false);
    if (excludedBy !== null && !included)
      return { kind: 'excluded', reason: `excluded: exclude entry '${excludedBy}' matches '_${label}/${inner}'` };
    if (included) return null;
    if (SPECIAL.test(inner) || SPECIAL.test(base))
      return { kind: 'hidden', reason: `skipped: name starts with '${SPECIAL.test(inner) ? inner[0] : base[0]}'` };
    if (inner.endsWith('~')) return { kind: 'backup', reason: 'skipped: editor backup file (name ends with ~)' };
    return null;
  };
}

function isWithin(root: string, target: string): boolean {
  return target === root || target.startsWith(root + path.sep);
}

/** Lists a folder, following symlinks only when they stay inside the site. */
function entries(
  abs: string,
  root: string,
  onError: (reason: string) => void,
): { name: string; full: string; isDir: boolean; isFile: boolean }[] {
  let list: fs.Dirent[];
  try {
    list = fs.readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    onError(`cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return [];
  }
  const out = [];
  for (const e of list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(abs, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const target = fs.realpathSync(full);
        if (!isWithin(root, target)) continue;
        const st = fs.statSync(target);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue;
      }
    }
    out.push({ name: e.name, full, isDir, isFile });
  }
  return out;
}

/**
 * The posts of a site (and the files of the collections asked for) and the files below
 * `_posts`/`_drafts` (and those collections) it leaves out; unreadable folders are
 * reported and skipped.
 */
export function discoverPosts(site: SiteSettings): {
  posts: SitePostFile[];
  leftOut: LeftOut[];
  skipped: { file: string; reason: string }[];
} {
  const root = fs.realpathSync(site.root);
  const filter = entryFilter(site);
  const posts: Omit<SitePostFile, 'id'>[] = [];
  const leftOut: LeftOut[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const collections = site.collectionsDir;

  // Every file below a `_posts` or `_drafts` folder, with its path from that folder.
  const readMagic = (dirRel: string, magic: '_posts' | '_drafts'): void => {
    const base = dirRel ? `${dirRel}/${magic}` : magic;
    const walk = (abs: string, rel: string): void => {
      for (const e of entries(abs, root, (reason) => skipped.push({ file: rel ? `${base}/${rel}` : base, reason }))) {
        const inner = rel ? `${rel}/${e.name}` : e.name;
        const fromRoot = `${base}/${inner}`;
        if (e.name.startsWith('.')) continue; // Dir["**/*"] does not list dot files
        if (e.isDir) {
          const why = filter(fromRoot, true);
          if (why?.kind === 'excluded') {
            leftOutBelow(e.full, fromRoot, why);
            continue;
          }
          walk(e.full, inner);
          continue;
        }
        if (!e.isFile) continue;
        const why = filter(fromRoot, false);
        if (why) {
          leftOut.push({ file: fromRoot, ...why });
          continue;
        }
        if (magic === '_drafts' && !site.drafts) {
          leftOut.push({ file: fromRoot, kind: 'draft', reason: 'draft: _drafts is only built with --drafts' });
          continue;
        }
        if (magic === '_posts' && !DATED_PATH.test(inner)) {
          leftOut.push({ file: fromRoot, kind: 'undated', reason: 'no YYYY-MM-DD- date at the start of the file name' });
          continue;
        }
        const relative = collections && fromRoot.startsWith(`${collections}/`) ? fromRoot.slice(collections.length + 1) : fromRoot;
        const categories = relative.slice(0, relative.indexOf(magic)).split('/').filter(Boolean);
        posts.push({ file: e.full, path: fromRoot, relative, categories, draft: magic === '_drafts', collection: 'posts' });
      }
    };
    const abs = path.join(root, base);
    if (fs.existsSync(abs)) walk(abs, '');
  };
  // Files inside an excluded folder below _posts are each reported, as Jekyll's filter drops each.
  const leftOutBelow = (abs: string, fromRoot: string, why: NonNullable<FilterResult>): void => {
    for (const e of entries(abs, root, () => undefined)) {
      const child = `${fromRoot}/${e.name}`;
      if (e.isDir) leftOutBelow(e.full, child, why);
      else if (e.isFile) leftOut.push({ file: child, ...why });
    }
  };

  // A collection's files (`Collection#read`): every file below `_<label>` that the
  // collection's entry filter keeps; whether it is a document (it has front matter) or a
  // file Jekyll copies as it is, is seen when it is read (site-post.ts).
  const readCollection = (label: string): void => {
    const base = collections ? `${collections}/_${label}` : `_${label}`;
    const keep = collectionFilter(site, label);
    const walk = (abs: string, rel: string): void => {
      for (const e of entries(abs, root, (reason) => skipped.push({ file: rel ? `${base}/${rel}` : base, reason }))) {
        const inner = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDir) walk(e.full, inner);
        else if (e.isFile) {
          const why = keep(inner);
          const fromRoot = `${base}/${inner}`;
          if (why) leftOut.push({ file: fromRoot, ...why });
          else
            posts.push({ file: e.full, path: fromRoot, relative: `_${label}/${inner}`, categories: [], draft: false, collection: label });
        }
      }
    };
    const abs = path.join(root, base);
    if (fs.existsSync(abs)) walk(abs, '');
  };

  const visit = (abs: string, rel: string): void => {
    if (!collections || rel === collections || rel.startsWith(`${collections}/`)) {
      readMagic(rel, '_posts');
      readMagic(rel, '_drafts');
    }
    for (const e of entries(abs, root, (reason) => skipped.push({ file: rel || '.', reason }))) {
      if (!e.isDir) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (filter(child, true) !== null) continue;
      visit(e.full, child);
    }
  };
  visit(root, '');
  for (const { label } of site.collections) readCollection(label);

  // Ids: the file name without extension; posts sharing one get their folders in front.
  const nameOf = (p: { path: string }): string => path.posix.basename(p.path).replace(/\.[^.]+$/, '');
  const count = new Map<string, number>();
  for (const p of posts) count.set(nameOf(p), (count.get(nameOf(p)) ?? 0) + 1);
  const withIds = posts.map((p) => ({
    ...p,
    id: count.get(nameOf(p))! > 1 ? p.path.replace(/(^|\/)_(posts|drafts)\//, '$1').replace(/\.[^./]+$/, '') : nameOf(p),
  }));
  return { posts: withIds, leftOut, skipped };
}
