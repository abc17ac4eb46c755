/** The number of bits set in a 32-bit integer (a set of at most 32 words, letters or requirements). */
export function bitCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}
