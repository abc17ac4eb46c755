/**
 * Non-negative int32 keys to ids, in one open-addressed typed array. It does what a
 * `Map<number, number>` would in the build's hottest loop (one lookup per pair of Han
 * characters of every post), without the Map's per-entry objects and hashing. Each entry
 * holds its key, its id and a mark beside each other (one cache line, where separate
 * arrays of keys, ids and marks cost a miss each: most of that loop's time).
 */
export class IntIdTable {
  /** Entries of {@link STRIDE} int32: key (-1: empty), id, mark (-1: none), unused. */
  private entries: Int32Array;
  private bits: number;
  private count = 0;

  constructor(bits = 16) {
    this.bits = bits;
    this.entries = emptyEntries(bits);
  }

  get size(): number {
    return this.count;
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    const e = this.entries;
    const mask = (1 << this.bits) - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits); ; i = (i + 1) & mask) {
      const k = e[i * STRIDE]!;
      if (k === key) return e[i * STRIDE + 1]!;
      if (k === -1) return -1;
    }
  }

  /** Records `key` → `id` (the key must not be in the table yet). */
  add(key: number, id: number): void {
    this.insert(key, id, -1);
  }

  /**
   * Marks `key` with `mark` and returns its id, or -1 when the key already had this mark
   * (a key logged once per document, the mark its slot). A key not in the table yet is
   * added with the id `newId` gives.
   */
  mark(key: number, mark: number, newId: (key: number) => number): number {
    const e = this.entries;
    const mask = (1 << this.bits) - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits); ; i = (i + 1) & mask) {
      const at = i * STRIDE;
      const k = e[at]!;
      if (k === key) {
        if (e[at + 2] === mark) return -1;
        e[at + 2] = mark;
        return e[at + 1]!;
      }
      if (k === -1) {
        const id = newId(key);
        this.insert(key, id, mark);
        return id;
      }
    }
  }

  private insert(key: number, id: number, mark: number): void {
    if (key < 0) throw new RangeError(`negative key ${key}`);
    if (++this.count * 2 > 1 << this.bits) this.grow();
    this.place(key, id, mark);
  }

  private place(key: number, id: number, mark: number): void {
    const e = this.entries;
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (e[i * STRIDE] !== -1) i = (i + 1) & mask;
    e[i * STRIDE] = key;
    e[i * STRIDE + 1] = id;
    e[i * STRIDE + 2] = mark;
  }

  private grow(): void {
    const old = this.entries;
    this.bits++;
    this.entries = emptyEntries(this.bits);
    for (let at = 0; at < old.length; at += STRIDE) if (old[at] !== -1) this.place(old[at]!, old[at + 1]!, old[at + 2]!);
  }
}

/** Int32 per entry: four, so that an entry never straddles a cache line. */
const STRIDE = 4;

/** A table of 2^bits entries, all empty (key and mark -1). */
function emptyEntries(bits: number): Int32Array {
  return new Int32Array(STRIDE << bits).fill(-1);
}
