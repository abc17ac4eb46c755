/**
 * The command lines of `zhsearch-serve` and `zhsearch-reindex` (commander): `--help` and
 * `--version`, and a one-line error with exit code 2 for an unknown option or a missing
 * value, so a typo (`--souce`) never runs a command with the defaults.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Options both commands take: where the index is, what it is built from, the config file. */
function common(cmd: Command): Command {
  return cmd
    .version(version(), '-v, --version')
    .option('--config <file>', 'zhsearch configuration file (default: zhsearch.config.json if present)')
    .option('--index <dir>', 'index folder (default: index-data)')
    .option('--site <dir>', 'a Jekyll site root: read as Jekyll reads it (_config.yml, permalinks, time zone, published posts)')
    .option('--jekyll-config <files>', "the site's configuration files, comma-separated, as Jekyll's --config")
    .option('--drafts', "index the site's _drafts too")
    .option(
      '--collections <labels>',
      "also index these collections of the site, comma-separated (each with output: true in _config.yml; '*' for all of them)",
    )
    .option('--source <path>', 'a bare folder of posts, or a JSONL file of post records')
    .option('--site-url <url>', "the site's address for absolute links (default: the site's url)")
    .addOption(new Option('--allow-shrink', 'write an index even when it would lose more than half of its posts, or all'))
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

/** The reindex command line. */
export function reindexCommand(): Command {
  return common(
    new Command('zhsearch-reindex').description('Build or update the search index (incremental; --full analyses every post again).'),
  )
    .option('--full', 'analyse every post again')
    .option('--verbose', 'list every file left out and why')
    .option('--json', 'print the report as one JSON line (what a server running the build reads)');
}

/** The serve command line. */
export function serveCommand(): Command {
  return common(
    new Command('zhsearch-serve').description(
      'Serve the search API, the search page and widget.js; build the index first if there is none.',
    ),
  )
    .option('--port <n>', 'port (default 3000)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--watch', 'rebuild when the site, its posts or the dictionaries change')
    .option('--log-level <level>', 'fatal, error, warn, info (default), debug, trace or silent');
}

/**
 * Checks `argv` against `cmd`. Help and version are printed and exit 0; anything wrong is
 * one line on stderr and exit 2. Returns the parsed flags when the command should run.
 */
export function checkArgs(cmd: Command, argv: string[]): Record<string, unknown> {
  try {
    cmd.parse(argv, { from: 'user' });
    return cmd.opts();
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
      console.error(`${cmd.name()}: ${err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')} (see --help)`);
      process.exit(2);
    }
    throw err;
  }
}
