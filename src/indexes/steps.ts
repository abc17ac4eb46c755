/**
 * Work that can pause: a generator that yields wherever it may stop for a while. A load
 * or a lookup build written this way runs to completion in one go (`runSteps`, for a
 * library caller or a worker) or in slices between which a server answers requests
 * (`runStepsInSlices`), with one body of code for both.
 */
export type Steps<T = void> = Generator<void, T, void>;

/** Runs `steps` to the end at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs `steps` in slices of about `sliceMs`, letting the event loop run between them. */
export async function runStepsInSlices<T>(steps: Steps<T>, sliceMs = 4): Promise<T> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
}

/** Items a step sorts or merges before it may pause. */
const SORT_RUN = 2048;

/**
 * Sorts `items` in place with `compare`, pausing between runs and within merges: a merge
 * sort whose steps each handle a few thousand items (one `Array.sort` of 100,000 strings
 * holds a thread for tens of milliseconds). Stable, as `Array.prototype.sort` is.
 */
export function* sortInSteps<T>(items: T[], compare: (a: T, b: T) => number): Steps {
  const n = items.length;
  for (let i = 0; i < n; i += SORT_RUN) {
    const run = items.slice(i, i + SORT_RUN).sort(compare);
    for (let j = 0; j < run.length; j++) items[i + j] = run[j]!;
    yield;
  }
  let from = items;
  let to = new Array<T>(n);
  for (let width = SORT_RUN; width < n; width *= 2) {
    let out = 0;
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let a = lo;
      let b = mid;
      while (a < mid || b < hi) {
        // The left run's item first on ties: stable.
        to[out++] = b >= hi || (a < mid && compare(from[a]!, from[b]!) <= 0) ? from[a++]! : from[b++]!;
        if (out % SORT_RUN === 0) yield;
      }
    }
    [from, to] = [to, from];
  }
  if (from !== items) for (let i = 0; i < n; i++) items[i] = from[i]!;
}
