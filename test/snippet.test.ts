/** Golden snippets: the exact window, cut and marks for Chinese, mixed and long texts. */
import assert from 'node:assert/strict';
import { makeUnit } from '../src/search/match.js';
import { highlight, snippet } from '../src/search/snippet.js';
import { anchorsOf } from '../src/text/mapped-text.js';
import { normalize } from '../src/text/normalize.js';

const mapped = (source: string) => ({ source, ...anchorsOf(source) });
const units = (...words: string[]) => words.map((w) => makeUnit(normalize(w)));
const opts = (length: number) => ({ pre: '<mark>', post: '</mark>', length });

describe('snippets', () => {
  it('shows a short text whole, every match marked', () => {
    assert.equal(
      snippet(mapped('乳山绿茶的春天来了，乳山人很高兴。'), units('乳山'), opts(120)),
      '<mark>乳山</mark>绿茶的春天来了，<mark>乳山</mark>人很高兴。',
    );
  });

  it('opens a long Chinese text at the sentence holding the densest matches', () => {
    const text = `${'今天天气晴朗，适合出门散步。'.repeat(6)}山东省乳山市是中国最北的绿茶产区之一。因为昼夜温差大，乳山绿茶叶片厚实、滋味浓郁。${'下午去了图书馆看书。'.repeat(8)}`;
    assert.equal(
      snippet(mapped(text), units('乳山绿茶', '乳山', '绿茶'), opts(40)),
      '…山东省<mark>乳山</mark>市是中国最北的<mark>绿茶</mark>产区之一。因为昼夜温差大，<mark>乳山绿茶</mark>叶片厚实、滋味浓郁…',
    );
  });

  it('marks the characters the reader sees for a traditional or full-width query, and never cuts a Latin word', () => {
    const text = `${'这是一段没有关键词的开头文字。'.repeat(5)}我们在 WebGPU 上跑了 Ｍｉｎｉｓｅａｒｃｈ 的基准测试，结果见下表。${'结尾部分同样没有关键词。'.repeat(5)}`;
    assert.equal(
      snippet(mapped(text), units('webgpu', 'MiniSearch'), opts(30)),
      '…我们在 <mark>WebGPU</mark> 上跑了 <mark>Ｍｉｎｉｓｅａｒｃｈ</mark> 的基准测…',
    );
    assert.equal(highlight(mapped('乳山綠茶的春天'), units('乳山绿茶')), '<mark>乳山綠茶</mark>的春天');
  });

  it('never opens inside a match when the passage is moved back to fill it near the end', () => {
    const text = `${'这是一段没有关键词的开头文字。'.repeat(5)}另外，周刊以前介绍过一款国产软件 ColorFu 也不错。这个小工具主要用来做壁纸和海报。`;
    // The last sentence has the most matches; the passage that fits before the end would open on 件 of 软件.
    const length = text.length - text.indexOf('软件') - 1;
    assert.equal(
      snippet(mapped(text), units('软件', '工具', '壁纸', '海报'), opts(length)),
      '…<mark>软件</mark> ColorFu 也不错。这个小<mark>工具</mark>主要用来做<mark>壁纸</mark>和<mark>海报</mark>。',
    );
  });

  it('escapes the text before marking it', () => {
    assert.equal(
      snippet(mapped('<b>乳山</b> & "茶"'), units('乳山'), opts(120)),
      '&lt;b&gt;<mark>乳山</mark>&lt;/b&gt; &amp; &quot;茶&quot;',
    );
  });
});
