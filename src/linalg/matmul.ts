/**
 * C = A B for A (m x k) and B (k x n), all row-major; a new m x n array.
 * @example matmul(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 0, 0, 1), 2, 2, 2) // [1, 2, 3, 4]
 */
export function matmul(A: ArrayLike<number>, B: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let x = 0; x < k; x++) {
      const a = A[i * k + x]!;
      if (a === 0) continue;
      const bx = x * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bx + j]!;
    }
  }
  return C;
}
