/**
 * Libraries loaded on their first use (their CommonJS builds, through `require`) rather
 * than when a module importing them is: a thread that only searches an index never reads
 * a post (Liquid, markdown-it, htmlparser2 and a front matter library took 13 MB of each
 * such thread's memory), and pinyin-pro's dictionaries take 0.15 s to load.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function returning the package `name`, required the first time it is called. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
