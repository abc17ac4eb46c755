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
export function unionAll(lists: ArrayLike<number>[]): ArrayLike<number> {
  if (lists.length === 1) return lists[0]!;
  let total = 0;
  let max = -1;
  for (const l of lists) {
    total += l.length;
    if (l.length > 0) max = Math.max(max, l[l.length - 1]!);
  }
  if (total === 0) return [];
  // Many slots: mark them in a bitmap and read it in order (linear, no hashing).
  if (total > 4096 && total * 4 > max >>> 3) {
    const marks = new Uint8Array(max + 1);
    for (const l of lists) for (let i = 0; i < l.length; i++) marks[l[i]!] = 1;
    const out = new Int32Array(total);
    let n = 0;
    for (let s = 0; s <= max; s++) if (marks[s]) out[n++] = s;
    return out.subarray(0, n);
  }
  const all = new Int32Array(total);
  let at = 0;
  for (const l of lists) for (let i = 0; i < l.length; i++) all[at++] = l[i]!;
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}
