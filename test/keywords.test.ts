/**
 * Keywords (related posts match them) are worked out from jieba's cuts and its IDF table
 * read in JavaScript (text/keywords.ts), no longer by nodejieba's `extract`. They must be
 * the very words `extract` gives, in its order, ties included: compared here with
 * nodejieba itself, loaded with its full tables in a process of its own.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { compactDictionary } from '../src/text/jieba-binding.js';
import { followWords, keywords, whenReady } from '../src/text/jieba.js';
import { partialSort, readKeywordTables } from '../src/text/keywords.js';
import { SAMPLE_POSTS, tempDir } from './helpers.js';

const require = createRequire(import.meta.url);

/**
 * nodejieba's own `extract(text, topN)` of each text (words and weights), with its IDF
 * and stop word tables or the ones given, and the words other tests of this process have
 * added to this thread's jieba (so that both cut alike).
 */
async function extractedByNodejieba(
  texts: string[],
  topN: number,
  tables: { idfDict?: string; stopWordDict?: string } = {},
): Promise<{ word: string; weight: number }[][]> {
  let userWords: string[] = [];
  followWords((words) => (userWords = [...userWords, ...words]))();
  const dict = compactDictionary(path.join(path.dirname(require.resolve('nodejieba')), 'submodules/cppjieba/dict/jieba.dict.utf8'));
  // In a process of its own: in this one, jieba's dictionaries and tables are the
  // process's, loaded once with zhsearch's tables (text/jieba-binding.ts).
  const child = spawn(
    process.execPath,
    [
      '-e',
      `let input = '';
       process.stdin.on('data', (d) => (input += d)).on('end', () => {
         const job = JSON.parse(input);
         const jieba = require(job.nodejieba);
         jieba.load({ dict: job.dict, ...job.tables });
         for (const word of job.userWords) jieba.insertWord(word);
         process.stdout.write(JSON.stringify(job.texts.map((t) => jieba.extract(t, job.topN))));
       });`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  child.stdin.end(JSON.stringify({ texts, topN, dict, tables, userWords, nodejieba: require.resolve('nodejieba') }));
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  const code = await new Promise<number | null>((resolve, reject) => child.once('close', resolve).once('error', reject));
  assert.equal(code, 0);
  const answer = JSON.parse(output) as { word: string; weight: number }[][];
  return answer;
}

describe('keywords (TF-IDF, as nodejieba extracts them)', function () {
  this.timeout(120_000);

  it('are the words and the order of nodejieba extract, for whole posts and for short texts full of ties', async () => {
    const posts = fs.readdirSync(SAMPLE_POSTS).map((f) => fs.readFileSync(path.join(SAMPLE_POSTS, f), 'utf8'));
    // Short pieces: few words, most counted once, many of the same IDF, so the order of
    // equal weights decides which come first. Seeded, so every run takes the same pieces.
    let seed = 20261130;
    // mulberry32
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces: string[] = [];
    for (let i = 0; i < 400; i++) {
      const text = posts[Math.floor(random() * posts.length)]!;
      const at = Math.floor(random() * text.length);
      pieces.push(`${text.slice(at, at + 5 + Math.floor(random() * 120))} 𠮷野家的AI模型，Zürich 東京`);
    }
    const texts = [...posts.map((p) => p.slice(0, 5000)), ...pieces, '', '的 了 是', 'AI'];
    for (const topN of [12, 3]) {
      const expected = (await extractedByNodejieba(texts, topN)).map((keywords) => keywords.map((k) => k.word));
      await whenReady();
      const got = texts.map((t) => keywords(t, topN));
      // Not vacuous: most texts have more candidates than topN, so the cut among ties matters.
      assert.ok(got.filter((k) => k.length === topN).length > 200, 'most texts have topN keywords');
      for (let i = 0; i < texts.length; i++) assert.deepEqual(got[i], expected[i], `text ${i}: ${texts[i]!.slice(0, 60)}`);
    }
  });

  it('read tables as cppjieba reads them: odd lines, a word listed twice, the average over every line, stop words', async () => {
    const dir = tempDir();
    try {
      // Two fields (kept), or not (skipped but counted in the average); the last line has no newline.
      const idf = ['北京 2.5', '上海 3.25 ', ' 广州 4', '深圳  5', '杭州 7', '北京 9.5', '', '南京 x1', '武汉 1e2', '成都 0.5'].join('\n');
      const idfDict = path.join(dir, 'idf.utf8');
      const stopWordDict = path.join(dir, 'stop.utf8');
      fs.writeFileSync(idfDict, idf);
      fs.writeFileSync(stopWordDict, '成都\n的\n');
      const text = '北京，上海，广州，深圳，杭州，南京，武汉，成都，重庆';
      // (cppjieba logs each line it skips, on stderr: three lines in the test output.)
      const [expected] = await extractedByNodejieba([text], 20, { idfDict, stopWordDict });
      const tables = readKeywordTables(idfDict, stopWordDict);
      // Each word once: its weight is its IDF.
      const got = expected!.map((k) => ({ word: k.word, weight: tables.idf(k.word) }));
      assert.deepEqual(got, expected);
      assert.deepEqual(got.map((k) => k.word).sort(), ['上海', '北京', '南京', '广州', '杭州', '武汉', '深圳', '重庆'].sort());
      assert.equal(tables.isStopWord('成都'), true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('partialSort puts the smallest items first in order, as std::partial_sort does', () => {
    const items = [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    partialSort(items, 4, (a, b) => a < b);
    assert.deepEqual(items.slice(0, 4), [1, 1, 2, 3]);
    assert.deepEqual(
      [...items].sort((a, b) => a - b),
      [1, 1, 2, 3, 4, 5, 5, 5, 5, 6, 9],
    );
  });
});
