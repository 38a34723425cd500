import { cholBlock } from './cholBlock';
import { crossprodLowerInv } from './crossprodLowerInv';
import { invLower } from './invLower';

/**
 * Inverse of a small dense symmetric positive-definite n x n matrix A (row-major; only the lower triangle
 * is read): A = L L' (cholBlock), A^-1 = L^-T L^-1 (invLower, crossprodLowerInv). Returns a new, exactly
 * symmetric n x n array, or null when A is not positive definite (a pivot <= 0). A is not modified.
 * @example invSpd(Float64Array.of(4, 2, 2, 5), 2) // [0.3125, -0.125, -0.125, 0.25]
 */
export function invSpd(A: ArrayLike<number>, n: number): Float64Array | null {
  const L = Float64Array.from(A as ArrayLike<number>);
  if (!cholBlock(L, 0, n)) return null;
  return crossprodLowerInv(invLower(L, n), n);
}
