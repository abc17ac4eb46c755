/**
 * Front-matter dates written as bloggers write them, read as Jekyll reads them (Ruby's
 * `Time.parse` in the site's zone). The answers are Ruby 3.1's, made with
 * `TZ=Asia/Shanghai ruby -rtime -e 'puts Time.parse(s).localtime.strftime("%Y-%m-%dT%H:%M:%S%:z")'`
 * (null: Ruby raises, and Jekyll stops on the post).
 */
import assert from 'node:assert/strict';
import { parseSiteDate } from '../src/ingest/jekyll/site-time.js';

const RUBY_ANSWERS: [string, string | null][] = [
  ['04/05/2021', '2021-05-04T00:00:00+08:00'],
  ['05/04/2021', '2021-04-05T00:00:00+08:00'],
  ['2021-04-05 10:00 CET', '2021-04-05T10:00:00+08:00'],
  ['2021-04-05 10:00 CST', '2021-04-06T00:00:00+08:00'],
  ['2021-04-05 10:00 GMT', '2021-04-05T18:00:00+08:00'],
  ['2021-04-05 10:00 GMT+8', '2021-04-05T10:00:00+08:00'],
  ['2021-04-05 10:00 HKT', '2021-04-05T10:00:00+08:00'],
  ['2021-04-05 10:00 JST', '2021-04-05T10:00:00+08:00'],
  ['2021-04-05 10:00 UTC+08:00', '2021-04-05T10:00:00+08:00'],
  ['2021-04-05 10:00:00 +08', '2021-04-05T10:00:00+08:00'],
  ['2021-04-05 10:00:00 cst', '2021-04-06T00:00:00+08:00'],
  ['2021-04-05 10:00pm', '2021-04-05T22:00:00+08:00'],
  ['2021-04-05 10pm', '2021-04-05T22:00:00+08:00'],
  ['2021-04-05 23:30 EST', '2021-04-06T12:30:00+08:00'],
  ['2021-04-05', '2021-04-05T00:00:00+08:00'],
  ['2021-04-05T10:00:00.5+08:00', '2021-04-05T10:00:00+08:00'],
  ['2021-13-05', null],
  ['2021-4-5', '2021-04-05T00:00:00+08:00'],
  ['2021.04.05', '2021-04-05T00:00:00+08:00'],
  ['2021.4.5 08:30', '2021-04-05T08:30:00+08:00'],
  ['2021/04/05 10:00:00 +0800', '2021-04-05T10:00:00+08:00'],
  ['2021/4/5', '2021-04-05T00:00:00+08:00'],
  ['20210405', '2021-04-05T00:00:00+08:00'],
  ['2021年4月5日', null],
  ['5 April 2021', '2021-04-05T00:00:00+08:00'],
  ['5th Apr 2021', '2021-04-05T00:00:00+08:00'],
  ['Apr 5, 2021', '2021-04-05T00:00:00+08:00'],
  ['April 5 2021 10:00 PM', '2021-04-05T22:00:00+08:00'],
  ['April 5 2021 12:30 am', '2021-04-05T00:30:00+08:00'],
  ['April 5 2021', '2021-04-05T00:00:00+08:00'],
  ['April 5th, 2021 10:00', '2021-04-05T10:00:00+08:00'],
  ['Dec 31, 2021 11:59 PM PST', '2022-01-01T15:59:00+08:00'],
  ['Mon Apr  5 10:00:00 CST 2021', '2021-04-06T00:00:00+08:00'],
  ['Mon, 05 Apr 2021 10:00:00 +0800', '2021-04-05T10:00:00+08:00'],
  ['Monday, April 5, 2021 10:00', '2021-04-05T10:00:00+08:00'],
  ['Sept 9, 2021', '2021-09-09T00:00:00+08:00'],
  ['yesterday', null],
];

describe('front-matter dates, read as Ruby reads them', () => {
  for (const [written, ruby] of RUBY_ANSWERS) {
    it(`${JSON.stringify(written)} → ${ruby ?? 'not a date'}`, () => {
      assert.equal(parseSiteDate(written, 'Asia/Shanghai')?.iso ?? null, ruby);
    });
  }

  it('reads a zone Ruby ignores as the site’s local time, and one it knows as that zone', () => {
    // Asia/Tokyo: `JST` is ignored, so 10:00 is Tokyo's 10:00; `PST` is applied.
    assert.equal(parseSiteDate('2021-04-05 10:00 JST', 'Asia/Tokyo')?.iso, '2021-04-05T10:00:00+09:00');
    assert.equal(parseSiteDate('2021-04-05 10:00 PST', 'Asia/Tokyo')?.iso, '2021-04-06T03:00:00+09:00');
  });
});
