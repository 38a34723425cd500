import { cholBlock } from './cholBlock';
import { cholSolve } from './cholSolve';

/**
 * Solves A X = B for a small dense symmetric positive-definite n x n matrix A (row-major; only the lower
 * triangle is read) and an n x r right-hand side B (row-major; r = 1 for a vector), by Cholesky (cholBlock,
 * cholSolve). Returns X as a new n x r array, or null when A is not positive definite. A and B are not
 * modified. To solve several systems with the same A, factor it once with cholBlock and call cholSolve.
 * @example spdSolve(Float64Array.of(4, 2, 2, 5), Float64Array.of(2, 1), 2) // [0.5, 0]
 */
export function spdSolve(A: ArrayLike<number>, B: ArrayLike<number>, n: number, r = 1): Float64Array | null {
  const L = Float64Array.from(A as ArrayLike<number>);
  if (!cholBlock(L, 0, n)) return null;
  const X = Float64Array.from(B as ArrayLike<number>);
  cholSolve(L, n, X, r);
  return X;
}
