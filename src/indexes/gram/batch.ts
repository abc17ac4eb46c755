import { IntIdTable } from './int-id-table.js';
import { IntList } from '../int-list.js';
import { HAN_SPAN, type Key } from './keys.js';

/**
 * Documents not yet folded into the rows: each document's distinct keys as dense ids,
 * in slot order. Numeric keys are interned through a Map to ids; the common Han
 * characters need no lookup at all (their id is their key).
 */
export class Batch {
  readonly keys: Key[] = [];
  private readonly numIds = new IntIdTable();
  private readonly strIds = new Map<string, number>();
  /** The last slot each id was logged for, to log a key once per document (numeric keys above the characters: in numIds). */
  private lastSlot = new Int32Array(HAN_SPAN * 2).fill(-1);
  readonly ids = new IntList();
  readonly docSlots = new IntList();
  readonly docEnds = new IntList();

  constructor() {
    for (let k = 0; k < HAN_SPAN; k++) this.keys.push(k);
  }

  get entries(): number {
    return this.ids.length;
  }

  private log(id: number, slot: number): void {
    if (this.lastSlot[id] === slot) return;
    this.lastSlot[id] = slot;
    this.ids.push(id);
  }

  private newId(key: Key): number {
    const id = this.keys.length;
    this.keys.push(key);
    if (id === this.lastSlot.length) {
      const bigger = new Int32Array(id * 2).fill(-1);
      bigger.set(this.lastSlot);
      this.lastSlot = bigger;
    }
    return id;
  }

  /** newId, bound once for the table (which marks a numeric key's last slot itself, beside the key). */
  private readonly newNumId = (key: number): number => this.newId(key);

  logNumber(key: number, slot: number): void {
    if (key < HAN_SPAN) return this.log(key, slot);
    const id = this.numIds.mark(key, slot, this.newNumId);
    if (id >= 0) this.ids.push(id);
  }

  logString(key: string, slot: number): void {
    let id = this.strIds.get(key);
    if (id === undefined) this.strIds.set(key, (id = this.newId(key)));
    this.log(id, slot);
  }

  /** Empties the log; the key ids stay (slots only ascend, so old `lastSlot` values never match again). */
  clear(): void {
    this.ids.clear();
    this.docSlots.clear();
    this.docEnds.clear();
  }

  endDocument(slot: number): void {
    this.docSlots.push(slot);
    this.docEnds.push(this.ids.length);
  }

  /** Calls `fn(key, slot)` for every logged entry, in slot order. */
  forEach(fn: (key: Key, slot: number) => void): void {
    let at = 0;
    for (let d = 0; d < this.docSlots.length; d++) {
      const slot = this.docSlots.get(d);
      const end = this.docEnds.get(d);
      for (; at < end; at++) fn(this.keys[this.ids.get(at)]!, slot);
    }
  }

  /** Entries per id. */
  counts(): Int32Array {
    const counts = new Int32Array(this.keys.length);
    for (let i = 0; i < this.ids.length; i++) counts[this.ids.get(i)]!++;
    return counts;
  }
}
