/**
 * `serve` (cli/serve.ts), once its search threads are starting: serves the index in
 * `indexDir`; on a fresh checkout with no index it first builds one from `source` (the
 * bundled sample corpus by default). Reloads when `reindex` writes a new index, on SIGHUP
 * and on POST /api/admin/reload; finishes in-flight requests on SIGTERM.
 */
import { pino, type Logger } from 'pino';
import { DEFAULT_CONFIG, loadConfig, readSynonyms, type Config } from '../config.js';
import { reindexOptions, servingOptions } from './build-settings.js';
import { checkArgs, serveCommand } from './args.js';
import { summaryLine } from '../build/reindex.js';
import { reindexInChild } from './reindex-process.js';
import type { BuildReport } from '../build/build.js';
import { preload } from '../text/jieba.js';
import { createApp } from '../server/app.js';
import { createHttpServer } from '../server/http-server.js';
import { IndexHolder } from '../store/index-holder.js';
import { IndexLoadError, REBUILDABLE } from '../store/store.js';
import { SearchPool } from '../server/search-pool.js';
import { exitAfterJieba } from '../text/jieba-threads.js';
import { useServingV8Flags } from './serving-v8-flags.js';
import { SourceWatcher } from './watch-source.js';
import path from 'node:path';

/** How many of a build's skipped and warned-of posts its log line names (a first build may have thousands). */
const NAMED_IN_LOG = 20;

/** A build's skipped posts and posts with warnings, for its log line: the first {@link NAMED_IN_LOG} of each, when there are any. */
function postsToFix(report: BuildReport): { skipped?: BuildReport['skipped']; warnings?: BuildReport['warnings'] } {
  return {
    ...(report.skipped.length > 0 ? { skipped: report.skipped.slice(0, NAMED_IN_LOG) } : {}),
    ...(report.warnings.length > 0 ? { warnings: report.warnings.slice(0, NAMED_IN_LOG) } : {}),
  };
}

