/**
 * A text's keywords by TF-IDF, picked exactly as nodejieba's `extract` (cppjieba's
 * KeywordExtractor) picks them, from the words jieba cut the text into.
 *
 * Why not jieba's own: its IDF table (258,826 words) costs every thread that loads
 * jieba about 19 MB of native memory from the start, though only related-post lookups
 * use it. Here it is read into a few flat arrays (about 10 MB) by the thread that needs
 * it (a search thread, right after its first index is warm), and jieba itself loads
 * segmentation tables only (jieba-binding.ts).
 */
import fs from 'node:fs';

/** jieba's IDF table and stop words, as cppjieba reads them. */
export interface KeywordTables {
  /** The IDF of `word`, or the table's average for a word it lacks. */
  idf(word: string): number;
  isStopWord(word: string): boolean;
}

/**
 * The IDF table as an open-addressing hash over the words: one string of all the words,
 * their starts, their IDFs, and a slot array of entry numbers (no object per word).
 */
class IdfTable implements KeywordTables {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly words: string,
    private readonly starts: Int32Array,
    private readonly idfs: Float64Array,
    count: number,
    private readonly average: number,
    private readonly stopWords: Set<string>,
  ) {
    let size = 1;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let entry = 0; entry < count; entry++) {
      const at = this.find(words, starts[entry]!, starts[entry + 1]!);
      // A word listed twice keeps its last IDF, as cppjieba's map assignment does.
      if (this.slots[at] !== -1) this.idfs[this.slots[at]!] = idfs[entry]!;
      else this.slots[at] = entry;
    }
  }

  idf(word: string): number {
    const entry = this.slots[this.find(word, 0, word.length)]!;
    return entry === -1 ? this.average : this.idfs[entry]!;
  }

  isStopWord(word: string): boolean {
    return this.stopWords.has(word);
  }

  /** The slot holding `text[from, to)`, or the empty slot where it would go. */
  private find(text: string, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const entry = this.slots[at]!;
      if (entry === -1 || this.same(entry, text, from, to)) return at;
    }
  }

  private same(entry: number, text: string, from: number, to: number): boolean {
    const start = this.starts[entry]!;
    if (this.starts[entry + 1]! - start !== to - from) return false;
    for (let i = 0; i < to - from; i++) if (this.words.charCodeAt(start + i) !== text.charCodeAt(from + i)) return false;
    return true;
  }
}

/** Bytes read from the IDF file at a time. */
const READ_BYTES = 1 << 16;

/**
 * Reads the tables as cppjieba's KeywordExtractor does: each line `word idf`, split at
 * every space (limonp's Split: `a b` and `a b ` are two fields, ` a b` and `a  b` three);
 * a line that is not exactly two fields is skipped but still counts towards the average
 * (the sum of the IDFs over the number of lines); each stop word file line is a stop word.
 *
 * The IDF file is read in small pieces and its words decoded into one growing buffer:
 * no string per line and no copy of the whole file. The whole file as a string, or a
 * quarter of a million line strings, took tens of MB of memory that the thread kept.
 */
export function readKeywordTables(idfFile: string, stopWordFile: string): KeywordTables {
  return runToEnd(keywordTableSteps(idfFile, stopWordFile));
}

/** A generator's result, without pausing (indexes/steps.ts's runSteps, which this layer does not import). */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * {@link readKeywordTables}, pausing after each piece of the file (a search thread reads
 * them between searches: at once, they took 140-180 ms).
 */
export function* keywordTableSteps(idfFile: string, stopWordFile: string): Generator<void, KeywordTables, void> {
  const table = new TableBuilder();
  const fd = fs.openSync(idfFile, 'r');
  try {
    const piece = Buffer.allocUnsafe(READ_BYTES);
    let line = Buffer.allocUnsafe(256);
    let lineLength = 0;
    for (let n; (n = fs.readSync(fd, piece, 0, READ_BYTES, null)) > 0;) {
      for (let i = 0; i < n; i++) {
        const byte = piece[i]!;
        if (byte === 0x0a) {
          table.addLine(line, lineLength);
          lineLength = 0;
          continue;
        }
        if (lineLength === line.length) {
          const longer = Buffer.allocUnsafe(line.length * 2);
          line.copy(longer);
          line = longer;
        }
        line[lineLength++] = byte;
      }
      yield;
    }
    // getline yields a last line without a newline, and none after a final newline.
    if (lineLength > 0) table.addLine(line, lineLength);
  } finally {
    fs.closeSync(fd);
  }
  const stopLines = fs.readFileSync(stopWordFile, 'utf8').split('\n');
  if (stopLines.at(-1) === '') stopLines.pop();
  return table.finish(new Set(stopLines));
}

/** The IDF table's words, starts and IDFs, gathered line by line. */
class TableBuilder {
  private chars = new Uint16Array(1 << 20);
  private charCount = 0;
  private starts = new Int32Array(1 << 18);
  private idfs = new Float64Array(1 << 18);
  private count = 0;
  private lines = 0;
  private sum = 0;

