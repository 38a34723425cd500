import { symmetricEigen } from './symmetricEigen';

/**
 * Moore-Penrose pseudo-inverse of a small symmetric n x n matrix (row-major) from its eigen-decomposition,
 * dropping eigenvalues with |lambda| <= sqrt(eps) max |lambda| (the tolerance of MASS::ginv).
 * @example pinvSymmetric(Float64Array.of(1, 1, 1, 1), 2) // [0.25, 0.25, 0.25, 0.25]
 */
export function pinvSymmetric(A: ArrayLike<number>, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(A, n);
  const mx = Math.max(...Array.from(values, Math.abs));
  const tol = Math.sqrt(2.220446049250313e-16) * mx;
  const out = new Float64Array(n * n);
  for (let e = 0; e < n; e++) {
    const lam = values[e]!;
    if (!(Math.abs(lam) > tol)) continue;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] += (vectors[i * n + e]! * vectors[j * n + e]!) / lam;
  }
  return out;
}
