/** The value at share `p` (0 to 1) of `values` in ascending order: nearest rank, as the benchmarks report percentiles. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
