/**
 * A build told which files changed (`--watch` knows them) reads those alone: the other
 * posts of the previous build stand as they were, with no folder listing, no stat of
 * every file and no pass over every post. At 100,000 posts that is most of what a
 * one-post change cost (1.2 s); what is left is that post's.
 *
 * Only when it is safe: every changed path must be a post file the previous build found
 * (changed or deleted), a new post file of a folder of posts, or a file no build reads
 * (hidden, backups, other extensions outside a site's `_posts`); anything else (a new or
 * removed post of a Jekyll site, on which another's id may depend, a layout, an include,
 * `_config.yml`, a data file, a folder) makes the build scan the whole source as usual.
 */
import fs from 'node:fs';
import path from 'node:path';
import { POST_EXTENSIONS } from '../ingest/post.js';
import type { BuildOptions, BuildReport, SourceFiles } from './build.js';
import { fileTask, readPostFile, type Task } from './analyze-task.js';

/** What the changed files are to the build: tasks for those that exist, and the ids of the posts of those gone. */
export interface ChangedFiles {
  tasks: Task[];
  goneIds: string[];
}

/**
 * Tasks for the `changed` files (absolute paths) of a source whose files the previous
 * build found as `previous`, updating `previous` for the next build; null when they
 * cannot be used (then nothing is changed and the whole source must be scanned).
 */
export function changedFileTasks(
  changed: string[],
  previous: SourceFiles,
  now: { root: string; salt: string; site: boolean },
  options: Pick<BuildOptions, 'now' | 'maxPostBytes'>,
  report: Pick<BuildReport, 'skipped'>,
): ChangedFiles | null {
  if (previous.root !== now.root || previous.salt !== now.salt || previous.site !== now.site) return null;
  const kept: string[] = [];
  const added: { file: string; relative: string }[] = [];
  for (const file of new Set(changed.map(asScanned))) {
    if (previous.byFile.has(file)) {
      // A site's post removed may change another's id (one that shared its name): scanned.
      if (now.site && !fs.existsSync(file)) return null;
      kept.push(file);
      continue;
    }
    const relative = path.relative(now.root, file).split(path.sep).join('/');
    if (relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return null;
    let stat: fs.Stats | null;
    try {
      stat = fs.lstatSync(file);
    } catch {
      stat = null;
    }
    if (stat?.isDirectory()) return null;
    // Files no build reads: hidden ones (editors' swap files), other extensions (backups).
    if (relative.split('/').some((part) => part.startsWith('.'))) continue;
    // Gone: a folder of posts moved away or removed, or a file created and removed again.
    if (!stat) {
      if (holdsFiles(previous, file)) return null;
      continue;
    }
    // A site's new post, whatever its extension (Jekyll publishes a `.txt` post as it is),
    // may change another's id: scanned. Editors' backups (`x.md~`, `#x.md#`) are no posts.
    if (now.site && /(^|\/)_(posts|drafts)\//.test(relative) && !/(^|\/)[#~][^/]*$|~$/.test(relative)) return null;
    if (!POST_EXTENSIONS.test(file)) continue;
    if (now.site || !stat.isFile()) return null;
    added.push({ file, relative });
  }
  const tasks: Task[] = [];
  const goneIds: string[] = [];
  for (const { file, relative } of added) previous.byFile.set(file, { relative });
  for (const file of [...kept, ...added.map((a) => a.file)]) {
    const entry = previous.byFile.get(file)!;
    const read = fs.existsSync(file) ? readPostFile(file, options.maxPostBytes) : null;
    if (!read || 'reason' in read) {
      if (entry.id !== undefined) goneIds.push(entry.id);
      if (read) {
        report.skipped.push({ file: entry.relative, reason: read.reason });
        entry.id = undefined;
      } else previous.byFile.delete(file);
      continue;
    }
    tasks.push(fileTask(file, entry.relative, now.salt, read, options.now ?? Date.now(), entry.post));
  }
  // In the order a scan finds them, as a full build reads them.
  tasks.sort((a, b) => ((a as { relative: string }).relative < (b as { relative: string }).relative ? -1 : 1));
  return { tasks, goneIds };
}

/** `file` as a scan names it: below the real path of its folder (which a watcher may name through a link). */
function asScanned(file: string): string {
  const abs = path.resolve(file);
  try {
    return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
  } catch {
    return abs;
  }
}

/** True when the previous build found post files below `folder`. */
function holdsFiles(previous: SourceFiles, folder: string): boolean {
  const below = folder + path.sep;
  for (const file of previous.byFile.keys()) if (file.startsWith(below)) return true;
  return false;
}
