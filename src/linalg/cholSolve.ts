/**
 * Solves (L L') x = b in place for a lower Cholesky factor L (m x m row-major at `loff`, lower triangle
 * read, e.g. from cholEnvelope or cholBlock) and a right-hand side of length m at b[boff ...]: forward
 * substitution L y = b, then back substitution L' x = y.
 * @example const l = Float64Array.of(2, 0, 1, 2); const b = Float64Array.of(4, 5); cholSolve(l, 0, 2, b); // b = [0.625, 0.75] (A = [[4, 2], [2, 5]])
 */
export function cholSolve(l: Float64Array, loff: number, m: number, b: Float64Array, boff = 0): void {
  for (let i = 0; i < m; i++) {
    const ri = loff + i * m;
    let s = b[boff + i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[boff + k]!;
    b[boff + i] = s / l[ri + i]!;
  }
  // L' x = y, row-oriented: once x_i is known, remove its column from the rows above.
  for (let i = m - 1; i >= 0; i--) {
    const ri = loff + i * m;
    const xi = b[boff + i]! / l[ri + i]!;
    b[boff + i] = xi;
    for (let k = 0; k < i; k++) b[boff + k] -= l[ri + k]! * xi;
  }
}
