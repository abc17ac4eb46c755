/**
 * Jekyll's `{% include_relative name key="value" %}`: a file beside the post (below its
 * folder) rendered into it. How Jekyll reads the tag's markup and which names it refuses
 * (its IncludeTag), the file's text for liquid.ts to render, and the files a post names,
 * whose contents the build counts as part of the post (build/analyze-task.ts): a changed
 * file renders its posts again on the next reindex.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Jekyll's include with a `{{ variable }}` in its file name: the name, then the parameters. */
const INCLUDE_VARIABLE = /^([^{]*(?:\{\{\s*[\w\-.]+\s*(?:\|.*)?\}\}[^\s{}]*)+)(.*)$/s;
/** What Jekyll refuses in an include's file name (IncludeTag `validate_file_name`). */
const INVALID_SEQUENCES = /[./]{2,}/;
const VALID_FILENAME_CHARS = /^[\w/.\-()+~#@]+$/;

/** False for a file name Jekyll refuses (`../x`, characters outside `[\w/.\-()+~#@]`). */
function isValidName(name: string): boolean {
  return !!name && !INVALID_SEQUENCES.test(name) && VALID_FILENAME_CHARS.test(name);
}

/** A tag's markup as Jekyll splits it: the file name (which may hold `{{ }}`), then its parameters. */
export function splitInclude(markup: string): { file: string; params: string } {
  const trimmed = markup.trim();
  const variable = INCLUDE_VARIABLE.exec(trimmed);
  if (variable) return { file: variable[1]!.trim(), params: variable[2]!.trim() };
  // Ruby's `split(/\s+/, 2)`.
  const gap = /\s+/.exec(trimmed);
  return gap ? { file: trimmed.slice(0, gap.index), params: trimmed.slice(gap.index + gap[0].length) } : { file: trimmed, params: '' };
}

/**
 * The text of the file `name` of an `include_relative` in the post at `pagePath` (from
 * the site root), or null: a name Jekyll refuses, no such file, or a file outside the
 * site (through a link). Jekyll stops the build where this gives null.
 */
export function includedText(siteRoot: string, pagePath: string, name: string): string | null {
  if (!isValidName(name)) return null;
  const file = path.join(siteRoot, path.dirname(pagePath), name);
  try {
    const rel = path.relative(fs.realpathSync(siteRoot), fs.realpathSync(file));
    const stat = fs.statSync(file);
    if (rel.startsWith('..') || path.isAbsolute(rel) || !stat.isFile() || stat.size > MAX_INCLUDED_BYTES) return null;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The largest file included: a post's own default limit (ingest/post.ts DEFAULT_MAX_POST_BYTES). */
const MAX_INCLUDED_BYTES = 10 * 1024 * 1024;

const TAG = /\{%-?\s*include_relative\s+([\s\S]*?)-?%\}/g;
/** Files listed for a post that names its file with a variable, at most (beyond, it is read by every build). */
const MAX_LISTED = 5000;

/**
 * What the files a site's post includes beside it are now, as one hash, or null when it
 * includes none: the contents of each file it names (or that it is missing), and when a
 * name holds a variable, the names, sizes and change times of every file below the
 * post's folder. `file` is the post's absolute path; `source` its text.
 */
export function includedFilesKey(file: string, bytes: Buffer): string | null {
  if (!bytes.includes('include_relative')) return null;
  const source = bytes.toString('utf8');
  const hash = createHash('sha256');
  const dir = path.dirname(file);
  for (const m of source.matchAll(TAG)) {
    const { file: name } = splitInclude(m[1]!);
    hash.update(`\0${name}\0`);
    if (name.includes('{{')) hash.update(listing(dir));
    else if (isValidName(name)) {
      try {
        hash.update(fs.readFileSync(path.join(dir, name)));
      } catch {
        hash.update('\0missing');
      }
    }
  }
  return hash.digest('hex');
}

/** Every file below `dir`, with its size and change time, in order; a fresh value each time past {@link MAX_LISTED}. */
function listing(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!walk(full)) return false;
        continue;
      }
      if (out.length >= MAX_LISTED) return false;
      try {
        const st = fs.statSync(full);
        out.push(`${full}\0${st.size}\0${st.mtimeMs}`);
      } catch {
        out.push(`${full}\0gone`);
      }
    }
    return true;
  };
  return walk(dir) ? out.join('\n') : `${out.length}\0${Date.now()}\0${Math.random()}`;
}
