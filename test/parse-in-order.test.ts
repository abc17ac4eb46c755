import assert from 'node:assert/strict';
import { fileHash, runTask, type Task } from '../src/build/analyze-task.js';
import { parseInOrder } from '../src/build/parse-in-order.js';
import { wantReadAhead } from '../src/build/read-ahead.js';
import { buildIndex } from '../src/build/build.js';
import { tempDir } from './helpers.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function records(n: number): Task[] {
  return Array.from({ length: n }, (_, i): Task => {
    // Every 50th line is broken, to see failures come back in place too.
    const line =
      i % 50 === 7
        ? '{not json'
        : JSON.stringify({
            id: `post-${i}`,
            title: `第${i}篇：乳山绿茶`,
            date: '2022-06-10',
            categories: ['news'],
            text: `<p>正文 ${i}，Chrome 与 WebGPU。</p>`,
          });
    // Lines come as bytes from a JSONL file (ingest/jsonl-lines.ts), as text where not UTF-8.
    return { kind: 'record', line: i % 3 === 0 ? line : Buffer.from(line), where: `posts.jsonl:${i + 1}`, hash: `h${i}` };
  });
}

describe('parsing in order on this thread and a worker', () => {
  it('hands back every result in source order, the same as parsing alone', async () => {
    const tasks = records(260);
    const expected = records(260).map((t) => runTask(t, {}));
    const seen: string[] = [];
    let chunks = 0;
    // One-post chunks: well past the point where the worker joins in.
    const given = [...tasks];
    for await (const chunk of parseInOrder(given, {}, 1)) {
      chunks++;
      for (const { task, result } of chunk) {
        seen.push(task.kind === 'record' ? task.where : task.relative);
        assert.equal(task.kind === 'record' && task.line, '', 'the source is released once parsed');
        assert.deepEqual(result, expected[seen.length - 1]);
      }
    }
    assert.equal(chunks, 260);
    assert.equal(given.length, 0, 'the tasks are taken over');
    assert.deepEqual(
      seen,
      tasks.map((t) => (t.kind === 'record' ? t.where : '')),
    );
    const failed = expected.filter((r) => !r.ok);
    assert.equal(failed.length, 6);
    assert.deepEqual(failed[0], { ok: false, file: 'posts.jsonl:8', reason: 'not valid JSON' });
  });

  it('reads a lazy source as the parsing needs it, lines that are views of one piece among them', async () => {
    // As a JSONL file's lines come: views of the piece of the file they were read in.
    const texts = records(400).map((t) => (t.kind === 'record' ? String(t.line) : ''));
    const piece = Buffer.from(texts.join('\n'));
    let at = 0;
    const tasks = records(400).map((t, i): Task => {
      const line = piece.subarray(at, (at += Buffer.byteLength(texts[i]!)));
      at++;
      return t.kind === 'record' && i % 3 !== 0 ? { ...t, line } : t;
    });
    const expected = tasks.map((t) => runTask(t, {}));
    let read = 0;
    const lazy = (function* (): Generator<Task> {
      for (const t of tasks) {
        read++;
        yield t;
      }
    })();
    const results = [];
    let readAtFirstChunk = -1;
    for await (const chunk of parseInOrder(lazy, {}, 2)) {
      if (readAtFirstChunk < 0) readAtFirstChunk = read;
      for (const { result } of chunk) results.push(result);
    }
    assert.deepEqual(results, expected);
    assert.ok(readAtFirstChunk > 0 && readAtFirstChunk < 100, `read ${readAtFirstChunk} of 400 tasks before the first chunk`);
    assert.equal(read, 400);
  });
});

