/**
 * A search result as the bytes of the API's answer. The engine's part (hits, facets and
 * the rest) is encoded once, where the search ran, possibly on the search thread; the
 * route only puts the per-request fields (`tookMs`, `offset`, `limit`) in front.
 */
import type { SearchResult } from '../search/engine.js';

export interface SearchAnswer {
  query: string;
  total: number;
  /** The index version whose posts gave the answer (served as `X-Index-Version`), when known. */
  version?: string;
  /** UTF-8 of `"matched":…,"hits":[…],"facets":{…}}`: the answer after the per-request fields. */
  rest: Uint8Array;
}

/** The result as JSON with the answer's fields in order, undefined ones left out; `rest` is this without its `{`. */
export function resultJson(result: SearchResult): string {
  const { matched, interpretedAs, mainlandReading, didYouMean, correctedQuery, hits, facets } = result;
  return JSON.stringify({ matched, interpretedAs, mainlandReading, didYouMean, correctedQuery, hits, facets });
}

/** Encodes a result on the thread that answers the request. */
export function toAnswer(result: SearchResult): SearchAnswer {
  return { query: result.query, total: result.total, rest: Buffer.from(resultJson(result)).subarray(1) };
}

/**
 * The encoded answers of one reply from the search thread, written one after another so
 * that a reply transfers one buffer however many answers it carries.
 */
export class AnswerBytes {
  private buffer: Buffer;
  private used = 0;

  constructor(initialBytes = 1 << 18) {
    this.buffer = Buffer.allocUnsafeSlow(initialBytes);
  }

  /** Appends the UTF-8 of a {@link resultJson}; gives where its `rest` lies (its opening brace left out). */
  add(json: string): { start: number; end: number } {
    const most = json.length * 3;
    if (this.used + most > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + most));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    const start = this.used + 1;
    this.used += this.buffer.write(json, this.used);
    return { start, end: this.used };
  }

  /** A copy of the bytes added since the last take, for the reply to transfer; starts afresh. */
  take(): ArrayBuffer {
    // allocUnsafeSlow gives a Buffer an ArrayBuffer of its own, never a shared one.
    const bytes = (this.buffer.buffer as ArrayBuffer).slice(this.buffer.byteOffset, this.buffer.byteOffset + this.used);
    this.used = 0;
    return bytes;
  }
}

/** The whole answer: `{ query, total, tookMs, offset, limit, matched, interpretedAs, mainlandReading, didYouMean, correctedQuery, hits, facets }`. */
export function answerBody(answer: SearchAnswer, tookMs: number, offset: number, limit: number): Buffer {
  const head = `{"query":${JSON.stringify(answer.query)},"total":${answer.total},"tookMs":${tookMs},"offset":${offset},"limit":${limit},`;
  // One buffer, written in place: the head is not encoded into one buffer and copied to another.
  const headBytes = Buffer.byteLength(head);
  const body = Buffer.allocUnsafe(headBytes + answer.rest.length);
  body.write(head, 0);
  body.set(answer.rest, headBytes);
  return body;
}
