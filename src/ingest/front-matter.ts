/**
 * Jekyll front matter: gray-matter finds the block, js-yaml parses it with the core
 * schema (dates stay strings, read by post-date.ts). js-yaml resolves aliases to shared
 * references, so a billion-laughs post parses in linear space; `toList` and `scalar`
 * only ever read scalars, so nested aliases are never expanded either.
 */
import type grayMatter from 'gray-matter';
import yaml from 'js-yaml';
import { lazyRequire } from '../lazy-require.js';

const matter = lazyRequire<typeof grayMatter>('gray-matter');

/** Front matter fields as parsed, and the body after the block. */
export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

const engines = {
  yaml: (src: string): object => {
    const value: unknown = yaml.load(src, { schema: yaml.CORE_SCHEMA });
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('front matter is not a mapping');
    return value as object;
  },
};

/**
 * Splits a post into front matter and body. Tolerates a BOM and blank lines before the
 * opening `---`; throws when the block never closes or its YAML is invalid.
 */
export function parseFrontMatter(raw: string): FrontMatter {
  const text = raw.replace(/^\uFEFF/, '').replace(/^(?:[ \t]*\r?\n)+/, '');
  if (!/^---[ \t]*\r?\n/.test(text)) return { data: {}, body: text };
  if (!/\r?\n---[ \t]*(\r?\n|$)/.test(text.slice(3))) throw new Error('front matter never closes (no second ---)');
  const parsed = matter()(text, { engines, language: 'yaml' });
  return { data: parsed.data as Record<string, unknown>, body: parsed.content };
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
