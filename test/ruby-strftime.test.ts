/**
 * Liquid's `date` filter prints with Ruby's strftime: every conversion, flag, width and
 * modifier below as Ruby 3.1 prints it for 2021-04-05 00:09:10.123 UTC, in Shanghai and in
 * New York (made with `TZ=… ruby -e 'puts Time.at(1617581350, 123000, :usec).strftime(f)'`).
 */
import assert from 'node:assert/strict';
import { rubyStrftime } from '../src/ingest/jekyll/ruby-strftime.js';

const TIME = 1617581350123;

/** Format, then Ruby's answer in Asia/Shanghai and in America/New_York. */
const RUBY_ANSWERS: [string, string, string][] = [
  ['%Y年%m月%d日', '2021年04月05日', '2021年04月04日'],
  ['%-m月%-d日', '4月5日', '4月4日'],
  ['%e', ' 5', ' 4'],
  ['%j', '095', '094'],
  ['%U', '14', '14'],
  ['%W', '14', '13'],
  ['%A', 'Monday', 'Sunday'],
  ['%a', 'Mon', 'Sun'],
  ['%B', 'April', 'April'],
  ['%b', 'Apr', 'Apr'],
  ['%^a', 'MON', 'SUN'],
  ['%^B', 'APRIL', 'APRIL'],
  ['%P', 'am', 'pm'],
  ['%p', 'AM', 'PM'],
  ['%#p', 'am', 'pm'],
  ['%#B', 'APRIL', 'APRIL'],
  ['%I', '08', '08'],
  ['%l', ' 8', ' 8'],
  ['%H:%M:%S', '08:09:10', '20:09:10'],
  ['%s', '1617581350', '1617581350'],
  ['%z', '+0800', '-0400'],
  ['%:z', '+08:00', '-04:00'],
  ['%::z', '+08:00:00', '-04:00:00'],
  ['%Z', 'CST', 'EDT'],
  ['%C', '20', '20'],
  ['%y', '21', '21'],
  ['%G-W%V-%u', '2021-W14-1', '2021-W13-7'],
  ['%g', '21', '21'],
  ['%D', '04/05/21', '04/04/21'],
  ['%F', '2021-04-05', '2021-04-04'],
  ['%T', '08:09:10', '20:09:10'],
  ['%R', '08:09', '20:09'],
  ['%r', '08:09:10 AM', '08:09:10 PM'],
  ['%c', 'Mon Apr  5 08:09:10 2021', 'Sun Apr  4 20:09:10 2021'],
  ['%x', '04/05/21', '04/04/21'],
  ['%X', '08:09:10', '20:09:10'],
  ['%%', '%', '%'],
  ['%-H', '8', '20'],
  ['%k', ' 8', '20'],
  ['%L', '123', '123'],
  ['%N', '123000000', '123000000'],
  ['%3N', '123', '123'],
  ['%6N', '123000', '123000'],
  ['%h', 'Apr', 'Apr'],
  ['%w', '1', '0'],
  ['%-y', '21', '21'],
  ['%_m', ' 4', ' 4'],
  ['%0e', '05', '04'],
  ['%10Y', '0000002021', '0000002021'],
  ['%-I%p', '8AM', '8PM'],
  ['%u', '1', '7'],
  ['%v', ' 5-APR-2021', ' 4-APR-2021'],
  ['%+', '%+', '%+'],
  ['%10A', '    Monday', '    Sunday'],
  ['%-10A', 'Monday', 'Sunday'],
  ['%_5d', '    5', '    4'],
  ['%05e', '00005', '00004'],
  ['%^10b', '       APR', '       APR'],
  ['%Q', '%Q', '%Q'],
  ['%:y', '%:y', '%:y'],
  ['%-j', '95', '94'],
  ['%E', '%E', '%E'],
  ['%Oy', '21', '21'],
  ['%10z', '+000000800', '-000000400'],
  ['%-d日', '5日', '4日'],
  ['%_10z', '      +800', '      -400'],
  ['%-10z', '+000000800', '-000000400'],
  ['%Ey', '21', '21'],
  ['%EY', '2021', '2021'],
  ['%Od', '05', '04'],
  ['%OB', '%OB', '%OB'],
  ['%:Z', '%:Z', '%:Z'],
  ['%10::z', '+008:00:00', '-004:00:00'],
  ['%^c', 'MON APR  5 08:09:10 2021', 'SUN APR  4 20:09:10 2021'],
  ['%-10F', '2021-04-05', '2021-04-04'],
  ['%#a', 'MON', 'SUN'],
  ['%#Z', 'cst', 'edt'],
];

describe('Ruby’s strftime, for Liquid’s date filter', () => {
  for (const [format, shanghai, newYork] of RUBY_ANSWERS) {
    it(`${JSON.stringify(format)} → ${JSON.stringify(shanghai)}, ${JSON.stringify(newYork)}`, () => {
      assert.deepEqual([rubyStrftime(TIME, 'Asia/Shanghai', format), rubyStrftime(TIME, 'America/New_York', format)], [shanghai, newYork]);
    });
  }

  it('names the zone as the time zone database does at that time of year', () => {
    // Ruby in Europe/Berlin: CET in winter, CEST in summer.
    assert.equal(rubyStrftime(1609430400000, 'Europe/Berlin', '%Z %z %c'), 'CET +0100 Thu Dec 31 17:00:00 2020');
    assert.equal(rubyStrftime(TIME, 'Europe/Berlin', '%Z %:z'), 'CEST +02:00');
  });
});
