import assert from 'node:assert/strict';
import fc from 'fast-check';
import { charBits, everyLacking, isLacking, ShortFieldSignatures } from '../src/indexes/short-field-signatures.js';

describe('ShortFieldSignatures', () => {
  it('says a word is lacking only when neither the title nor the tags hold it', () => {
    // Han, Latin, digits, a space and a character outside the BMP (two code units).
    const char = fc.constantFrom('开', '源', '项', '目', '赚', '钱', 'a', 'i', 'g', 'o', '1', ' ', '𠀋', '编', '程');
    const text = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, tags: text }), { minLength: 1, maxLength: 30 }),
        fc.array(
          text.filter((w) => w.length > 0),
          { minLength: 1, maxLength: 6 },
        ),
        (posts, words) => {
          const signatures = new ShortFieldSignatures((slot) => posts[slot]);
          const bits = words.map(charBits);
          posts.forEach((p, slot) => {
            // Not known before a post's first `lacking`: it may hold anything.
            assert.equal(signatures.mayHold(slot, bits[0]!), true);
            const lacking = signatures.lacking(slot, bits);
            words.forEach((w, i) => {
              const held = p.title.includes(w) || p.tags.includes(w);
              if (held) assert.equal(lacking & (1 << i), 0, `${w} is in ${JSON.stringify(p)}`);
              assert.equal(signatures.mayHold(slot, bits[i]!), !isLacking(lacking, i));
            });
          });
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });

  it('tells most absent words apart, reads each post once, and holds nothing for a removed post', () => {
    const posts: ({ title: string; tags: string } | undefined)[] = [
      { title: '开源项目如何赚钱', tags: '文章' },
      undefined,
      { title: 'CSS 计时器', tags: '工具' },
    ];
    posts[5000] = { title: 'stable diffusion 入门', tags: 'ai' };
    const reads: number[] = [];
    const signatures = new ShortFieldSignatures((slot) => {
      reads.push(slot);
      return posts[slot];
    });
    const words = ['开源', '赚钱', '工具', 'diffusion', '地铁'].map(charBits);
    // Bits: 开源 0, 赚钱 1, 工具 2, diffusion 3, 地铁 4.
    assert.equal(signatures.lacking(0, words), 0b11100);
    assert.equal(signatures.lacking(1, words), 0b11111);
    assert.equal(signatures.lacking(2, words), 0b11011);
    assert.equal(signatures.lacking(5000, words), 0b10111);
    assert.equal(signatures.lacking(0, words), 0b11100);
    assert.deepEqual(reads, [0, 1, 2, 5000]);
  });

  it('leaves the words after the 31st to the texts', () => {
    const signatures = new ShortFieldSignatures(() => ({ title: '', tags: '' }));
    const words = Array.from({ length: 34 }, (_, i) => charBits(String.fromCharCode(0x4e00 + i)));
    const lacking = signatures.lacking(0, words);
    assert.equal(lacking, 0x7fffffff);
    assert.deepEqual(
      words.map((_, i) => isLacking(lacking, i)),
      words.map((_, i) => i < 31),
    );
    // Not every word is known to be lacking: a caller reads the texts for the rest.
    assert.notEqual(lacking, everyLacking(words.length));
    assert.equal(signatures.lacking(0, words.slice(0, 31)), everyLacking(31));
    assert.equal(signatures.lacking(0, words.slice(0, 3)), everyLacking(3));
  });
});
