/**
 * C = A B for n x n row-major A and B when the product is known to be symmetric (e.g. A N A with N
 * symmetric): computes the lower triangle and mirrors it, so C is exactly symmetric.
 * @example matmulSymmetric(A, B, n) // = matmul(A, B, n, n, n) up to rounding, exactly symmetric
 */
export function matmulSymmetric(A: ArrayLike<number>, B: ArrayLike<number>, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let x = 0; x < n; x++) {
      const a = A[ci + x]!;
      if (a === 0) continue;
      const bx = x * n;
      for (let j = 0; j <= i; j++) C[ci + j] += a * B[bx + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) C[j * n + i] = C[i * n + j]!;
  return C;
}
