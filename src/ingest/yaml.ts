/**
 * YAML as Jekyll's Ruby reads it, for front matter, `_config.yml` and `_data` files:
 * js-yaml with the core schema (dates stay strings, read by post-date.ts), loaded on the
 * first YAML read (lazy-require.ts): a thread that only searches reads none, and its 100 KB
 * of code took 10 ms of each such thread's start.
 */
import type jsYaml from 'js-yaml';
import { lazyRequire } from '../lazy-require.js';

const yaml = lazyRequire<typeof jsYaml>('js-yaml');

/** The value of a YAML text (undefined for an empty one); throws js-yaml's error when it cannot be read. */
export function loadYaml(text: string): unknown {
  const { load, CORE_SCHEMA } = yaml();
  // `json`: a key given twice is the last one's, as Ruby's YAML reads it (js-yaml would refuse).
  return load(text, { schema: CORE_SCHEMA, json: true });
}
