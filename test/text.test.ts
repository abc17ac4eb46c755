import assert from 'node:assert/strict';
import { isWordChar, normalize, normalizeChar, normalizeWithAnchors, normalizeWithMap } from '../src/text/normalize.js';
import { Tokenizer, pieces } from '../src/text/tokenize.js';
import { isAdjective, isGluedModal, isGluedModalAfter, isModifier, isOneCharVerb, isTwoCharVerb } from '../src/text/modifiers.js';
import { mainlandReading } from '../src/text/mainland-reading.js';
import { simplifiedChar } from '../src/text/simplified-char.js';
import { Converter } from 'opencc-js/t2cn';
import { isCommonInChinese } from '../src/text/common-words.js';
import { jiebaDictionaryFile, matchedLines, wantedLinesFile } from '../src/text/dictionary-lines.js';
import fs from 'node:fs';

describe('normalize', () => {
  it('folds full-width Latin and digits to half-width lower case', () => {
    assert.equal(normalize('ＳＰＯＴＩＦＹ １９９７'), 'spotify 1997');
  });

  it('maps traditional characters to simplified ones', () => {
    assert.equal(normalize('溫度有關係 一個開源工具'), '温度有关系一个开源工具');
  });

  it('reads one character as opencc-js reads it, for every Han character NFKC leaves as it is (text/simplified-char.ts)', () => {
    const converter = Converter({ from: 'tw', to: 'cn' });
    const blocks = [
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0xf900, 0xfaff],
      [0x20000, 0x3134f],
    ];
    let changed = 0;
    const differing: string[] = [];
    for (const [from, to] of blocks)
      for (let code = from!; code <= to!; code++) {
        const char = String.fromCodePoint(code);
        if (char.normalize('NFKC') !== char) continue;
        const expected = converter(char);
        if (expected !== char) changed++;
        if (simplifiedChar(char) !== expected) differing.push(`${char} ${simplifiedChar(char)} ${expected}`);
      }
    assert.deepEqual(differing, []);
    // The tables do change characters: a check that compared nothing would pass too.
    assert.ok(changed > 3000, `${changed} characters changed`);
    assert.equal(simplifiedChar('體'), '体');
    assert.equal(simplifiedChar('峯'), '峰');
  });

  it('drops spaces next to Han characters but keeps one between Latin words', () => {
    assert.equal(normalize('使用 JS 写  Segway   Pod'), '使用js写segway pod');
  });

  it('drops control and format characters such as right-to-left marks and zero-width spaces', () => {
    assert.equal(normalize('网\u200b红\u200f\u0007'), '网红');
  });

  it('maps every normalised unit back to its source character', () => {
    const src = 'ＡＩ 圖片';
    const { text, map } = normalizeWithMap(src);
    assert.equal(text, 'ai图片');
    assert.deepEqual(Array.from(map), [0, 1, 3, 4, 5]);
  });

  it('never splits a surrogate pair', () => {
    const { text, map } = normalizeWithMap('a😀b');
    assert.equal(text, 'a😀b');
    assert.deepEqual(Array.from(map), [0, 1, 1, 3, 4]);
  });

  it('maps characters that become several (㍿, ﬃ) to each of their units', () => {
    const { text, map } = normalizeWithMap('x㍿ ﬃ');
    assert.equal(text, 'x株式会社ffi');
    assert.deepEqual(Array.from(map), [0, 1, 1, 1, 1, 3, 3, 3, 4]);
  });

  it('agrees with the character-by-character rule over every code point of the BMP and some beyond', () => {
    // The rule of the module comment, one code point at a time (what the fast path must equal).
    const reference = (src: string): { text: string; map: number[] } => {
      let text = '';
      const map: number[] = [];
      let pendingSpace = -1;
      let lastWord = false;
      for (let i = 0; i < src.length;) {
        const code = src.codePointAt(i)!;
        const width = code > 0xffff ? 2 : 1;
        if (/\s/u.test(String.fromCodePoint(code))) {
          if (pendingSpace < 0) pendingSpace = i;
        } else {
          const piece = normalizeChar(code);
          if (piece) {
            if (pendingSpace >= 0 && lastWord && isWordChar(piece.codePointAt(0)!)) {
              text += ' ';
              map.push(pendingSpace);
            }
            text += piece;
            for (let k = 0; k < piece.length; k++) map.push(i);
            lastWord = isWordChar(piece.codePointAt(piece.length - 1)!);
            pendingSpace = -1;
          }
        }
        i += width;
      }
      map.push(src.length);
      return { text, map };
    };
    const codes: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) codes.push(c);
    codes.push(0x1f600, 0x20000, 0x2a6d6, 0x1d400, 0xe0001, 0xd800, 0xdc00);
    // Every code point between two others, in a shuffled order that puts spaces, letters and Han side by side.
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647);
    const chars = codes.map((c) => String.fromCodePoint(c));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    for (let from = 0; from < chars.length; from += 4096) {
      const src = chars.slice(from, from + 4096).join(' a');
      const got = normalizeWithMap(src);
      const want = reference(src);
      assert.equal(got.text, want.text);
      assert.deepEqual(Array.from(got.map), want.map);
      assert.equal(normalize(src), want.text);
      // The anchors are the places where the shift between the two offsets changes.
      const anchors: number[] = [];
      want.map.forEach((source, i) => (i === 0 || source - i !== want.map[i - 1]! - (i - 1)) && anchors.push(i, source));
      assert.deepEqual(normalizeWithAnchors(src), { norm: want.text, anchors });
    }
  });
});