describe("reading a full build's files ahead (read-ahead.ts)", () => {
  it('leaves the results and their order as they were, a missing file reported in place', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-read-ahead-'));
    const before = process.env.ZHSEARCH_READ_AHEAD;
    try {
      const names = Array.from({ length: 40 }, (_, i) => `2022-06-${String((i % 28) + 1).padStart(2, '0')}-post-${i}.md`);
      names.forEach((name, i) => {
        if (i !== 13) fs.writeFileSync(path.join(dir, name), `---\ntitle: 第${i}篇\n---\n<p>乳山绿茶 ${i}</p>\n`);
      });
      const tasks = (): Task[] => names.map((name): Task => ({ kind: 'unread', file: path.join(dir, name), relative: name, salt: 's' }));
      // Whether files look cold is timed (read-ahead.ts `looksCold`), which a test on a busy
      // machine cannot rely on: the setting decides here, and reading ahead is asked for.
      const files = tasks().map((t) => (t as { file: string }).file);
      process.env.ZHSEARCH_READ_AHEAD = 'off';
      assert.equal(wantReadAhead(files), false);
      const expected = tasks().map((t) => runTask(t, { now: 0 }));
      process.env.ZHSEARCH_READ_AHEAD = 'on';
      assert.equal(wantReadAhead(files), true);
      assert.equal(wantReadAhead([]), false);
      const seen: string[] = [];
      for await (const chunk of parseInOrder(tasks(), { now: 0 }, 1))
        for (const { task, result } of chunk) {
          seen.push(task.kind === 'unread' ? task.relative : '');
          assert.deepEqual(result, expected[seen.length - 1]);
        }
      assert.deepEqual(seen, names);
      assert.deepEqual(expected[13], { ok: false, file: names[13], reason: 'cannot read: ENOENT' });
    } finally {
      if (before === undefined) delete process.env.ZHSEARCH_READ_AHEAD;
      else process.env.ZHSEARCH_READ_AHEAD = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a full build of a JSONL file, read as it is parsed', () => {
  it('indexes every record in order, reports a broken line by its number, and estimates its progress', async () => {
    const file = path.join(tempDir(), 'posts.jsonl');
    const lines = Array.from({ length: 12000 }, (_, i) =>
      JSON.stringify({ id: `p${i}`, title: `第${i}篇`, date: '2022-06-10', body: `<p>正文${i}：${i === 9345 ? '乳山绿茶' : '日常'}</p>` }),
    );
    lines[1000] = '';
    lines[8000] = '{broken';
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const calls: [number, number][] = [];
    const { engine, report } = await buildIndex(file, { onProgress: (done, total) => calls.push([done, total]) });
    assert.equal(engine.documentCount, 11998);
    assert.deepEqual(report.skipped, [{ file: 'posts.jsonl:8001', reason: 'not valid JSON' }]);
    assert.deepEqual(
      engine.search('乳山绿茶').hits.map((h) => h.id),
      ['p9345'],
    );
    // Every post of the file, in order: the slots follow the lines.
    assert.deepEqual(
      [...engine.documents()].slice(998, 1001).map((d) => d.id),
      ['p998', 'p999', 'p1001'],
    );
    assert.deepEqual(calls.at(-1), [11999, 11999]);
    for (const [i, [done, total]] of calls.entries()) {
      assert.ok(done <= total, `call ${i}: ${done} of ${total}`);
      if (i > 0) assert.ok(done > calls[i - 1]![0]);
    }
    // Estimated from the share of the file read (half of it when the first posts are done):
    // near the end result from the first call on.
    assert.ok(Math.abs(calls[0]![1] - 11999) < 600, `first estimate ${calls[0]![1]}`);
  });
});

describe('reading post files for a full build', () => {
  it('reads each file whole through the reused buffer: a large one after small ones, an empty one, small ones after', () => {
    const dir = tempDir();
    const large = `---\ntitle: 长文\n---\n${'乳山绿茶'.repeat(30_000)}结尾标记\n`;
    const files: [string, string][] = [
      ['2024-01-01-small.md', '---\ntitle: 短文\n---\n乳山绿茶\n'],
      ['2024-01-02-large.md', large],
      ['2024-01-03-empty.md', ''],
      ['2024-01-04-after.md', '---\ntitle: 之后\n---\n短短的正文\n'],
    ];
    for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
    const results = files.map(([name]) =>
      runTask({ kind: 'unread', file: path.join(dir, name), relative: name, salt: 's' }, { now: Date.parse('2030-01-01') }),
    );
    const texts = results.map((r) => (r.ok ? r.doc.text : `(${r.reason})`));
    assert.ok(Buffer.byteLength(large) > 64 * 1024);
    assert.ok(texts[1]!.endsWith('乳山绿茶结尾标记'), texts[1]!.slice(-20));
    assert.equal(texts[1]!.length, '乳山绿茶'.length * 30_000 + '结尾标记'.length);
    assert.equal(texts[0], '乳山绿茶');
    assert.equal(texts[2], '');
    assert.equal(texts[3], '短短的正文');
    // Each hash is of that file's own bytes, as when each file had a buffer of its own.
    for (const [i, [name]] of files.entries()) {
      const r = results[i]!;
      assert.ok(r.ok, name);
      assert.equal(r.doc.hash, fileHash('s', name, fs.readFileSync(path.join(dir, name))), name);
    }
  });
});
