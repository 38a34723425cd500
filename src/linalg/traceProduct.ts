/**
 * tr(A B) = sum_ij A_ij B_ji for n x n row-major A and B, without forming the product.
 * @example traceProduct(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 0, 0, 1), 2) // 5
 */
export function traceProduct(A: ArrayLike<number>, B: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += A[i * n + j]! * B[j * n + i]!;
  return s;
}
