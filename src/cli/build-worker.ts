/**
 * The build process a server keeps (`cli/reindex-process.ts`): it runs each reindex the
 * server asks for (`--watch`, the admin route) and keeps the index it wrote, so the next
 * build starts from memory rather than from a new process reading the index again
 * (0.6 of the 1.1 s a one-post change took at 13,607 posts). It leaves when the server
 * does, or after {@link IDLE_MS} without a build, giving its memory back.
 */
import { exitAfterJieba } from '../text/jieba-threads.js';
import { loadConfig } from '../config.js';
import { reindexOptions } from './build-settings.js';
import { reindex } from '../build/reindex.js';
import type { LoadedIndex } from '../store/store.js';
import type { BuildRequest, BuildReply } from './reindex-process.js';

/** A build process idle this long leaves; the server starts another for the next build. */
const IDLE_MS = 5 * 60_000;

let kept: LoadedIndex | undefined;
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
      const result = await reindex({ ...reindexOptions(config), previousIndex: kept });
      kept = { engine: result.engine, manifest: result.manifest };
      return { id: request.id, report: result.report };
    } catch (err) {
      kept = undefined;
      return { id: request.id, error: (err as Error).message };
    }
  })().then((reply) => {
    process.send!(reply);
    leaveWhenIdle();
  });
});
// The server went away (or stopped it): nothing more to build for.
process.on('disconnect', () => void exitAfterJieba(0));
leaveWhenIdle();
