import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { isBlank, jsonlLines, lineText } from '../src/ingest/jsonl-lines.js';
import { tempDir } from './helpers.js';

/** What Node's readline gives for the file: the lines a JSONL build read before. */
async function readlineLines(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) out.push(line);
  return out;
}

describe('JSONL lines as bytes (ingest/jsonl-lines.ts)', () => {
  it('splits as readline does at \\n, \\r\\n and a lone \\r, across piece ends, with text where the bytes are not UTF-8', async () => {
    const file = path.join(tempDir(), 'posts.jsonl');
    const bytes = Buffer.concat([
      Buffer.from('\uFEFF{"id":"a","title":"乳山绿茶"}\r\n\n  \r\n\u3000\n{"id":"b"}\r{"id":"c"}\r\r\n'),
      Buffer.from([0x7b, 0xff, 0xe4, 0xb8, 0x7d, 0x0a]),
      Buffer.from('{"id":"d","title":"最后一行"}'),
    ]);
    fs.writeFileSync(file, bytes);
    const expected = await readlineLines(file);
    assert.equal(expected.length, 9);
    for (const pieceBytes of [1, 2, 5, 64, 1 << 20]) {
      const lines = [...jsonlLines(file, pieceBytes)];
      assert.deepEqual(lines.map(lineText), expected, `pieces of ${pieceBytes} bytes`);
      assert.deepEqual(
        lines.map(isBlank),
        expected.map((l) => l.trim() === ''),
      );
      // Valid UTF-8 stays as bytes; the line with 0xff comes as readline's text.
      assert.deepEqual(
        lines.map((l) => typeof l),
        ['object', 'object', 'object', 'object', 'object', 'object', 'object', 'string', 'object'],
      );
    }
  });
});
