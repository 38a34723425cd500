/**
 * Cholesky factor of one small k x k symmetric positive-definite block, in place.
 *
 * `a[off + r*k + c]` holds the block row-major; on return its lower triangle (r >= c) holds L with
 * L L' = A (the upper triangle is left as it was). Returns false when A is not positive definite.
 * The entries of a column below the diagonal are computed four rows at a time: each is still the same
 * sum in the same order (so the same factor, bit for bit), the processor just overlaps four of them.
 * @example const a = Float64Array.of(4, 2, 2, 5); cholBlock(a, 0, 2); // a = [2, 2, 1, 2] (lower: 2; 1 2)
 */
export function cholBlock(a: Float64Array, off: number, k: number): boolean {
  if (k === 1) {
    const d = a[off]!;
    if (!(d > 0)) return false;
    a[off] = Math.sqrt(d);
    return true;
  }
  for (let j = 0; j < k; j++) {
    const rj = off + j * k;
    let d = a[rj + j]!;
    for (let c = 0; c < j; c++) d -= a[rj + c]! * a[rj + c]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    let i = j + 1;
    for (; i + 3 < k; i += 4) {
      const r0 = off + i * k;
      const r1 = r0 + k;
      const r2 = r1 + k;
      const r3 = r2 + k;
      let s0 = a[r0 + j]!;
      let s1 = a[r1 + j]!;
      let s2 = a[r2 + j]!;
      let s3 = a[r3 + j]!;
      for (let c = 0; c < j; c++) {
        const l = a[rj + c]!;
        s0 -= a[r0 + c]! * l;
        s1 -= a[r1 + c]! * l;
        s2 -= a[r2 + c]! * l;
        s3 -= a[r3 + c]! * l;
      }
      a[r0 + j] = s0 / ljj;
      a[r1 + j] = s1 / ljj;
      a[r2 + j] = s2 / ljj;
      a[r3 + j] = s3 / ljj;
    }
    for (; i < k; i++) {
      const ri = off + i * k;
      let s = a[ri + j]!;
      for (let c = 0; c < j; c++) s -= a[ri + c]! * a[rj + c]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}