  addLine(line: Buffer, length: number): void {
    this.lines++;
    const fields = splitLine(line, length);
    if (!fields) return;
    // atof: the longest number at the start, 0 if there is none.
    const value = Number.parseFloat(line.toString('latin1', fields.idfAt, fields.idfEnd));
    const idf = Number.isNaN(value) ? 0 : value;
    const word = line.toString('utf8', 0, fields.wordEnd);
    while (this.charCount + word.length > this.chars.length) this.chars = grown(this.chars);
    for (let i = 0; i < word.length; i++) this.chars[this.charCount++] = word.charCodeAt(i);
    if (this.count + 1 === this.starts.length) {
      this.starts = grown(this.starts);
      this.idfs = grown(this.idfs);
    }
    this.idfs[this.count] = idf;
    this.starts[++this.count] = this.charCount;
    this.sum += idf;
  }

  finish(stopWords: Set<string>): KeywordTables {
    const words = new TextDecoder('utf-16le').decode(this.chars.subarray(0, this.charCount));
    const average = this.lines === 0 ? 0 : this.sum / this.lines;
    return new IdfTable(words, this.starts.slice(0, this.count + 1), this.idfs.slice(0, this.count), this.count, average, stopWords);
  }
}

function grown<T extends Uint16Array | Int32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Where the two fields of the line are when Split(line, " ") makes exactly two, else null. */
function splitLine(line: Buffer, length: number): { wordEnd: number; idfAt: number; idfEnd: number } | null {
  const first = line.subarray(0, length).indexOf(0x20);
  if (first === -1 || first === length - 1) return null;
  const second = line.subarray(0, length).indexOf(0x20, first + 1);
  if (second === -1) return { wordEnd: first, idfAt: first + 1, idfEnd: length };
  // A second space that ends the line makes no third field.
  return second === length - 1 ? { wordEnd: first, idfAt: first + 1, idfEnd: second } : null;
}

interface Weighted {
  word: string;
  weight: number;
}

/** cppjieba's IsSingleWord: one code point (or none). */
function isSingleWord(word: string): boolean {
  if (word.length <= 1) return true;
  return word.length === 2 && word.codePointAt(0)! > 0xffff;
}

/** UTF-8 byte order, which is code point order (std::map<std::string> orders by bytes). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every other UTF-16 unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The `topN` words of `words` (a text as jieba cut it, in order) with the highest term
 * frequency times IDF, skipping single characters and stop words, highest first; ties
 * fall as cppjieba's (libstdc++'s partial_sort over the words in byte order) let them.
 */
export function tfIdfKeywords(words: readonly string[], topN: number, tables: KeywordTables): string[] {
  const counts = new Map<string, number>();
  for (const w of words) {
    if (isSingleWord(w) || tables.isStopWord(w)) continue;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const weighted: Weighted[] = [...counts.keys()]
    .sort(compareCodePoints)
    .map((word) => ({ word, weight: counts.get(word)! * tables.idf(word) }));
  const n = Math.min(topN, weighted.length);
  partialSort(weighted, n, (a, b) => a.weight > b.weight);
  return weighted.slice(0, n).map((k) => k.word);
}

type Less<T> = (a: T, b: T) => boolean;

/**
 * libstdc++'s std::partial_sort, step for step (heap select, then heap sort), so that
 * words of equal weight come out in the order nodejieba gives them.
 */
export function partialSort<T>(items: T[], middle: number, less: Less<T>): void {
  if (middle === 0) return;
  makeHeap(items, middle, less);
  for (let i = middle; i < items.length; i++) if (less(items[i]!, items[0]!)) popHeap(items, middle, i, less);
  for (let last = middle; last > 1;) {
    last--;
    popHeap(items, last, last, less);
  }
}

function makeHeap<T>(items: T[], len: number, less: Less<T>): void {
  if (len < 2) return;
  for (let parent = Math.trunc((len - 2) / 2); ; parent--) {
    adjustHeap(items, parent, len, items[parent]!, less);
    if (parent === 0) return;
  }
}

/** Moves the top of heap `[0, len)` to `result` and puts what was there into the heap. */
function popHeap<T>(items: T[], len: number, result: number, less: Less<T>): void {
  const value = items[result]!;
  items[result] = items[0]!;
  adjustHeap(items, 0, len, value, less);
}

function adjustHeap<T>(items: T[], hole: number, len: number, value: T, less: Less<T>): void {
  const top = hole;
  let child = hole;
  while (child < Math.trunc((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (less(items[child]!, items[child - 1]!)) child--;
    items[hole] = items[child]!;
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.trunc((len - 2) / 2)) {
    child = 2 * (child + 1);
    items[hole] = items[child - 1]!;
    hole = child - 1;
  }
  let parent = Math.trunc((hole - 1) / 2);
  while (hole > top && less(items[parent]!, value)) {
    items[hole] = items[parent]!;
    hole = parent;
    parent = Math.trunc((hole - 1) / 2);
  }
  items[hole] = value;
}
