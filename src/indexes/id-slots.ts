/**
 * The slot of each live post by its id, for an engine: an open-addressing hash table of
 * slots with each id's hash beside it, the ids themselves read from the posts (`idOf`)
 * only when two hashes agree. A Map of the id strings held a string and an entry per
 * post in every thread that searches (100,000 posts: 6.6 MB of heap; a million: ten
 * times that); this table holds 8 bytes per place, at least twice as many places as
 * posts.
 */
import type { Steps } from './steps.js';

/** A place never used: a lookup stops there. */
const EMPTY = -1;
/** A place whose post was removed: a lookup goes on past it, an insert may take it. */
const REMOVED = -2;
/** Places to start with (a power of two). */
const MIN_PLACES = 16;

/** 32 bits of an id's UTF-16 code units (FNV-1a, then murmur3's finaliser to spread the low bits). */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The number of places for `count` posts: a power of two at least twice `count`. */
function placesFor(count: number): number {
  let places = MIN_PLACES;
  while (places < count * 2) places *= 2;
  return places;
}

export class IdSlots {
  private slots: Int32Array;
  private hashes: Int32Array;
  private live = 0;
  /** Places live or removed: a lookup's probe ends only at an empty one, so these are kept under half. */
  private taken = 0;

  /** `idOf(slot)`: the id of the post in `slot` (any string for a slot this table does not hold). */
  constructor(
    private readonly idOf: (slot: number) => string | undefined,
    expected = 0,
  ) {
    const places = placesFor(expected);
    this.slots = new Int32Array(places).fill(EMPTY);
    this.hashes = new Int32Array(places);
  }

  /**
   * A table of the posts in slots `[0, count)` that have one (`idOf` undefined: none),
   * pausing between pieces of work (see steps.ts). A later slot's post replaces an
   * earlier one with the same id.
   */
  static *build(idOf: (slot: number) => string | undefined, count: number): Steps<IdSlots> {
    const table = new IdSlots(idOf, count);
    for (let slot = 0; slot < count; slot++) {
      if (slot % 4096 === 4095) yield;
      const id = idOf(slot);
      if (id !== undefined) table.set(id, slot);
    }
    return table;
  }

  /** Number of ids held. */
  get size(): number {
    return this.live;
  }

  get(id: string): number | undefined {
    const at = this.placeOf(id, hashOf(id));
    return at < 0 ? undefined : this.slots[at];
  }

  has(id: string): boolean {
    return this.placeOf(id, hashOf(id)) >= 0;
  }

  /** Holds `slot` for `id`, in place of the slot held for it before. */
  set(id: string, slot: number): void {
    const hash = hashOf(id);
    const at = this.placeOf(id, hash);
    if (at >= 0) {
      this.slots[at] = slot;
      return;
    }
    if ((this.taken + 1) * 2 > this.slots.length) this.rehash(this.live + 1);
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    if (this.slots[i] === EMPTY) this.taken++;
    this.slots[i] = slot;
    this.hashes[i] = hash;
    this.live++;
  }

  /** Forgets `id`; false when it was not held. */
  delete(id: string): boolean {
    const at = this.placeOf(id, hashOf(id));
    if (at < 0) return false;
    this.slots[at] = REMOVED;
    this.live--;
    return true;
  }

  /** The place holding `id`, or -1. */
  private placeOf(id: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === EMPTY) return -1;
      if (slot >= 0 && this.hashes[i] === hash && this.idOf(slot) === id) return i;
    }
  }

  /** Places every live id again in a table sized for `count`, without the removed places. */
  private rehash(count: number): void {
    const { slots, hashes } = this;
    const places = placesFor(count);
    this.slots = new Int32Array(places).fill(EMPTY);
    this.hashes = new Int32Array(places);
    const mask = places - 1;
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j]!;
      if (slot < 0) continue;
      let i = hashes[j]! & mask;
      while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
      this.slots[i] = slot;
      this.hashes[i] = hashes[j]!;
    }
    this.taken = this.live;
  }
}
