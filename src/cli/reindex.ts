#!/usr/bin/env node
/**
 * npm run reindex [-- --site DIR [--jekyll-config a.yml,b.yml] [--drafts] | --source DIR|FILE.jsonl] [--index DIR] [--full]
 * Rebuilds the index incrementally and prints a summary line; skipped posts are listed
 * with their reasons, posts Jekyll would not publish are counted by reason. Without
 * `--site` or `--source`, the site or source the index was built from is read again.
 * Exit code 1 when the index could not be built.
 */
import { exitAfterJieba } from '../text/jieba-threads.js';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { checkArgs, reindexCommand } from './args.js';
import { reindexOptions } from './build-settings.js';
import { reindex, summaryLine } from '../build/reindex.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = checkArgs(reindexCommand(), argv);
  const config = loadConfig(argv);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'segmenting {bar} {value}/{total} posts', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  const { report, manifest, unchanged } = await reindex({
    ...reindexOptions(config),
    full: args.full === true,
    allowShrink: args.allowShrink === true,
    onWarning: (m) => console.error(`warning: ${m}`),
    onProgress: (done, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      // A JSONL file is read as it is parsed: its total is an estimate until the file is read.
      if (total !== bar.getTotal()) bar.setTotal(total);
      bar.update(done);
    },
  });
  bar?.stop();
  for (const s of report.skipped) console.error(`skipped ${s.file}: ${s.reason}`);
  for (const w of report.warnings) console.error(`warning ${w.file}: ${w.reason}`);
  if (args.verbose === true) for (const s of report.notPublished) console.error(`not published ${s.file}: ${s.reason}`);
  if (args.json === true) console.log(JSON.stringify({ report, version: manifest.version, unchanged }));
  else console.log(`${summaryLine(report)} -> ${config.indexDir} (${unchanged ? 'unchanged, ' : ''}version ${manifest.version})`);
  // A segmenter still loading jieba's dictionary is stopped, not torn down (text/jieba-threads.ts).
  await exitAfterJieba(0);
}

main().catch((err: Error) => {
  console.error(`reindex failed: ${err.message}`);
  void exitAfterJieba(1);
});
