import assert from 'node:assert/strict';
import { closeness } from '../src/search/proximity.js';
import { makeUnit } from '../src/search/match.js';

const groups = (...words: string[][]) => words.map((alts) => alts.map(makeUnit));

describe('closeness', () => {
  it('is 1 when the words stand side by side, in either order', () => {
    assert.equal(closeness('我们要保护环境。', groups(['环境'], ['保护'])), 1);
    assert.equal(closeness('环境保护很重要', groups(['环境'], ['保护'])), 1);
  });

  it('falls as the words scatter, taking the closest pair of matches', () => {
    const far = closeness('环境很好，今天天气不错，我们去公园散步，保护自己', groups(['环境'], ['保护']));
    assert.ok(far > 0 && far < 0.3, String(far));
    // A far pair and a near pair: the near one counts.
    assert.equal(closeness('环境，很远很远的地方，保护。环境保护', groups(['环境'], ['保护'])), 1);
  });

  it('counts any alternative of a requirement, and only the requirements that occur', () => {
    // A space between two words costs a little: 13 characters of words in a span of 14.
    assert.equal(closeness('webassembly 入门', groups(['web assembly', 'webassembly'], ['入门'])), 13 / 14);
    assert.equal(closeness('恐龙化石', groups(['恐龙'], ['化石'], ['琥珀'])), 1);
  });

  it('is 0 with fewer than two requirements present, or whole Latin words only', () => {
    assert.equal(closeness('恐龙', groups(['恐龙'], ['化石'])), 0);
    assert.equal(closeness('恐龙化石', groups(['恐龙'])), 0);
    assert.equal(closeness('simple sim', groups(['sim'], ['simple'])), 9 / 10); // sim is not inside simple
    assert.equal(closeness('simple', groups(['sim'], ['simple'])), 0);
  });
});
