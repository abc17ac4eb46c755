/**
 * A site's data files as `{{ site.data.* }}` sees them, read as Jekyll 4.3's DataReader
 * reads them: in the `data_dir` folder (`_data`), each `.yaml`, `.yml` and `.json` file
 * as YAML, `.csv` and `.tsv` as lists of rows keyed by their header, each folder as a
 * mapping of what it holds; a file's key is its name without extension, with what is
 * not a letter, digit, `_`, `-` or space removed and spaces made `_` (`sanitize_filename`).
 * Names starting with `.`, `_`, `#` or `~`, and backups ending in `~`, are left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as CsvParse from 'csv-parse/sync';
import { lazyRequire } from '../../lazy-require.js';
import { loadYaml } from '../yaml.js';

const csvParse = lazyRequire<typeof CsvParse>('csv-parse/sync');

/** A data file that cannot be read: Jekyll stops the build on it too. */
export class SiteDataError extends Error {}

/** Jekyll's file globs, in the order it reads them (a later file of the same key wins). */
const DATA_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv', '.tsv'];

/** Jekyll's `sanitize_filename` (Ruby's `\w` is ASCII, as JavaScript's is). */
export function dataKey(name: string): string {
  return name.replace(/[^\w\s-]+|(?<=^|\b\s)\s+(?=$|\s?\b)/g, '').replace(/\s+/g, '_');
}

const leftOut = (name: string): boolean => /^[._#~]/.test(name) || name.endsWith('~');

/** The data of `dir` (absolute) as a mapping; an empty one when there is no such folder. */
export function readSiteData(dir: string): Record<string, unknown> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return {};
  }
  const data: Record<string, unknown> = {};
  const byName = (a: fs.Dirent, b: fs.Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const kept = entries.filter((e) => !leftOut(e.name)).sort(byName);
  for (const ext of DATA_EXTENSIONS) {
    for (const e of kept) {
      if (!e.isFile() || path.extname(e.name) !== ext) continue;
      const file = path.join(dir, e.name);
      data[dataKey(path.basename(e.name, ext))] = readDataFile(file, ext);
    }
  }
  for (const e of kept) if (e.isDirectory()) data[dataKey(e.name)] = readSiteData(path.join(dir, e.name));
  return data;
}

function readDataFile(file: string, ext: string): unknown {
  try {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    if (ext === '.csv' || ext === '.tsv') {
      // Rows as mappings of the header's names; an empty field is nil in Ruby's CSV.
      const rows = csvParse().parse(text, {
        columns: true,
        delimiter: ext === '.tsv' ? '\t' : ',',
        skip_empty_lines: true,
        relax_column_count: true,
      });
      return (rows as Record<string, string>[]).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? null : v])),
      );
    }
    return loadYaml(text) ?? null;
  } catch (err) {
    throw new SiteDataError(`${file}: ${(err as Error).message.split('\n')[0]}`);
  }
}
