/** Sorted lists of document slots and the set operations the search needs on them. */

/** Intersection of two ascending lists. */
export function intersect(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  if (a.length > b.length) [a, b] = [b, a];
  const out: number[] = [];
  if (a.length === 0) return out;
  if (b.length > 16 * a.length) {
    // Galloping: binary search each element of the short list in the long one.
    let lo = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      let hi = b.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      if (lo < b.length && b[lo] === x) out.push(x);
    }
    return out;
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Intersection of several ascending lists, shortest first. */
export function intersectAll(lists: ArrayLike<number>[]): ArrayLike<number> {
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0]!;
  const sorted = [...lists].sort((x, y) => x.length - y.length);
  let acc: ArrayLike<number> = sorted[0]!;
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect(acc, sorted[i]!);
  return acc;
}

/** Union of ascending lists, ascending and without duplicates. */
export function unionAll(lists: ArrayLike<number>[]): number[] {
  const seen = new Set<number>();
  for (const l of lists) for (let i = 0; i < l.length; i++) seen.add(l[i]!);
  return [...seen].sort((x, y) => x - y);
}
