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
export async function runStepsInSlices<T>(steps: Steps<T>, sliceMs = 8): Promise<T> {
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
