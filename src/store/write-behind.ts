/**
 * Writing a large file on a second thread. Copying bytes into the page cache is the
 * kernel's CPU time on the thread that writes (about 300 MB/s on this project's 2-core
 * machine): a million-post index is 1.1 GB, 3.5 s of its 6.6 s save, while the second
 * core idles. Here this thread goes on encoding and hashing while a worker writes what
 * came before, through a few fixed slots of shared memory: a part is copied into a free
 * slot (memory copies run at gigabytes a second), and the worker writes the slots in
 * order. The calls stay synchronous, so a save is still one uninterrupted step.
 */
import fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { workerExecArgv } from '../worker-exec-argv.js';

/** Slots of shared memory between this thread and the writer. */
export const SLOTS = 4;
/** Bytes of one slot. */
export const SLOT_BYTES = 16 << 20;
/** Default of `workerFromBytes`: below it a worker costs more to start than it saves. */
const WORKER_FROM_BYTES = 32 << 20;

/**
 * The control words after the slots' lengths. A slot's length is 0 when it is free, the
 * bytes to write when it is filled, {@link END} when the file ends there.
 */
export const CONTROL = {
  /** 0 until the worker starts, then 1; 2 when this thread gave up on it (it then writes nothing). */
  state: SLOTS,
  /** 1 once the worker has stopped (every slot written, or a write failed). */
  done: SLOTS + 1,
  /** 1 when a write failed (its error is posted on the port). */
  failed: SLOTS + 2,
} as const;
export const END = -1;
export const STARTED = 1;
export const ABANDONED = 2;

/** How long this thread waits for the worker to start before writing the slots itself. */
const START_WAIT_MS = 10_000;

/** What the worker is given. */
export interface WriterData {
  fd: number;
  slots: SharedArrayBuffer;
  control: Int32Array;
  port: MessagePort;
}

/** A write error as the worker posts it. */
export interface WriterError {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
}

/** Options of {@link WriteBehind}. */
export interface WriteBehindOptions {
  /** Bytes written on this thread before a worker takes over the writing. Default 32 MB. */
  workerFromBytes?: number;
  /** How long to wait for the worker to start before this thread writes instead. Default 10 s. @internal */
  startWaitMs?: number;
  /** The worker's script. @internal (tests: one that cannot start) */
  workerScript?: URL;
}

/**
 * Writes parts to `fd` in order, on this thread at first and on a worker once the file
 * is large. {@link finish} returns when every byte is written (before the caller's
 * fsync); a failed write throws there, or from the next {@link write}.
 *
 * @example
 * const writer = new WriteBehind(fd);
 * for (const part of parts) writer.write(part);
 * writer.finish();
 * fs.fsyncSync(fd);
 */
export class WriteBehind {
  private readonly workerFromBytes: number;
  private readonly startWaitMs: number;
  private readonly workerScript: URL;
  private written = 0;
  private worker: { slots: Uint8Array; control: Int32Array; port: MessagePort } | null = null;
  /** The slot being filled and how much of it is. */
  private slot = 0;
  private fill = 0;
  /** The slot last handed over (the slots after it, in turn, are the oldest filled). */
  private signaled = SLOTS - 1;
  private closed = false;

  constructor(
    private readonly fd: number,
    options: WriteBehindOptions = {},
  ) {
    this.workerFromBytes = options.workerFromBytes ?? WORKER_FROM_BYTES;
    this.startWaitMs = options.startWaitMs ?? START_WAIT_MS;
    this.workerScript = options.workerScript ?? new URL('./write-behind-worker.js', import.meta.url);
  }

  /** Whether a worker writes (for tests). */
  get onWorker(): boolean {
    return this.worker !== null;
  }

  write(part: Uint8Array): void {
    if (this.closed) throw new Error('write after finish');
    if (!this.worker) {
      if (this.written + part.length <= this.workerFromBytes) {
        writeAll(this.fd, part);
        this.written += part.length;
        return;
      }
      this.worker = startWorker(this.fd, this.workerScript);
    }
    const { slots } = this.worker;
    for (let off = 0; off < part.length;) {
      const n = Math.min(part.length - off, SLOT_BYTES - this.fill);
      slots.set(part.subarray(off, off + n), this.slot * SLOT_BYTES + this.fill);
      this.fill += n;
      off += n;
      if (this.fill === SLOT_BYTES) this.publish(this.fill);
    }
    this.written += part.length;
  }

