/**
 * File checksums that run beside other work: a large index is hashed on a worker thread
 * while the loading thread decodes it (both take about as long as reading the file).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { workerExecArgv } from '../worker-exec-argv.js';

/** The algorithm of index checksums: SHA-1 guards against corruption (not forgery) at four times SHA-256's speed here. */
export const CHECKSUM = 'sha1';

/** Below this size a worker costs more than it saves. */
const WORKER_MIN_BYTES = 16 << 20;

type WorkerReply = { digest: string } | { error: string } | undefined;

/** A checksum worker hashing `file`: it posts its reply on `port`, then raises `flag`. */
function hashOnWorker(file: string, algorithm: string): { worker: Worker; port: MessagePort; flag: Int32Array } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./checksum-worker.js', import.meta.url), {
    workerData: { file, algorithm, port: port2, flag },
    transferList: [port2],
    execArgv: workerExecArgv(),
  });
  return { worker, port: port1, flag };
}

/** `algorithm:hex` from a worker's reply, or the worker's failure. */
function digestOf(algorithm: string, reply: WorkerReply): string {
  if (!reply || 'error' in reply) throw new Error(reply ? reply.error : 'the checksum worker failed');
  return `${algorithm}:${reply.digest}`;
}

/** Starts hashing `file`; the returned function waits for and returns `algorithm:hex`. */
export function startChecksum(file: string, algorithm: string): () => string {
  if (fs.statSync(file).size < WORKER_MIN_BYTES) {
    const digest = createHash(algorithm).update(fs.readFileSync(file)).digest('hex');
    return () => `${algorithm}:${digest}`;
  }
  const { worker, port, flag } = hashOnWorker(file, algorithm);
  worker.unref();
  return () => {
    Atomics.wait(flag, 0, 0);
    const reply = receiveMessageOnPort(port)?.message as WorkerReply;
    port.close();
    return digestOf(algorithm, reply);
  };
}

/**
 * `algorithm:hex` of `file`, computed without holding up this thread: on a worker thread
 * for a large file, read and hashed in pieces between other work for a small one.
 */
export function checksumInBackground(file: string, algorithm: string): Promise<string> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    return Promise.reject(err as Error);
  }
  if (size < WORKER_MIN_BYTES) {
    return new Promise((resolve, reject) => {
      const hash = createHash(algorithm);
      fs.createReadStream(file)
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(`${algorithm}:${hash.digest('hex')}`));
    });
  }
  return new Promise((resolve, reject) => {
    const { worker, port } = hashOnWorker(file, algorithm);
    const settle = (reply: WorkerReply): void => {
      port.close();
      try {
        resolve(digestOf(algorithm, reply));
      } catch (err) {
        reject(err as Error);
      }
    };
    port.once('message', settle);
    // A reply may still sit in the port when the exit is reported; none at all means the worker failed.
    worker.once('exit', () => settle(receiveMessageOnPort(port)?.message as WorkerReply));
  });
}
