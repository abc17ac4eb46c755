/**
 * Typed arrays reused from one call to the next instead of made anew: proximity and
 * snippets are worked out for many posts of every search, and their arrays were a good
 * part of what a search allocates, which sets how often the young generation is collected
 * (a search that meets a collection waits for it). Each buffer is grown, never shrunk,
 * and holds what one call put there until the next call: a search runs to its end on its
 * thread, and every thread has its own module state.
 */
export class Scratch<T extends Int32Array | Float64Array> {
  private buffer: T;

  /** `make(n)`: a new zeroed array of length n (`(n) => new Int32Array(n)`). */
  constructor(private readonly make: (length: number) => T) {
    this.buffer = make(256);
  }

  /** The buffer, with room for at least `n` items; earlier contents kept. */
  room(n: number): T {
    if (this.buffer.length < n) {
      const grown = this.make(2 ** Math.ceil(Math.log2(n)));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    return this.buffer;
  }
}
