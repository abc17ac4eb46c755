/** Which V8 flags `serve` sets for itself once its index is loaded. */
import v8 from 'node:v8';

/**
 * V8 settings for serving, each unless node was given its own (docs/reliability.md):
 *
 * - `--heap-growing-percent=100`: how far a heap may grow past what its last full
 *   collection kept before the next one starts; V8's own choice for a heap of this size
 *   is about 30–50. Under load, what in-flight requests leave behind fills the main
 *   thread's old space, and each full collection holds up every request in flight for
 *   10–20 ms when both cores are busy: at 100 there are about a third fewer of them, for
 *   at most the live heap again in memory.
 * - `--no-parallel-scavenge`: a young-generation collection is done by the thread whose
 *   heap it is, not shared with V8's helper threads. With the main thread, the search
 *   thread and a client keeping two cores busy, a helper waits for a core while the
 *   collecting thread, and every request it holds, waits for the helper. Serial
 *   scavenges of the main thread took 1.7–2.5 ms on average against 2.8–2.9 ms, and in
 *   runs where the helpers spun (3 of 12) they used 51–54 µs of CPU per search and p99
 *   rose to 31–35 ms (docs/http-load.md).
 *
 * They are the process's: a reindex asked of the server (POST /api/admin/reindex) runs
 * with them too.
 */
export const SERVING_V8_FLAGS = ['--heap-growing-percent=100', '--no-parallel-scavenge'];

/** A V8 flag's name: `--no-parallel-scavenge` and `--parallel_scavenge=1` are both `parallel-scavenge`. */
function flagName(flag: string): string {
  return flag
    .replace(/^--(no-)?/, '')
    .split('=')[0]!
    .replaceAll('_', '-');
}

/** The flags of {@link SERVING_V8_FLAGS} that node's own options (`execArgv`) leave to us. */
export function servingV8Flags(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.filter((a) => a.startsWith('--')).map(flagName));
  return SERVING_V8_FLAGS.filter((flag) => !given.has(flagName(flag)));
}

/** Sets the serving flags that node was not given. */
export function useServingV8Flags(): void {
  for (const flag of servingV8Flags(process.execArgv)) v8.setFlagsFromString(flag);
}
