/**
 * File checksums that run beside other work: a large index is hashed on a worker thread
 * while the loading thread decodes it (both take about as long as reading the file).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { workerExecArgv } from '../worker-exec-argv.js';

/** Below this size a worker costs more than it saves. */
const WORKER_MIN_BYTES = 16 << 20;

/** Starts hashing `file`; the returned function waits for and returns `algorithm:hex`. */
export function startChecksum(file: string, algorithm: string): () => string {
  if (fs.statSync(file).size < WORKER_MIN_BYTES) {
    const digest = createHash(algorithm).update(fs.readFileSync(file)).digest('hex');
    return () => `${algorithm}:${digest}`;
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./checksum-worker.js', import.meta.url), {
    workerData: { file, algorithm, port: port2, flag },
    transferList: [port2],
    execArgv: workerExecArgv(),
  });
  worker.unref();
  return () => {
    Atomics.wait(flag, 0, 0);
    const reply = receiveMessageOnPort(port1)?.message as { digest: string } | { error: string } | undefined;
    port1.close();
    if (!reply || 'error' in reply) throw new Error(reply ? reply.error : 'the checksum worker failed');
    return `${algorithm}:${reply.digest}`;
  };
}
