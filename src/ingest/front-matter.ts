/**
 * Jekyll front matter: the block is found by Jekyll's own rule (`Document`'s
 * `YAML_FRONT_MATTER_REGEXP`, Jekyll 4.3), and js-yaml parses it with the core schema
 * (dates stay strings, read by post-date.ts). js-yaml resolves aliases to shared
 * references, so a billion-laughs post parses in linear space; `toList` and `scalar`
 * only ever read scalars, so nested aliases are never expanded either.
 */
import { loadYaml } from './yaml.js';

/** Front matter fields as parsed, and the body after the block. */
export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /**
   * Why the block's YAML could not be read, when it could not: `data` is then empty and
   * `body` still the text after the block, as Jekyll reads such a post (it logs the
   * error and publishes the post without its front matter).
   */
  error?: string;
  /** A block that would be front matter but for the blank lines before it: Jekyll reads it as body text. */
  late?: boolean;
  /**
   * The `date` was written in quotes: a string to Ruby's YAML, which Jekyll reads with
   * `Time.parse` (in the site's zone), where an unquoted `2021-04-05 10:00:00` is a YAML
   * timestamp, in UTC. The core schema gives both as the same string.
   */
  dateQuoted?: true;
}

/**
 * Jekyll's `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` (Ruby, `m`: a dot matches line
 * breaks): an opening `---` line, the YAML, and the first line that is `---` or `...`.
 * Sticky, so that it matches only at the start.
 */
const BLOCK = /(---\s*\n[\s\S]*?\n?)^(?:---|\.\.\.)\s*$\n?/my;

function parseYaml(src: string): Record<string, unknown> {
  const value = loadYaml(src);
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('front matter is not a mapping');
  return value as Record<string, unknown>;
}

/**
 * Splits a post into front matter and body as Jekyll 4.3 does (`Document#read_content`):
 * a BOM is dropped (Jekyll reads files as `bom|utf-8`); the block counts only at the
 * very start of the file, so a file with a blank line before its `---`, or whose block
 * never closes, has no front matter and is all body. Invalid YAML gives `error`.
 */
export function parseFrontMatter(raw: string): FrontMatter {
  const text = raw.replace(/^\uFEFF/, '');
  BLOCK.lastIndex = 0;
  const block = BLOCK.exec(text);
  if (!block) {
    const blank = /^(?:[ \t]*\r?\n)+/.exec(text);
    BLOCK.lastIndex = blank?.[0].length ?? 0;
    return blank && BLOCK.test(text) ? { data: {}, body: text, late: true } : { data: {}, body: text };
  }
  const body = text.slice(block[0].length);
  try {
    // The opening line is YAML's document marker: js-yaml reads it as Ruby's YAML does.
    const data = parseYaml(block[1]!);
    return typeof data.date === 'string' && /^date[ \t]*:[ \t]*['"]/m.test(block[1]!) ? { data, body, dateQuoted: true } : { data, body };
  } catch (err) {
    return { data: {}, body, error: (err as Error).message.split('\n')[0]! };
  }
}

/** Jekyll's rule for `tags`/`categories`: a YAML list, or a string split on white space. */
export function toList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : (scalar(value) ?? '').split(/\s+/);
  return [...new Set(items.map((v) => (scalar(v) ?? '').trim()).filter(Boolean))];
}

/** A scalar front matter value as text; null for lists, mappings and nulls. */
export function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return null;
}