describe('Tokenizer', () => {
  const tokenizer = new Tokenizer();

  it('keeps Latin words whole inside Chinese text', () => {
    const terms = tokenizer.indexTerms(normalize('在Chrome浏览器里试用WebGPU'));
    assert.ok(terms.includes('chrome'));
    assert.ok(terms.includes('webgpu'));
    assert.ok(!terms.includes('c'), 'no single letters');
    assert.ok(terms.includes('浏览器'));
  });

  it('indexes a code such as HFO-1234yf whole and by its parts', () => {
    const terms = tokenizer.indexTerms(normalize('制冷剂HFO-1234yf'));
    for (const t of ['hfo-1234yf', 'hfo', '1234yf']) assert.ok(terms.includes(t), t);
  });

  it('splits a query into its words in order', () => {
    assert.deepEqual(tokenizer.queryWords(normalize('航天飞机 Buran 安东诺夫')), ['航天飞机', 'buran', '安东诺夫']);
  });

  it('leaves stop words out of the word index', () => {
    const t = new Tokenizer({ stopWords: ['的'] });
    assert.ok(!t.indexTerms('我的茶').includes('的'));
  });

  it('cuts text into Han and word pieces', () => {
    assert.deepEqual(
      pieces('运行macos的mac').map((p) => [p.kind, p.text]),
      [
        ['han', '运行'],
        ['word', 'macos'],
        ['han', '的'],
        ['word', 'mac'],
      ],
    );
  });
});

