/** Writes the slots {@link WriteBehind} fills, in order, until the end mark (see write-behind.ts). */
import fs from 'node:fs';
import { workerData } from 'node:worker_threads';
import { ABANDONED, CONTROL, END, SLOT_BYTES, SLOTS, STARTED, type WriterData, type WriterError } from './write-behind.js';

const { fd, slots, control, port } = workerData as WriterData;
const bytes = new Uint8Array(slots);

function run(): void {
  // Given up on before it started: the other thread writes the slots.
  if (Atomics.compareExchange(control, CONTROL.state, 0, STARTED) === ABANDONED) return;
  Atomics.notify(control, CONTROL.state);
  try {
    for (let i = 0; ; i = (i + 1) % SLOTS) {
      let len: number;
      while ((len = Atomics.load(control, i)) === 0) Atomics.wait(control, i, 0);
      if (len === END) break;
      for (let off = 0; off < len;) off += fs.writeSync(fd, bytes, i * SLOT_BYTES + off, len - off);
      Atomics.store(control, i, 0);
      Atomics.notify(control, i);
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    port.postMessage({ message: e.message, code: e.code, errno: e.errno, syscall: e.syscall } satisfies WriterError);
    Atomics.store(control, CONTROL.failed, 1);
    // Frees every slot, so that the other thread, waiting for one, sees the failure.
    for (let i = 0; i < SLOTS; i++) {
      Atomics.store(control, i, 0);
      Atomics.notify(control, i);
    }
  } finally {
    Atomics.store(control, CONTROL.done, 1);
    Atomics.notify(control, CONTROL.done);
  }
}

run();
port.close();
