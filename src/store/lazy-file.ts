/**
 * A data file kept open for the parts of it that a load leaves unread (posts' source
 * texts and JSON lines): they are read when first asked for. The file
 * stays readable while open even once a newer version has replaced and removed it, and
 * it is closed when nothing uses its posts any more (a removed file's disk space is
 * freed then), or at once when a load reads those parts whole (a small index).
 */
import fs from 'node:fs';

/**
 * Bytes read at once when small reads come in order (a pass over every post's JSON
 * line): some 40 lines to a read.
 */
const BLOCK_BYTES = 16 * 1024;
/** Reads up to this size go through one reused buffer (a page of hits: its lines and texts). */
const SCRATCH_BYTES = 64 * 1024;

const closeWhenUnused = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed: nothing to do.
  }
});

/**
 * Reads from `position` of `fd` into `into`: all of it, or at least `least` bytes when the
 * file may end first (a block read ahead). Returns how many were read.
 */
export function readAt(fd: number, into: Uint8Array, position: number, least = into.length): number {
  let at = 0;
  while (at < least) {
    const n = fs.readSync(fd, into, at, Math.min(1 << 30, into.length - at), position + at);
    if (n === 0) throw new Error('file shrank while reading');
    at += n;
  }
  return at;
}

/** `count` bytes at `position` of `fd`, in a buffer of their own. */
export function readBytes(fd: number, count: number, position: number): Buffer {
  const out = Buffer.allocUnsafe(count);
  readAt(fd, out, position);
  return out;
}

export class LazyFile {
  /** -1 once closed (see {@link holdAndClose}). */
  private fd: number;
  /** The block read last by a pass in order, and where it starts in the file. */
  private block: Buffer | null = null;
  private blockAt = 0;
  private blockLength = 0;
  /** Where the last read ended: a read starting there is taken as the next of a pass. */
  private lastEnd = -1;
  private scratch: Buffer | null = null;
  /** A stretch of the file read at once (see {@link holdAndClose}). */
  private held: Buffer | null = null;
  private heldAt = 0;

  /** Takes over `fd`: it is closed once this object is no longer reachable. */
  constructor(fd: number) {
    this.fd = fd;
    if (fd >= 0) closeWhenUnused.register(this, fd, this);
  }

  /** Bytes in memory read as a file (posts a build packed, store/pack-docs.ts): no file is open. */
  static holding(bytes: Buffer): LazyFile {
    const file = new LazyFile(-1);
    file.held = bytes;
    return file;
  }

  /**
   * Keeps `bytes`, the file's from `position` (read by the load, or a stretch in memory
   * shared by a server's search threads), and closes the file: every later read must fall
   * within them. A small index read whole this way holds no file open, so a replaced data
   * file's space is freed as soon as it is removed.
   */
  holdAndClose(position: number, bytes: Buffer): void {
    this.held = bytes;
    this.heldAt = position;
    closeWhenUnused.unregister(this);
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** The text of `bytes` bytes at `position`. */
  text(position: number, bytes: number, encoding: 'utf8' | 'utf16le'): string {
    const held = this.heldPart(position, bytes);
    if (held) return held.toString(encoding);
    // The next line of a pass starts after the newline that ended the last one read.
    const inOrder = position >= this.lastEnd && position <= this.lastEnd + 1;
    this.lastEnd = position + bytes;
    if (this.block && position >= this.blockAt && position + bytes <= this.blockAt + this.blockLength)
      return this.block.toString(encoding, position - this.blockAt, position - this.blockAt + bytes);
    if (inOrder && bytes <= BLOCK_BYTES) {
      this.block ??= Buffer.allocUnsafeSlow(BLOCK_BYTES);
      this.blockAt = position;
      this.blockLength = readAt(this.open(), this.block, position, bytes);
      return this.block.toString(encoding, 0, bytes);
    }
    if (bytes > SCRATCH_BYTES) return this.bytes(position, bytes).toString(encoding);
    const scratch = (this.scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES));
    readAt(this.open(), scratch.subarray(0, bytes), position);
    return scratch.toString(encoding, 0, bytes);
  }

  /** `count` bytes at `position`, in a buffer of their own. */
  bytes(position: number, count: number): Buffer {
    const held = this.heldPart(position, count);
    return held ? Buffer.from(held) : readBytes(this.open(), count, position);
  }

  /** The `count` bytes at `position` if they were read at once ({@link holdAndClose}), as a view. */
  private heldPart(position: number, count: number): Buffer | null {
    const held = this.held;
    if (!held || position < this.heldAt || position + count > this.heldAt + held.length) return null;
    return held.subarray(position - this.heldAt, position - this.heldAt + count);
  }

  /** The file's descriptor; throws once it is closed. */
  private open(): number {
    if (this.fd < 0) throw new Error('data file read outside what was kept of it');
    return this.fd;
  }
}
