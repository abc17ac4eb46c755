/**
 * Libraries that reading a post needs, loaded on its first use (their CommonJS builds,
 * through `require`): a thread that only searches an index never reads a post, and
 * Liquid, markdown-it, htmlparser2 and gray-matter took 13 MB of each such thread's
 * memory (a server's main thread and each search thread) when imported with the engine.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function returning the package `name`, required the first time it is called. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