describe('jieba on its worker', () => {
  // A fresh process, so that the dictionaries are still loading when it first asks.
  const script = `
    const { Tokenizer } = await import(${JSON.stringify(new URL('../src/text/tokenize.js', import.meta.url).href)});
    const { SearchEngine } = await import(${JSON.stringify(new URL('../src/search/engine.js', import.meta.url).href)});
    const { isReady, preload, whenReady } = await import(${JSON.stringify(new URL('../src/text/jieba.js', import.meta.url).href)});
    const { analyzePost } = await import(${JSON.stringify(new URL('../src/indexes/analyze.js', import.meta.url).href)});
    const { postFromRecord } = await import(${JSON.stringify(new URL('../src/ingest/post.js', import.meta.url).href)});
    const engine = new SearchEngine();
    // Added as a loaded index's posts are: already analysed, no segmenting needed.
    engine.addAnalyzed(analyzePost(postFromRecord({ id: 'a', title: '招聘', text: '一家互联网公司正在招聘。', date: '2024-01-01' }, {}), 'h'));
    engine.addAnalyzed(analyzePost(postFromRecord({ id: 'b', title: '公司', text: '互联网', date: '2024-01-02' }, {}), 'h'));
    const t = new Tokenizer();
    // Nothing has asked for the dictionaries yet, so they cannot be loaded: no race.
    const loading = { ready: isReady(), words: t.queryWords('互联网公司招聘'), hits: engine.search('互联网公司').hits.map((h) => h.id) };
    preload();
    await whenReady();
    console.log(JSON.stringify({ loading, ready: { ready: isReady(), words: t.queryWords('互联网公司招聘'), hits: engine.search('互联网公司').hits.map((h) => h.id) } }));
  `;

  it('answers queries with two-character words while the dictionaries load, with jieba words after', async () => {
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    const r = JSON.parse(out) as {
      loading: { ready: boolean; words: string[]; hits: string[] };
      ready: { ready: boolean; words: string[]; hits: string[] };
    };
    assert.equal(r.loading.ready, false);
    assert.deepEqual(r.loading.words, ['互联', '网公', '司招', '聘']);
    // The post with the query verbatim is found at once; the one with 互联网 and 公司
    // apart needs jieba's words (网公 is no word of it).
    assert.deepEqual(r.loading.hits, ['a']);
    assert.equal(r.ready.ready, true);
    assert.deepEqual(r.ready.words, ['互联网', '公司', '招聘']);
    assert.deepEqual(r.ready.hits, ['a', 'b']);
  });

  it("cuts all of a query's Han runs in one call, each under its text (cutNow)", async () => {
    const { cutAll, cutNow, whenReady } = await import('../src/text/jieba.js');
    await whenReady();
    assert.deepEqual(
      cutNow(['互联网公司招聘', '事物稀缺'], 'cut'),
      new Map([
        ['互联网公司招聘', cutAll(['互联网公司招聘'], 'cut')[0]],
        ['事物稀缺', ['事物', '稀缺']],
      ]),
    );
    assert.deepEqual(cutAll(['互联网公司招聘'], 'cut'), [['互联网', '公司', '招聘']]);
    assert.equal(cutNow([], 'cut'), null);
  });

  it('keeps one dictionary for the process: another thread finds it in, with the words added here, and cuts while words are added', async () => {
    // In a process of its own: the words added here stay in the process's dictionary.
    const jieba = JSON.stringify(new URL('../src/text/jieba.js', import.meta.url).href);
    const binding = JSON.stringify(new URL('../src/text/jieba-binding.js', import.meta.url).href);
    const script = `
      const { Worker } = await import('node:worker_threads');
      const { addWords, cutAll, whenReady } = await import(${jieba});
      await whenReady();
      addWords(['绿茶专场直播']);
      const text = '乳山绿茶专场直播，巾帼电商达人带货。'.repeat(50);
      const here = cutAll([text], 'search')[0].join(' ');
      const stop = new Int32Array(new SharedArrayBuffer(4));
      // Another thread: is the dictionary in before it asks for it, and does it cut alike
      // while this one adds a thousand words to it?
      const other = new Worker(\`
        const { workerData: { binding, text, stop }, parentPort } = require('node:worker_threads');
        import(binding).then(({ isLoaded, cutAll }) => {
          const before = isLoaded();
          const cuts = new Set();
          let n = 0;
          for (; Atomics.load(stop, 0) === 0 || n < 20; n++) cuts.add(cutAll([text], 'search')[0].join(' '));
          parentPort.postMessage({ before, cuts: [...cuts], n });
        });
      \`, { eval: true, execArgv: [], workerData: { binding: ${binding}, text, stop } });
      for (let i = 0; i < 1000; i++) addWords(['测试词' + String.fromCodePoint(0x4e00 + i) + '语']);
      Atomics.store(stop, 0, 1);
      const answer = await new Promise((resolve) => other.once('message', resolve));
      console.log(JSON.stringify({ before: answer.before, same: answer.cuts.length === 1 && answer.cuts[0] === here, whole: here.includes('绿茶专场直播') }));
    `;
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(stdout),
      ),
    );
    assert.deepEqual(JSON.parse(out), { before: true, same: true, whole: true });
  });
});

