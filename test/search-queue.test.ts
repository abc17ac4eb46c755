import assert from 'node:assert/strict';
import { isHeavy, SearchQueue } from '../src/server/search-queue.js';

const s = (query: string, version = 'A') => ({ query, version });
const heavy = [...'的一是不'].join(' OR ');

describe('SearchQueue', () => {
  it('tells heavy searches (4+ OR alternatives, over 64 characters, one Han character or symbols alone) from plain ones', () => {
    assert.equal(isHeavy(heavy), true);
    assert.equal(isHeavy('的 OR 一 OR 是'), false);
    assert.equal(isHeavy('乳山绿茶'.repeat(17)), true);
    assert.equal(isHeavy('乳山绿茶'), false);
    for (const query of ['的', ' 我 ', '😀', '。', '？？']) assert.equal(isHeavy(query), true, query);
    for (const query of ['是的', 'a', 'C#', '😀 乳山']) assert.equal(isHeavy(query), false, query);
  });

  it('serves plain and heavy searches in turn while both wait, each in arrival order', () => {
    const q = new SearchQueue<{ query: string; version: string }>();
    for (const x of [s(heavy + ' 1'), s(heavy + ' 2'), s(heavy + ' 3'), s('绿茶'), s('白酒')]) q.push(x);
    const order: string[] = [];
    for (let x = q.next(); x; x = q.next()) order.push(x.query.length > 5 ? `heavy${x.query.at(-1)}` : x.query);
    assert.deepEqual(order, ['绿茶', 'heavy1', '白酒', 'heavy2', 'heavy3']);
  });

  it('keeps a version until no queued search asks for it, and a newer retain replaces a waiting one', () => {
    const q = new SearchQueue<{ query: string; version: string }>();
    assert.equal(q.retain('A'), 'A', 'nothing queued: at once');
    q.push(s('茶', 'A'));
    assert.equal(q.retain('B'), null, 'a search of A waits');
    assert.equal(q.retainable(), null);
    q.next();
    assert.equal(q.retainable(), 'B');
    assert.equal(q.retainable(), null, 'once');
    // A retain still waiting is replaced by a newer one, which must not be undone by it later.
    q.push(s('茶', 'B'));
    assert.equal(q.retain('C'), null);
    q.next();
    assert.equal(q.retain('B'), 'B', 'nothing queued: at once, and the waiting C is dropped');
    q.push(s('酒', 'B'));
    q.next();
    assert.equal(q.retainable(), null, 'the replaced retain of C never comes back');
  });

  it('keeps a version asked to load after the last retain, which a waiting retain would otherwise drop', () => {
    const q = new SearchQueue<{ query: string; version: string }>();
    q.push(s('茶', 'A'));
    assert.equal(q.retain('B'), null, 'waits for the search of A');
    // The thread is asked to load A again (the next swap goes back to A) while it still has A.
    q.pin('A');
    q.next();
    assert.equal(q.retainable(), 'B');
    assert.deepEqual(q.dropped('B', ['A', 'B', 'C']), ['C'], 'A stays: it may be served next');
    assert.equal(q.retain('A'), 'A');
    assert.deepEqual(q.dropped('A', ['A', 'B']), ['B'], 'a new retain clears the pins');
  });
});