/** `--watch`: rebuild when the site (or posts folder) or the dictionaries change, then serve the new index. */
function watchSource(
  config: Config,
  rebuild: (changed?: string[]) => Promise<BuildReport>,
  holder: IndexHolder,
  logger: Logger,
  catchUp: boolean,
): SourceWatcher {
  const { site, source } = reindexOptions(config);
  const root = site ? site.site : path.resolve(source);
  const indexDir = path.resolve(config.indexDir);
  const skip = /(^|[/\\])(\.git|_site|\.jekyll-cache|\.sass-cache|node_modules)([/\\]|$)/;
  const watcher = new SourceWatcher({
    roots: [root],
    files: [config.userDictFile, config.stopWordsFile].map((f) => path.resolve(f)),
    ignore: (file) => file.startsWith(indexDir + path.sep) || file === indexDir || skip.test(path.relative(root, file)),
    build: async (changed) => {
      const report = await rebuild(changed);
      // Loaded beside the old one in slices, so searches go on meanwhile (as for the admin route).
      await holder.reloadInSlices();
      return report;
    },
  }).start();
  watcher.on('build', (report: BuildReport) =>
    logger.info(
      { documents: report.documents, added: report.added, updated: report.updated, removed: report.removed, ...postsToFix(report) },
      summaryLine(report),
    ),
  );
  watcher.on('buildError', (err: Error) =>
    logger.error({ reason: err.message }, 'rebuild after a change failed; the index served is unchanged'),
  );
  logger.info({ root }, 'watching the source for changes');
  // Once at the start, over an index built before: changes made while no server watched
  // are picked up, and the build process keeps what the next build starts from (the
  // following saves are then quick).
  if (catchUp) watcher.buildNow();
  return watcher;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  checkArgs(serveCommand(), argv);
  const config = loadConfig(argv);
  // Refused before anything starts: a setting that reads a Jekyll site, without one.
  reindexOptions(config);
  const logger = pino({ level: config.logLevel });
  const holder = new IndexHolder(config.indexDir, {
    ...servingOptions(config),
    loadSynonyms: () => readSynonyms(config.synonymsFile),
    synonymsFile: config.synonymsFile,
  });
  const rebuild = reindexInChild(argv);
  // With search threads, the threads load the index and the main thread keeps no copy of
  // its own (store/served-index.ts): the first load goes through them too.
  const searchThread = config.searchThread ? new SearchPool(holder, config.searchThreads) : undefined;
  searchThread?.on('loaded', (version: string) => logger.info({ version }, 'search thread serves the index'));
  searchThread?.on('loadFailed', (err: Error) =>
    logger.error({ reason: err.message }, 'search thread cannot load the index; searches run on the main thread'),
  );
  searchThread?.on('searchError', (err: Error) =>
    logger.error({ reason: err.message }, 'search thread failed a search; answered on the main thread'),
  );
  searchThread?.on('threadError', (err: Error) => logger.error({ reason: err.message }, 'search thread failed'));
  searchThread?.on('exit', (code: number, delay: number) =>
    logger.error({ code, restartInMs: delay }, 'search thread stopped; searches run on the main thread until it is back'),
  );
  // Giving up: one line, and the search threads stop with jieba's threads (exitAfterJieba),
  // which is no thread failure to report.
  const giveUp = (message: string): Promise<never> => {
    console.error(message);
    searchThread?.removeAllListeners('exit');
    return exitAfterJieba(1);
  };
  const firstLoad = async (): Promise<unknown> => (searchThread ? holder.reloadInSlices() : holder.reload());
  let sourceWatcher: SourceWatcher | null = null;
  try {
    await firstLoad();
  } catch (err) {
    const reason = (err as Error).message;
    // No index yet, or one another version wrote (which a rebuild replaces): build one. A
    // damaged index is not rebuilt over: that needs a look first.
    if (!(err instanceof IndexLoadError && REBUILDABLE.includes(err.code))) {
      return giveUp(`zhsearch: cannot serve: ${reason}`);
    }
    // The bundled sample is for a bare `npm start`: an index folder of one's own is built
    // only from a source given now or recorded in it.
    const { site, source } = reindexOptions(config);
    const ownFolder = path.resolve(config.indexDir) !== path.resolve(DEFAULT_CONFIG.indexDir);
    if (ownFolder && !site && source === DEFAULT_CONFIG.source && config.source === DEFAULT_CONFIG.source) {
      return giveUp(`zhsearch: cannot serve: no index in ${config.indexDir}; give --site or --source to build one there`);
    }
    logger.info({ source: site ? site.site : source, reason }, 'no usable index: building one');
    // Watched from before this build starts: a post saved while it runs is built after it,
    // and what it read needs no catch-up (which, at 100,000 posts, read every file's size
    // and time for 5 s while the first save waited).
    if (config.watchSource) sourceWatcher = watchSource(config, rebuild, holder, logger, false);
    const built = rebuild().then(async (report) => {
      logger.info(postsToFix(report), summaryLine(report));
      await firstLoad();
    });
    sourceWatcher?.followBuild(built);
    // A build that fails (no such source) ends the server with its one line, the search
    // threads stopped as giving up stops them (not reported as a thread failure).
    await built.catch((err: Error) => giveUp(`zhsearch: ${err.message}`));
  }
  // Set for serving only: a first build (above) keeps V8's own settings, and its memory.
  useServingV8Flags();
  // Search threads cut queries and find related posts with jieba of their own: this
  // thread loads none (67 MB) unless it must answer itself (a thread that died), and
  // then on first use. Without them, jieba's dictionaries load on their worker from now
  // on, not during the index load, which they would slow on a small machine; searches are
  // served meanwhile (see tokenize.ts for the split used until they are in).
  if (!searchThread) preload();
  if (config.watchIndex) holder.watch();
  holder.on('reloaded', (r) => logger.info(r, 'index reloaded'));
  holder.on('reloadError', (err: Error) => logger.error({ reason: err.message }, 'new index refused; the old one keeps serving'));

  const app = createApp({ config, holder, logger, reindex: rebuild, searchThread });
  sourceWatcher ??= config.watchSource ? watchSource(config, rebuild, holder, logger, true) : null;
  const server = createHttpServer(app);
  server.once('error', (err: NodeJS.ErrnoException) => {
    // A port in use or an address not ours: one line, no stack trace.
    const why =
      err.code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use`
        : err.code === 'EADDRNOTAVAIL'
          ? `address ${config.host} is not available`
          : err.message;
    void giveUp(`zhsearch: cannot listen: ${why}`);
  });
  server.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const m = holder.current!.manifest;
    logger.info({ url: `http://${config.host}:${port}/`, documents: m.documentCount, version: m.version }, 'zhsearch listening');
  });
  server.keepAliveTimeout = 5000;

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    holder.close();
    void sourceWatcher?.close();
    // Threads that may be inside a jieba call are stopped before the process exits (text/jieba-threads.ts).
    const exit = (): void => void Promise.resolve(searchThread?.close()).finally(() => exitAfterJieba(0));
    server.close(exit);
    server.closeIdleConnections();
    setTimeout(exit, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => {
    holder.reloadInSlices().then(
      (r) => logger.info(r, 'SIGHUP reload'),
      (err: unknown) => logger.error({ reason: (err as Error).message }, 'SIGHUP reload refused; the old index keeps serving'),
    );
  });
}

main().catch((err: Error) => {
  console.error(`zhsearch: ${err.message}`);
  void exitAfterJieba(1);
});
