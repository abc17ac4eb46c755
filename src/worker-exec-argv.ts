/**
 * Node options for a worker thread: the process's (the default), except under `node
 * --input-type=… -e`, whose flag a worker refuses; it then gets none.
 */
export function workerExecArgv(): string[] | undefined {
  return process.execArgv.some((a) => a.startsWith('--input-type')) ? [] : undefined;
}
