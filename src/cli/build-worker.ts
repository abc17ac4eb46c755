/**
 * The build process a server keeps (`cli/reindex-process.ts`): it runs each reindex the
 * server asks for (`--watch`, the admin route) and keeps the index it wrote, so the next
 * build starts from memory rather than from a new process reading the index again
 * (0.6 of the 1.1 s a one-post change took at 13,607 posts). It leaves when the server
 * does, or after {@link IDLE_MS} without a build, giving its memory back.
 */
import { exitAfterJieba } from '../text/jieba-threads.js';
import { hasWordsBeyond } from '../text/jieba.js';
import { loadConfig } from '../config.js';
import { reindexOptions } from './build-settings.js';
import { mergeWhenDue, reindex } from '../build/reindex.js';
import type { LoadedIndex } from '../store/store.js';
import type { SourceFiles } from '../build/build.js';
import type { BuildRequest, BuildReply } from './reindex-process.js';

/** A build process idle this long leaves; the server starts another for the next build. */
const IDLE_MS = 5 * 60_000;

/**
 * A build told only the changed files still scans the whole source when the last whole
 * scan is older than this: it catches what a watcher can miss (events dropped under load).
 */
const FULL_SCAN_EVERY_MS = 10 * 60_000;

let kept: LoadedIndex | undefined;
/** The post files of the source as the last build found them (build/changed-files.ts). */
let keptFiles: SourceFiles | undefined;
let lastFullScan = 0;
let idle: NodeJS.Timeout | undefined;

function leaveWhenIdle(): void {
  clearTimeout(idle);
  idle = setTimeout(() => void exitAfterJieba(0), IDLE_MS);
}

process.on('message', (request: BuildRequest) => {
  clearTimeout(idle);
  void (async (): Promise<BuildReply> => {
    try {
      const config = loadConfig(request.argv);
      const options = reindexOptions(config);
      // A word taken out of the user dictionary is still in this process's jieba, which
      // only adds words: a fresh process builds instead.
      if (hasWordsBeyond(options.userWords ?? [])) return { id: request.id, retry: true };
      const hinted = request.changed && Date.now() - lastFullScan < FULL_SCAN_EVERY_MS;
      const result = await reindex({
        ...options,
        previousIndex: kept,
        previousFiles: keptFiles,
        ...(hinted ? { changedFiles: request.changed } : {}),
      });
      kept = { engine: result.engine, manifest: result.manifest };
      keptFiles = result.files;
      if (!result.report.changedOnly) lastFullScan = Date.now();
      return { id: request.id, report: result.report };
    } catch (err) {
      kept = undefined;
      keptFiles = undefined;
      return { id: request.id, error: (err as Error).message };
    }
  })().then((reply) => {
    process.send!(reply);
    if ('retry' in reply) return void exitAfterJieba(0);
    // Deltas grown large are merged into a full save once the build is answered, so no
    // writer waits for it; the server loads the merged index like any new version.
    if (kept) {
      try {
        kept = mergeWhenDue(loadConfig(request.argv).indexDir, kept);
      } catch {
        kept = undefined; // the next build starts from the index on disk
      }
    }
    leaveWhenIdle();
  });
});
// The server went away (or stopped it): nothing more to build for.
process.on('disconnect', () => void exitAfterJieba(0));
leaveWhenIdle();
