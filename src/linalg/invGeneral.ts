import { luSolve } from './luSolve';

/**
 * Inverse of a small general (square, nonsymmetric allowed) n x n matrix A (row-major), by LU with partial
 * pivoting (luSolve against the identity). Returns a new n x n array, or null when A is numerically
 * singular: a pivot at or below `tol` times the largest |entry| (tol = 0: only an exact zero pivot).
 * For a symmetric positive-definite A use invSpd.
 * @example invGeneral(Float64Array.of(0, 1, 1, 0), 2) // [0, 1, 1, 0]
 */
export function invGeneral(A: ArrayLike<number>, n: number, tol = 0): Float64Array | null {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return luSolve(A, I, n, n, tol);
}
