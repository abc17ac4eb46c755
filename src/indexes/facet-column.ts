/**
 * One facet (categories, or tags) of every post as small integer ids in flat arrays, so
 * that counting it over tens of thousands of matches reads a typed array instead of every
 * post object (at a million posts, the objects' memory latency is most of a facet count).
 * Most posts have one category and one tag: a post's only id is read from one array in
 * one step (one memory access per match); posts with several have theirs in a second,
 * smaller table.
 */
import { IntList } from './int-list.js';
import { firstN } from './sorted.js';

/** Highest count first, ties by name. */
const byCountThenName = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** {@link FacetColumn}'s entry of a slot without names. */
const NONE = -1;

export class FacetColumn {
  private readonly ids = new Map<string, number>();
  private readonly nameList: string[] = [];
  /**
   * Per slot: its only id (0 and up), NONE, or for a slot with several names -2 - r, where
   * row r of `manyStarts`/`manyIds` holds them.
   */
  private readonly entries = new IntList();
  private readonly manyStarts = new IntList();
  private readonly manyIds = new IntList();
  private counts = new Int32Array(0);

  constructor() {
    this.manyStarts.push(0);
  }

  /** Slots recorded so far (the next one to add). */
  get size(): number {
    return this.entries.length;
  }

  /** Records the next slot's names (a removed post's slot records none). */
  add(names: readonly string[]): void {
    const ids = names.map((name) => {
      let id = this.ids.get(name);
      if (id === undefined) {
        id = this.nameList.length;
        this.ids.set(name, id);
        this.nameList.push(name);
      }
      return id;
    });
    if (ids.length <= 1) {
      this.entries.push(ids[0] ?? NONE);
      return;
    }
    this.entries.push(-2 - (this.manyStarts.length - 1));
    for (const id of ids) this.manyIds.push(id);
    this.manyStarts.push(this.manyIds.length);
  }

  /**
   * A test of a slot's names against `wanted` (compared as `key` gives them): true when
   * it has a name for each of them (`every`), or for any. Null when there are too many
   * wanted names for one test (more than 30): the caller reads the posts instead.
   */
  keeps(wanted: readonly string[], key: (name: string) => string, every: boolean): ((slot: number) => boolean) | null {
    if (wanted.length === 0 || wanted.length > 30) return null;
    // Per id, the wanted names it is (bit j for wanted[j]).
    const masks = new Int32Array(this.nameList.length);
    this.nameList.forEach((name, id) => {
      const k = key(name);
      wanted.forEach((w, j) => {
        if (w === k) masks[id]! |= 1 << j;
      });
    });
    const all = (1 << wanted.length) - 1;
    return (slot) => {
      const entry = slot < this.entries.length ? this.entries.get(slot) : NONE;
      let mask = 0;
      if (entry >= 0) mask = masks[entry]!;
      else if (entry !== NONE) {
        const row = -2 - entry;
        const end = this.manyStarts.get(row + 1);
        for (let i = this.manyStarts.get(row); i < end; i++) mask |= masks[this.manyIds.get(i)]!;
      }
      return every ? mask === all : mask !== 0;
    };
  }

  /** Every name recorded, by id: `texts[id]` in {@link textOf} is the text of `names[id]`. */
  get names(): readonly string[] {
    return this.nameList;
  }

  /**
   * The slot's names as one text, space separated, each as `texts` gives it by id (a
   * text per name, made once by the caller): a slot with one name costs one array read.
   */
  textOf(slot: number, texts: readonly string[]): string {
    const entry = slot < this.entries.length ? this.entries.get(slot) : NONE;
    if (entry >= 0) return texts[entry]!;
    if (entry === NONE) return '';
    const row = -2 - entry;
    const end = this.manyStarts.get(row + 1);
    let text = '';
    for (let i = this.manyStarts.get(row); i < end; i++) text += (text ? ' ' : '') + texts[this.manyIds.get(i)]!;
    return text;
  }

  /** The `max` names most used by the slots, with their counts (ties by name). */
  top(slots: ArrayLike<number>, max: number): Record<string, number> {
    if (max <= 0) return {};
    // One zeroed array kept between calls: only the entries a call used are reset.
    if (this.counts.length < this.nameList.length) this.counts = new Int32Array(this.nameList.length * 2);
    const counts = this.counts;
    const used: number[] = [];
    for (let m = 0; m < slots.length; m++) {
      const entry = this.entries.get(slots[m]!);
      if (entry >= 0) {
        if (counts[entry]!++ === 0) used.push(entry);
      } else if (entry !== NONE) {
        const row = -2 - entry;
        const end = this.manyStarts.get(row + 1);
        for (let i = this.manyStarts.get(row); i < end; i++) {
          const id = this.manyIds.get(i);
          if (counts[id]!++ === 0) used.push(id);
        }
      }
    }
    const entries = used.map((id): [string, number] => [this.nameList[id]!, counts[id]!]);
    for (const id of used) counts[id] = 0;
    return Object.fromEntries(firstN(entries, max, byCountThenName));
  }
}
