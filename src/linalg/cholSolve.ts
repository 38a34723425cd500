/**
 * Solves (L L') X = B in place for a lower-triangular n x n factor L (row-major, lower triangle read, as
 * cholBlock leaves it) and an n x r right-hand side B (row-major; r = 1 for a vector): forward substitution
 * with L, then back substitution with L'. B is overwritten by X.
 * @example const L = Float64Array.of(4, 2, 2, 5); cholBlock(L, 0, 2); const b = Float64Array.of(1, 2); cholSolve(L, 2, b); // b = A^-1 [1, 2]
 */
export function cholSolve(L: ArrayLike<number>, n: number, B: Float64Array, r = 1): void {
  for (let i = 0; i < n; i++) {
    const li = i * n;
    const d = L[li + i]!;
    for (let c = 0; c < r; c++) {
      let s = B[i * r + c]!;
      for (let k = 0; k < i; k++) s -= L[li + k]! * B[k * r + c]!;
      B[i * r + c] = s / d;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const d = L[i * n + i]!;
    for (let c = 0; c < r; c++) {
      let s = B[i * r + c]!;
      for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * B[k * r + c]!;
      B[i * r + c] = s / d;
    }
  }
}
