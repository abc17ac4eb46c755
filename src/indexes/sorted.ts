/** Sorted arrays: binary search by a string key or of a number, and the first few items of an order. */

/** The index of `x` in the ascending numbers of `sorted`, or -1. */
export function indexOfNumber(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === x ? lo : -1;
}

/** The first index whose key is not below `key`. */
export function lowerBound<T>(sorted: readonly T[], key: string, keyOf: (item: T) => string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid]!) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first `n` items in `compare`'s order. For a few out of many, a bounded insertion
 * keeps the best `n` seen so far instead of sorting them all: most items are compared
 * once. `compare` must be a total order for the answer to equal a sort's. `items` may
 * be reordered (sorted in place when most of them are wanted).
 */
export function firstN<T>(items: T[], n: number, compare: (a: T, b: T) => number): T[] {
  if (n <= 0) return [];
  if (n > 64 || items.length <= 4 * n) return items.sort(compare).slice(0, n);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === n && compare(item, top[n - 1]!) >= 0) continue;
    let i = Math.min(top.length, n - 1);
    if (top.length < n) top.push(item);
    while (i > 0 && compare(item, top[i - 1]!) < 0) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = item;
  }
  return top;
}
