/**
 * One facet (categories, or tags) of every post as small integer ids in flat arrays, so
 * that counting it over tens of thousands of matches reads two typed arrays instead of
 * every post object (at a million posts, the objects' memory latency is most of a
 * facet count).
 */
import { IntList } from './int-list.js';
import { firstN } from './sorted.js';

/** Highest count first, ties by name. */
const byCountThenName = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export class FacetColumn {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  /** Per slot, where its ids start in `values`; one more entry than there are slots. */
  private readonly starts = new IntList();
  private readonly values = new IntList();
  private counts = new Int32Array(0);

  constructor() {
    this.starts.push(0);
  }

  /** Slots recorded so far (the next one to add). */
  get size(): number {
    return this.starts.length - 1;
  }

  /** Records the next slot's names (a removed post's slot records none). */
  add(names: readonly string[]): void {
    for (const name of names) {
      let id = this.ids.get(name);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(name, id);
        this.names.push(name);
      }
      this.values.push(id);
    }
    this.starts.push(this.values.length);
  }

  /** The `max` names most used by the slots, with their counts (ties by name). */
  top(slots: ArrayLike<number>, max: number): Record<string, number> {
    if (max <= 0) return {};
    // One zeroed array kept between calls: only the entries a call used are reset.
    if (this.counts.length < this.names.length) this.counts = new Int32Array(this.names.length * 2);
    const counts = this.counts;
    const used: number[] = [];
    for (let m = 0; m < slots.length; m++) {
      const slot = slots[m]!;
      const end = this.starts.get(slot + 1);
      for (let i = this.starts.get(slot); i < end; i++) {
        const id = this.values.get(i);
        if (counts[id]!++ === 0) used.push(id);
      }
    }
    const entries = used.map((id): [string, number] => [this.names[id]!, counts[id]!]);
    for (const id of used) counts[id] = 0;
    return Object.fromEntries(firstN(entries, max, byCountThenName));
  }
}
