/**
 * Typed arrays reused from one call to the next instead of made anew: proximity and
 * snippets are worked out for many posts of every search, and their arrays were a good
 * part of what a search allocates, which sets how often the young generation is collected
 * (a search that meets a collection waits for it). Each buffer is grown, never shrunk,
 * and holds what one call put there until the next call: a search runs to its end on its
 * thread, and every thread has its own module state.
 */

/** A growable Int32Array. */
export class ScratchInt32 {
  private buffer = new Int32Array(256);

  /** The buffer, with room for at least `n` items; earlier contents kept. */
  room(n: number): Int32Array {
    if (this.buffer.length < n) {
      const grown = new Int32Array(2 ** Math.ceil(Math.log2(n)));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    return this.buffer;
  }
}

/** A growable Float64Array. */
export class ScratchFloat64 {
  private buffer = new Float64Array(256);

  /** The buffer, with room for at least `n` items; earlier contents kept. */
  room(n: number): Float64Array {
    if (this.buffer.length < n) {
      const grown = new Float64Array(2 ** Math.ceil(Math.log2(n)));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    return this.buffer;
  }
}
