/**
 * The bilinear form x' A y for an n x n row-major A (x' A x for a quadratic form, e.g. the variance
 * L V L' of a contrast).
 * @example quadForm([1, -1], Float64Array.of(2, 1, 1, 3), [1, -1], 2) // 3
 */
export function quadForm(x: ArrayLike<number>, A: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    let r = 0;
    for (let j = 0; j < n; j++) r += A[i * n + j]! * y[j]!;
    s += xi * r;
  }
  return s;
}
