/**
 * A' for an m x n row-major A: a new n x m row-major array.
 * @example transpose(Float64Array.of(1, 2, 3), 1, 3) // the 3 x 1 column [1, 2, 3]
 */
export function transpose(A: ArrayLike<number>, m: number, n: number): Float64Array {
  const T = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) T[j * m + i] = A[i * n + j]!;
  return T;
}
