/** Hashes a file in chunks on a worker thread, while the thread that asked decodes it. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';

const { file, algorithm, port, flag } = workerData as { file: string; algorithm: string; port: MessagePort; flag: Int32Array };
let reply: { digest: string } | { error: string };
try {
  const hash = createHash(algorithm);
  const chunk = Buffer.allocUnsafe(8 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) hash.update(chunk.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  reply = { digest: hash.digest('hex') };
} catch (err) {
  reply = { error: (err as Error).message };
}
port.postMessage(reply);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
