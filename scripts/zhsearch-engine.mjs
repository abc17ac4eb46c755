// zhsearch behind the interface of ../shared/bench (perf.mjs) and ../shared/eval (run-eval.mjs
// --engine): build(posts) resolves to { search(q, limit) -> ids }. Posts arrive as plain
// records with visible text, so this measures the engine without file parsing.
import { SearchEngine } from '../dist/src/search/engine.js';
import { preload } from '../dist/src/text/jieba.js';

export async function build(posts) {
  preload();
  const engine = new SearchEngine();
  engine.add(posts.map((p) => ({ id: p.id, title: p.title, date: p.date, tags: p.tags, categories: p.categories, text: p.text })));
  engine.search('预热');
  return { search: (q, limit) => engine.search(q, { limit, facetLimit: 0, highlight: false }).hits.map((h) => h.id) };
}