describe('the compact jieba dictionary', () => {
  it('keeps the entries counted at least MIN_WORD_FREQUENCY times, written once and reused by every install of the version', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { compactDictionary, MIN_WORD_FREQUENCY } = await import('../src/text/jieba-binding.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-dict-'));
    const made: string[] = [];
    try {
      const full = path.join(dir, 'jieba.dict.utf8');
      fs.writeFileSync(
        full,
        ['一一例 3 m', '乳山 13 ns', `绿茶 ${MIN_WORD_FREQUENCY} n`, `稀缺 ${MIN_WORD_FREQUENCY - 1} a`, ''].join('\n'),
      );
      const compact = compactDictionary(full);
      made.push(compact);
      assert.notEqual(compact, full);
      assert.deepEqual(fs.readFileSync(compact, 'utf8').split('\n').filter(Boolean), ['乳山 13 ns', `绿茶 ${MIN_WORD_FREQUENCY} n`]);
      assert.equal(compactDictionary(full), compact, 'the same file serves the next load');
      // Another install of the same nodejieba (its files written anew) reuses it too.
      fs.utimesSync(full, new Date(2000, 0, 1), new Date(2000, 0, 1));
      made.push(compactDictionary(full));
      assert.equal(made[1], compact, 'a new file time makes no new table');
    } finally {
      for (const file of made) fs.rmSync(file, { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what jieba segments with: a rare entry is cut into shorter words, common ones stay whole', async () => {
    const { cutAll } = await import('../src/text/jieba.js');
    // 一一例 is counted 3 times in jieba's dictionary, 事物 4,044 and 稀缺 168.
    assert.deepEqual(cutAll(['一一例', '事物稀缺'], 'cut'), [
      ['一', '一例'],
      ['事物', '稀缺'],
    ]);
  });
});

describe('modifiers (text/modifiers.ts)', () => {
  it('are the adjectives and adverbs of jieba’s dictionary, not its nouns or verbs', () => {
    assert.deepEqual(
      ['完整', '容易', '直接', '网页', '保存', '代码', '开源'].map((w) => [w, isModifier(w)]),
      [
        ['完整', true],
        ['容易', true],
        ['直接', true],
        ['网页', false],
        ['保存', false],
        ['代码', false],
        ['开源', false],
      ],
    );
  });

  it('tell verbs of one character from nouns of one, and a modal glued to a verb from a word', () => {
    assert.deepEqual(
      ['写', '玩', '做', '喝', '猫', '书', '写作'].map((w) => isOneCharVerb(w)),
      [true, true, true, true, false, false, false],
    );
    assert.deepEqual(
      ['要学', '要玩', '咋学', '要求', '会议', '想法', '学习'].map((w) => isGluedModal(w)),
      [true, true, true, false, false, false, false],
    );
    // A modal after a character: glued (币会 of 比特币会不会归零) unless a word of the dictionary.
    assert.deepEqual(
      ['币会', '价要', '机会', '需要', '重要', '不会', '社会'].map((w) => isGluedModalAfter(w)),
      [true, true, false, false, false, false, false],
    );
  });

  it('tell adjectives from adverbs, and verbs of two characters from nouns', () => {
    assert.deepEqual(
      ['焦虑', '完整', '直接', '快速', '网页'].map((w) => isAdjective(w)),
      [true, true, false, false, false],
    );
    assert.deepEqual(
      ['面对', '保存', '学习', '网页', '焦虑', '写', '面对面'].map((w) => isTwoCharVerb(w)),
      [true, true, true, false, false, false, false],
    );
  });
});

describe('words of Chinese at large (text/mainland-reading.ts, text/common-words.ts)', () => {
  it('reads Taiwan’s words typed in traditional characters as the mainland says them, and nothing else', () => {
    assert.equal(mainlandReading('開源軟體'), '开源软件');
    assert.equal(mainlandReading('記憶體不足怎麼辦'), '内存不足怎么办');
    assert.equal(mainlandReading('Rust 程式設計 category:gongju'), 'Rust 编程 category:gongju');
    // Simplified text is left alone, though the tables would turn 影片 into 视频.
    assert.equal(mainlandReading('影片'), null);
    assert.equal(mainlandReading('软体机器人'), null);
    // Traditional characters with no word of Taiwan's: their simplified forms are the reading already.
    assert.equal(mainlandReading('機器學習'), null);
  });

  it('keeps the dictionary lines a pattern wants in a table of their own, written once: the same lines', () => {
    const pattern = /^(\S+) ([0-4](?:\.\d*)?)\r?$/gmu;
    const lines = (file: string): string[] => [...matchedLines(file, pattern)].flatMap((m) => (m ? [m[0]] : []));
    const full = jiebaDictionaryFile('idf.utf8');
    const table = wantedLinesFile('idf.utf8', pattern);
    assert.notEqual(table, full);
    assert.ok(fs.statSync(table).size < fs.statSync(full).size / 100);
    assert.deepEqual(lines(table), lines(full));
    assert.equal(lines(full).length, 266);
  });

  it('tells the words in more than a hundredth of general Chinese documents by jieba’s IDF table', () => {
    for (const w of ['一个', '可以', '问题', '使用']) assert.equal(isCommonInChinese(w), true, w);
    for (const w of ['工具', '文章', '截图', '区块链']) assert.equal(isCommonInChinese(w), false, w);
  });
});
