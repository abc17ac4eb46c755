/**
 * Every post of the six Jekyll sites in ../shared/jekyll, and of this project's own in
 * test/fixtures/jekyll (scripts/regenerate-jekyll-fixtures.sh made their answers with the
 * same Jekyll and hook), indexed with `{ site }` and compared field by field with what
 * Jekyll 4.3 itself published (expected/NAME.json): URL, date, categories, tags, title,
 * the published set, and the text, all of it (but for whitespace).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { zhsearchIds, type JekyllAnswer } from '../scripts/jekyll-answer.js';
import { buildIndex } from '../src/build/build.js';
import type { SearchEngine } from '../src/search/engine.js';
import { ROOT } from './helpers.js';

/** Where the sites are. */
const FIXTURE_DIRS = [path.resolve(ROOT, '../shared/jekyll'), path.resolve(ROOT, 'test/fixtures/jekyll')];

const squeeze = (s: string): string => s.replace(/\s+/g, '');
const occurrences = (s: string, token: string): number => s.split(token).length - 1;

const sites = FIXTURE_DIRS.flatMap((dir) =>
  fs.existsSync(path.join(dir, 'sites'))
    ? fs
        .readdirSync(path.join(dir, 'sites'))
        .sort()
        .map((name) => ({ name, dir }))
    : [],
);

describe('Jekyll sites, compared with what Jekyll 4.3 published', function () {
  this.timeout(60_000);
  before(function () {
    if (sites.length === 0) this.skip();
  });

  for (const { name, dir: FIXTURES } of sites) {
    describe(name, () => {
      let expected: JekyllAnswer;
      let engine: SearchEngine;
      let notPublished: string[];
      let ids: Map<string, string>;
      before(async () => {
        expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected', `${name}.json`), 'utf8')) as JekyllAnswer;
        ids = zhsearchIds(expected.posts);
        // A fixed "now" between the fixtures' past posts and their 2098/2099 ones.
        const result = await buildIndex({ site: path.join(FIXTURES, 'sites', name) }, { now: Date.parse('2026-11-30T00:00:00Z') });
        engine = result.engine;
        notPublished = result.report.notPublished.map((n) => n.file).sort();
        assert.deepEqual(result.report.skipped, []);
      });

      it('indexes exactly the posts Jekyll published, and reports every file it left out', () => {
        assert.deepEqual([...engine.documents()].map((d) => d.id).sort(), [...ids.values()].sort());
        assert.deepEqual(notPublished, expected.unpublished.map((u) => u.path).sort());
      });

      it('gives every post Jekyll’s URL, date, categories, tags and title', () => {
        for (const p of expected.posts) {
          const d = engine.get(ids.get(p.path)!)!;
          assert.deepEqual(
            { url: d.url, date: d.date, categories: d.categories, tags: d.tags, title: d.title },
            { url: p.url, date: p.date, categories: p.categories, tags: p.tags, title: p.title },
            p.path,
          );
        }
      });

      it('indexes the text readers see: Jekyll’s, every sentence, and no markup Jekyll’s text does not show', () => {
        for (const p of expected.posts) {
          const text = engine.get(ids.get(p.path)!)!.text;
          assert.equal(squeeze(text), squeeze(p.text), p.path);
          for (const s of p.sentences) assert.ok(squeeze(text).includes(squeeze(s)), `${p.path}: missing ${JSON.stringify(s)}`);
          for (const token of ['{%', '{{', '**', '[^', '|---', '{:']) {
            assert.ok(
              occurrences(text, token) <= occurrences(p.text, token),
              `${p.path}: ${occurrences(text, token)} × ${token}, Jekyll shows ${occurrences(p.text, token)}`,
            );
          }
        }
      });
    });
  }
});
