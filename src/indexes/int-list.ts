const CHUNK_BITS = 20;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
const EMPTY = new Int32Array(0);

/**
 * A growable list of int32 in fixed chunks: growing never copies, so a build of a
 * million posts (over a hundred million entries) never holds its log twice.
 */
export class IntList {
  private chunks: Int32Array[] = [];
  private last = new Int32Array(0);
  length = 0;

  push(v: number): void {
    const at = this.length & CHUNK_MASK;
    if (at === 0 && this.length >> CHUNK_BITS === this.chunks.length) {
      // Small lists (one per batch of a few posts) start small.
      this.last = new Int32Array(this.length === 0 ? 256 : 1 << CHUNK_BITS);
      this.chunks.push(this.last);
    } else if (at === this.last.length) {
      const bigger = new Int32Array(Math.min(this.last.length * 4, 1 << CHUNK_BITS));
      bigger.set(this.last);
      this.last = bigger;
      this.chunks[this.chunks.length - 1] = bigger;
    }
    this.last[at] = v;
    this.length++;
  }

  get(i: number): number {
    return this.chunks[i >> CHUNK_BITS]![i & CHUNK_MASK]!;
  }

  /** The filled parts of the list, in order (views, not copies). */
  *parts(): Generator<Int32Array> {
    for (let c = 0; c < this.chunks.length; c++) {
      const n = Math.min(this.length - (c << CHUNK_BITS), this.chunks[c]!.length);
      if (n > 0) yield this.chunks[c]!.subarray(0, n);
    }
  }

  /** The list in one array of its own. */
  toInt32Array(): Int32Array {
    const out = new Int32Array(this.length);
    let at = 0;
    for (const part of this.parts()) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /**
   * Lets go of the chunks wholly before index `i`: a reader done with them (a build's log
   * once folded into rows) frees them as it goes. Their entries may not be read again.
   */
  releaseBefore(i: number): void {
    for (let c = 0; c < i >> CHUNK_BITS && c < this.chunks.length - 1; c++) this.chunks[c] = EMPTY;
  }

  clear(): void {
    this.length = 0;
    this.chunks = [];
    this.last = new Int32Array(0);
  }
}
