/**
 * The shared memory through which the main thread asks its jieba worker for a query's
 * cut (jieba.ts, jieba-worker.ts): flags in an Int32Array, and one request or answer at
 * a time as UTF-16 in a byte buffer over the same kind of memory. The worker waits on
 * the bell rather than in its event loop, and both sides read and write the text in
 * place: a round trip has no message to send, event loop to wake, or copy to clone
 * either way (on this machine, against messages both ways, in turns: a query's cut
 * every 0.2 ms, p50 67–73 → 57–61 µs and p99 201–218 → 170–187 µs; every 1 ms, p50
 * 110–136 → 85–103 µs). What does not fit goes as a message, as everything else does
 * (words, cuts nobody waits for, the request to stop), and the bell is rung for those too.
 */
import type { CutMode } from './jieba-binding.js';

/** Flag slots. REPLY: 0 none yet, {@link IN_TEXT} in the shared text, {@link ON_PORT} as a message. */
export const REPLY = 0;
/** 0 loading the dictionaries, 1 ready, 2 failed. */
export const STATE = 1;
/** Never written: waiting on it is a pause. */
export const PAUSE = 2;
/** 1 while a request waits in the shared text. */
export const REQUEST = 3;
/** Incremented by whoever leaves the worker something to do; the worker waits on it. */
export const BELL = 4;
const FLAGS = 5;

export const IN_TEXT = 1;
export const ON_PORT = 2;

/** UTF-16 code units of the shared text: a query's cut needs a few dozen. */
const TEXT_UNITS = 1 << 16;

export interface JiebaChannel {
  flags: Int32Array;
  /** The shared text's bytes (a Buffer viewing shared memory: encoded and decoded natively). */
  text: Buffer;
}

export function createChannel(): JiebaChannel {
  return { flags: new Int32Array(new SharedArrayBuffer(FLAGS * 4)), text: Buffer.from(new SharedArrayBuffer(TEXT_UNITS * 2)) };
}

/** The same channel on the other thread (a Buffer does not keep its type through a message). */
export function channelOf(data: { flags: Int32Array; text: Uint8Array }): JiebaChannel {
  return { flags: data.flags, text: Buffer.from(data.text.buffer, data.text.byteOffset, data.text.byteLength) };
}

/** Tells the worker there is something for it. */
export function ring(flags: Int32Array): void {
  Atomics.add(flags, BELL, 1);
  Atomics.notify(flags, BELL);
}

/** Writes numbers and strings one after another, two code units a number; false once they no longer fit. */
class TextWriter {
  private at = 0;

  constructor(private readonly bytes: Buffer) {}

  number(n: number): boolean {
    if (this.at + 4 > this.bytes.length) return false;
    this.bytes.writeUInt32LE(n, this.at);
    this.at += 4;
    return true;
  }

  string(s: string): boolean {
    if (!this.number(s.length) || this.at + s.length * 2 > this.bytes.length) return false;
    this.at += this.bytes.write(s, this.at, s.length * 2, 'utf16le');
    return true;
  }
}

class TextReader {
  private at = 0;

  constructor(private readonly bytes: Buffer) {}

  number(): number {
    const n = this.bytes.readUInt32LE(this.at);
    this.at += 4;
    return n;
  }

  string(): string {
    const units = this.number();
    const end = this.at + units * 2;
    const s = this.bytes.toString('utf16le', this.at, end);
    this.at = end;
    return s;
  }
}

/** The cut modes by their number in a request. */
const CUT_MODES: readonly CutMode[] = ['cut', 'search', 'dictionary'];

/** Puts a cut request in the shared text; false when it does not fit (it then goes as a message). */
export function writeRequest(text: Buffer, texts: string[], mode: CutMode): boolean {
  const w = new TextWriter(text);
  return w.number(CUT_MODES.indexOf(mode)) && w.number(texts.length) && texts.every((t) => w.string(t));
}

export function readRequest(text: Buffer): { texts: string[]; mode: CutMode } {
  const r = new TextReader(text);
  const mode: CutMode = CUT_MODES[r.number()] ?? 'cut';
  const texts: string[] = [];
  for (let n = r.number(); n > 0; n--) texts.push(r.string());
  return { texts, mode };
}

/** Puts the cuts in the shared text; false when they do not fit (they then go as a message). */
export function writeCuts(text: Buffer, cuts: string[][]): boolean {
  const w = new TextWriter(text);
  return w.number(cuts.length) && cuts.every((words) => w.number(words.length) && words.every((word) => w.string(word)));
}

export function readCuts(text: Buffer): string[][] {
  const r = new TextReader(text);
  const cuts: string[][] = [];
  for (let n = r.number(); n > 0; n--) {
    const words: string[] = [];
    for (let k = r.number(); k > 0; k--) words.push(r.string());
    cuts.push(words);
  }
  return cuts;
}
