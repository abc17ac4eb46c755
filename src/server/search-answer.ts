/**
 * A search result as the bytes of the API's answer. The engine's part (hits, facets and
 * the rest) is encoded once, where the search ran, possibly on the search thread; the
 * route only puts the per-request fields (`tookMs`, `offset`, `limit`) in front.
 */
import type { SearchResult } from '../index/engine.js';

export interface SearchAnswer {
  query: string;
  total: number;
  /** UTF-8 of `"matched":…,"hits":[…],"facets":{…}}`: the answer after the per-request fields. */
  rest: Uint8Array;
}

const utf8 = new TextEncoder();

/** Encodes a result. The bytes get an ArrayBuffer of their own, so they can be transferred to another thread. */
export function toAnswer(result: SearchResult): SearchAnswer {
  const { query, total, matched, interpretedAs, didYouMean, hits, facets } = result;
  // Same fields and order as the answer, with undefined ones left out as JSON.stringify does.
  const rest = JSON.stringify({ matched, interpretedAs, didYouMean, hits, facets }).slice(1);
  return { query, total, rest: utf8.encode(rest) };
}

/** The whole answer: `{ query, total, tookMs, offset, limit, matched, interpretedAs, didYouMean, hits, facets }`. */
export function answerBody(answer: SearchAnswer, tookMs: number, offset: number, limit: number): Buffer {
  const head = `{"query":${JSON.stringify(answer.query)},"total":${answer.total},"tookMs":${tookMs},"offset":${offset},"limit":${limit},`;
  // One buffer, written in place: the head is not encoded into one buffer and copied to another.
  const headBytes = Buffer.byteLength(head);
  const body = Buffer.allocUnsafe(headBytes + answer.rest.length);
  body.write(head, 0);
  body.set(answer.rest, headBytes);
  return body;
}
