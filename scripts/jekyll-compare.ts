/**
 * node dist/scripts/jekyll-compare.js SITE ANSWER.json [--jekyll-config a.yml,b.yml] [--verbose]
 *
 * A Jekyll site as zhsearch indexes it, against what Jekyll itself published from it:
 * ANSWER.json is the hook of ../shared/jekyll (plugin/dump.rb) run by the real Jekyll,
 *
 *   TZ=UTC FIXTURE_DUMP=ANSWER.json jekyll build --source SITE --destination /tmp/out \
 *     --disable-disk-cache --plugins ../shared/jekyll/plugin[,test/fixtures/jekyll/plugin]
 *
 * (the second hook adds the documents of the site's collections with pages, which are then
 * indexed with `collections` and compared too)
 * (a real blog's own plugins and layouts may have to be left out for Debian's jekyll to
 * build it: they change neither a post's URL nor its text). Reported: posts published by
 * Jekyll and not indexed (and the reverse), posts whose URL, date, title, categories or
 * tags differ, the sentences of Jekyll's text (`sentences`: prose pieces with four Han
 * characters or more) not found whole in the indexed text, whitespace aside, and posts
 * showing more markup (`{%`, `**`, `[^`…) than Jekyll's text. `--verbose` lists each,
 * `sentence (words)` where even the sentence's letters and digits are not found.
 */
import { buildIndex } from '../src/build/build.js';
import { readJekyllAnswer, zhsearchIds } from './jekyll-answer.js';

const [site, answerFile] = process.argv.slice(2);
const verbose = process.argv.includes('--verbose');
// The site's configuration files, when Jekyll was given them (`jekyll build --config a.yml,b.yml`).
const configAt = process.argv.indexOf('--jekyll-config');
const config = configAt > 0 ? process.argv[configAt + 1]!.split(',') : [];
if (!site || !answerFile) {
  console.error('usage: node dist/scripts/jekyll-compare.js SITE ANSWER.json [--jekyll-config a.yml,b.yml] [--verbose]');
  process.exit(2);
}
// The documents of the site's other collections with pages, when the answer has them
// (made with test/fixtures/jekyll/plugin beside ../shared/jekyll/plugin), are indexed
// (`collections`) and compared as its posts are.
const { answer, collections, builtAt } = readJekyllAnswer(answerFile);
const { engine, report } = await buildIndex({ site, config, collections }, builtAt === undefined ? {} : { now: builtAt });

const ids = zhsearchIds(answer.posts);
const squeeze = (s: string): string => s.replace(/\s+/g, '');
const count = (s: string, token: string): number => s.split(token).length - 1;
const say = (line: string): void => {
  if (verbose) console.log(line);
};

let notIndexed = 0;
let fieldsDiffer = 0;
let sentences = 0;
let missing = 0;
// Of those, the sentences whose letters and digits are not found either: a word a search
// would miss or find wrongly, where the others differ in marks and punctuation only.
let missingWords = 0;
const lettersOf = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, '');
let moreMarkup = 0;
for (const p of answer.posts) {
  const d = engine.get(ids.get(p.path)!);
  if (!d) {
    notIndexed++;
    say(`not indexed: ${p.path} (${report.skipped.find((s) => s.file === p.path)?.reason ?? 'not found'})`);
    continue;
  }
  const ours = { url: d.url, date: d.date, title: d.title, categories: d.categories, tags: d.tags };
  const jekyll = { url: p.url, date: p.date, title: p.title, categories: p.categories, tags: p.tags };
  if (JSON.stringify(ours) !== JSON.stringify(jekyll)) {
    fieldsDiffer++;
    say(`fields: ${p.path}: ${JSON.stringify(ours)} where Jekyll has ${JSON.stringify(jekyll)}`);
  }
  const text = squeeze(d.text);
  const letters = lettersOf(d.text);
  for (const s of p.sentences) {
    sentences++;
    if (text.includes(squeeze(s))) continue;
    missing++;
    const words = !letters.includes(lettersOf(s));
    if (words) missingWords++;
    say(`sentence${words ? ' (words)' : ''}: ${p.path}: ${s}`);
  }
  for (const token of ['{%', '{{', '**', '[^', '|---', '{:']) {
    if (count(d.text, token) <= count(p.text, token)) continue;
    moreMarkup++;
    say(`markup: ${p.path}: ${count(d.text, token)} × ${token}, Jekyll's text ${count(p.text, token)}`);
  }
}
const published = new Set(ids.values());
const extra = [...engine.documents()].filter((d) => !published.has(d.id));
for (const d of extra) say(`indexed, not published by Jekyll: ${d.id}`);
const share = sentences ? ((100 * missing) / sentences).toFixed(2) : '0';
console.log(
  `${answer.posts.length} posts published by Jekyll: ${notIndexed} not indexed, ${extra.length} indexed that Jekyll did not publish, ` +
    `${fieldsDiffer} with another URL, date, title, categories or tags; ${missing} of ${sentences} sentences not found (${share}%; ` +
    `${missingWords} of them not by their letters and digits either), ` +
    `${moreMarkup} posts showing markup Jekyll's text does not`,
);
process.exit(0);
