/**
 * The engine of another build of zhsearch (a checkout built with `npx tsc -p .`) over an
 * index, with that build's jieba loaded: the A/B scripts load two builds in one process.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function engineOf<E>(root: string, index: string): Promise<E> {
  const at = (file: string): string => pathToFileURL(path.join(root, 'dist/src', file)).href;
  const jieba = (await import(at('text/jieba.js'))) as { preload(): void; whenReady(): Promise<void> };
  jieba.preload();
  await jieba.whenReady();
  const { loadIndex } = (await import(at('index.js'))) as { loadIndex(dir: string): { engine: E } };
  return loadIndex(index).engine;
}
