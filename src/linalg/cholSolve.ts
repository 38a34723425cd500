/**
 * Solves (L L') X = B in place for a lower-triangular n x n Cholesky factor L (row-major, lower triangle
 * read, as cholBlock or cholEnvelope leave it) and an n x r right-hand side B (row-major; r = 1 for a
 * vector): forward substitution L Y = B, then back substitution L' X = Y (row-oriented: once x_i is known
 * its column is removed from the rows above). B is overwritten by X. `offsets` place L and B inside larger
 * arrays (e.g. one diagonal block of a block-diagonal factor).
 * @example const l = Float64Array.of(2, 0, 1, 2); const b = Float64Array.of(4, 5); cholSolve(l, 2, b); // b = [0.625, 0.75] (A = [[4, 2], [2, 5]])
 */
export function cholSolve(L: ArrayLike<number>, n: number, B: Float64Array, r = 1, offsets: { l?: number; b?: number } = {}): void {
  const lo = offsets.l ?? 0;
  const bo = offsets.b ?? 0;
  for (let i = 0; i < n; i++) {
    const ri = lo + i * n;
    const d = L[ri + i]!;
    for (let c = 0; c < r; c++) {
      let s = B[bo + i * r + c]!;
      for (let k = 0; k < i; k++) s -= L[ri + k]! * B[bo + k * r + c]!;
      B[bo + i * r + c] = s / d;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = lo + i * n;
    const d = L[ri + i]!;
    for (let c = 0; c < r; c++) {
      const xi = B[bo + i * r + c]! / d;
      B[bo + i * r + c] = xi;
      for (let k = 0; k < i; k++) B[bo + k * r + c] -= L[ri + k]! * xi;
    }
  }
}
