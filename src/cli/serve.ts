#!/usr/bin/env node
/**
 * npm start [-- --port N --host H --index DIR --source DIR | --site DIR [--watch]]
 * Serves the index in `indexDir` (cli/serve-main.ts).
 *
 * This module imports next to nothing: it starts the search threads the configuration
 * asks for, then loads the server's own modules (Express's and pino's above all: 0.3-0.45
 * s here), so that each thread's own start (node's, its modules', jieba's dictionaries')
 * goes on beside them (server/search-thread-spawn.ts), and so does the reading of the
 * index's shared sections. Arguments that are wrong end the process here, before any
 * thread starts; a configuration that cannot be read starts none, and serve-main.ts
 * reports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { startSearchThreadsEarly } from '../server/search-thread-spawn.js';
import { isDataFileName } from '../store/data-file.js';
import { checkArgs, serveCommand } from './args.js';

const argv = process.argv.slice(2);
checkArgs(serveCommand(), argv);
let threads = 0;
let dataFile: string | undefined;
try {
  const config = loadConfig(argv);
  threads = config.searchThread ? config.searchThreads : 0;
  // The data file the server will load first, as its manifest names it now (read again,
  // and checked, by the load).
  const manifest = JSON.parse(fs.readFileSync(path.join(config.indexDir, 'manifest.json'), 'utf8')) as { dataFile?: unknown };
  if (isDataFileName(manifest.dataFile)) dataFile = path.join(config.indexDir, manifest.dataFile);
} catch {
  // Reported by serve-main.ts (a configuration), or built there (no index yet).
}
startSearchThreadsEarly(threads, dataFile);
await import('./serve-main.js');
