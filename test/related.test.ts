import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SearchEngine } from '../src/search/engine.js';
import { makeUnit } from '../src/search/match.js';
import { verified } from '../src/search/matcher.js';
import { scoredMatch, type Scored } from '../src/search/match-list.js';
import { addBm25 } from '../src/search/page-order.js';
import { normalize } from '../src/text/normalize.js';
import { whenReady } from '../src/text/jieba.js';

// Words from rare to common, so that a post's keywords are in few posts or in most.
const WORDS = ['量子计算', '机械键盘', '咖啡', '望远镜', '数据库', '开源', '工具', '新闻', '今天', '我们'];
const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join('，'));

describe('related posts', () => {
  before(async () => {
    await whenReady();
  });

  it('ranks exactly as scoring every post with a keyword would, however many it skips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, body: text }), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (posts, limit) => {
          const e = new SearchEngine();
          e.add(posts.map((p, i) => ({ id: `p${String(i).padStart(2, '0')}`, title: p.title, body: p.body })));
          for (const id of ['p00', `p${String(posts.length - 1).padStart(2, '0')}`]) {
            // Every post with one of the keywords, scored in full, in the order related posts promise.
            const units = e
              .keywordsOf(id)!
              .map(normalize)
              .filter((k) => k.length > 1)
              .map(makeUnit);
            const engine = e as unknown as { corpus(): Parameters<typeof verified>[0]; rankingCorpus(): Parameters<typeof addBm25>[0] };
            const counts = new Map<number, number>();
            const self = Number(id.slice(1));
            for (const u of units)
              for (const s of Array.from(verified(engine.corpus(), [[[u]]]))) if (s !== self) counts.set(s, (counts.get(s) ?? 0) + 1);
            const all: Scored[] = [...counts].map(([s, n]) => scoredMatch(s, 0, n));
            addBm25(engine.rankingCorpus(), all, units);
            all.sort((a, b) => b.score - a.score || b.title - a.title || (a.slot < b.slot ? -1 : 1));
            assert.deepEqual(
              e.related(id, limit)!.map((h) => h.id),
              all.slice(0, limit).map((s) => `p${String(s.slot).padStart(2, '0')}`),
              id,
            );
          }
        },
      ),
      { numRuns: 60, seed: 20261210 },
    );
  });
});
