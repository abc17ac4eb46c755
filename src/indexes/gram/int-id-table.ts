/**
 * Non-negative int32 keys to ids, in open-addressed typed arrays. It does what a
 * `Map<number, number>` would in the build's hottest loop (one lookup per pair of Han
 * characters of every post), without the Map's per-entry objects and hashing.
 */
export class IntIdTable {
  private keys: Int32Array;
  private ids: Int32Array;
  private bits: number;
  private count = 0;

  constructor(bits = 16) {
    this.bits = bits;
    this.keys = new Int32Array(1 << bits).fill(-1);
    this.ids = new Int32Array(1 << bits);
  }

  get size(): number {
    return this.count;
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits); ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === key) return this.ids[i]!;
      if (k === -1) return -1;
    }
  }

  /** Records `key` → `id` (the key must not be in the table yet). */
  add(key: number, id: number): void {
    if (key < 0) throw new RangeError(`negative key ${key}`);
    if (++this.count * 2 > this.keys.length) this.grow();
    this.place(key, id);
  }

  private place(key: number, id: number): void {
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.keys[i] !== -1) i = (i + 1) & mask;
    this.keys[i] = key;
    this.ids[i] = id;
  }

  private grow(): void {
    const { keys, ids } = this;
    this.bits++;
    this.keys = new Int32Array(1 << this.bits).fill(-1);
    this.ids = new Int32Array(1 << this.bits);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.place(keys[i]!, ids[i]!);
  }
}