  /** Returns once every part is in the file; throws the first failed write's error. */
  finish(): void {
    if (this.closed) return;
    this.closed = true;
    const w = this.worker;
    if (!w) return;
    if (this.fill > 0) this.publish(this.fill);
    this.signal(END);
    this.waitDone();
  }

  /**
   * Ends the file where it is after a failure of the caller's: returns once the worker has
   * stopped (the slots handed over are written, at most {@link SLOTS}), so that the file
   * may be closed and removed.
   */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    const w = this.worker;
    if (!w) return;
    try {
      this.signal(END);
      this.waitDone();
    } catch {
      // The caller's own failure is the one to report.
    }
  }

  /** Hands the filled slot to the worker and waits for the next to be free. */
  private publish(bytes: number): void {
    this.signal(bytes);
    this.slot = (this.slot + 1) % SLOTS;
    this.fill = 0;
    const { control } = this.worker!;
    for (let len = Atomics.load(control, this.slot); len !== 0; len = Atomics.load(control, this.slot)) {
      this.checkFailed();
      if (this.ensureStarted()) continue;
      Atomics.wait(control, this.slot, len);
    }
    this.checkFailed();
  }

  /** Marks the current slot as `length` (bytes, or END) and wakes the worker. */
  private signal(length: number): void {
    const { control } = this.worker!;
    Atomics.store(control, this.slot, length);
    Atomics.notify(control, this.slot);
    this.signaled = this.slot;
    // A worker given up on: this thread writes the slots itself.
    if (Atomics.load(control, CONTROL.state) === ABANDONED) this.writeSlotsHere();
  }

  private waitDone(): void {
    const { control } = this.worker!;
    while (Atomics.load(control, CONTROL.done) === 0) {
      if (this.ensureStarted()) continue;
      Atomics.wait(control, CONTROL.done, 0);
    }
    this.checkFailed();
  }

  /**
   * A worker that has not started after `startWaitMs` is given up on (it will write
   * nothing), and this thread writes the filled slots itself. True when it did.
   */
  private ensureStarted(): boolean {
    const { control } = this.worker!;
    if (Atomics.load(control, CONTROL.state) !== 0) return false;
    if (Atomics.wait(control, CONTROL.state, 0, this.startWaitMs) !== 'timed-out') return false;
    if (Atomics.compareExchange(control, CONTROL.state, 0, ABANDONED) !== 0) return false;
    this.writeSlotsHere();
    return true;
  }

  /** Writes the filled slots on this thread, oldest first (the worker was given up on before it started). */
  private writeSlotsHere(): void {
    const { control, slots } = this.worker!;
    for (let k = 1; k <= SLOTS; k++) {
      const i = (this.signaled + k) % SLOTS;
      const len = Atomics.load(control, i);
      if (len === END) {
        Atomics.store(control, CONTROL.done, 1);
        Atomics.store(control, i, 0);
      } else if (len > 0) {
        writeAll(this.fd, slots.subarray(i * SLOT_BYTES, i * SLOT_BYTES + len));
        Atomics.store(control, i, 0);
      }
    }
  }

  private checkFailed(): void {
    const w = this.worker!;
    if (Atomics.load(w.control, CONTROL.failed) === 0) return;
    const reply = receiveMessageOnPort(w.port)?.message as WriterError | undefined;
    throw Object.assign(new Error(reply?.message ?? 'the file writer failed'), {
      code: reply?.code,
      errno: reply?.errno,
      syscall: reply?.syscall,
    });
  }
}

function writeAll(fd: number, part: Uint8Array): void {
  for (let off = 0; off < part.length;) off += fs.writeSync(fd, part, off, part.length - off);
}

function startWorker(fd: number, script: URL): { slots: Uint8Array; control: Int32Array; port: MessagePort } {
  const slots = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  const control = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + 3)));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, {
    workerData: { fd, slots, control, port: port2 } satisfies WriterData,
    transferList: [port2],
    execArgv: workerExecArgv(),
  });
  // It ends by itself once the file is written; the process need not wait for its exit.
  worker.unref();
  // One that fails to start is given up on (ensureStarted); its error is not this process's.
  worker.on('error', () => {});
  return { slots: new Uint8Array(slots), control, port: port1 };
}
