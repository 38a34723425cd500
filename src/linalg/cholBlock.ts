/**
 * Cholesky factor of one small k x k symmetric positive-definite block, in place.
 *
 * `a[off + r*k + c]` holds the block row-major; on return its lower triangle (r >= c) holds L with
 * L L' = A (the upper triangle is left as it was). Returns false when A is not positive definite.
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
    for (let i = j + 1; i < k; i++) {
      const ri = off + i * k;
      let s = a[ri + j]!;
      for (let c = 0; c < j; c++) s -= a[ri + c]! * a[rj + c]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}
