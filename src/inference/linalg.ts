/**
 * Small dense linear algebra on row-major Float64Arrays, for the inference code (Kenward-Roger's q2 x q2
 * blocks, p x p covariance matrices, the handful of variance parameters).
 */

/** C = A B for A (m x k) and B (k x n), row-major. */
import { symmetricEigen } from '../linalg/index';

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

/** C = A B for n x n A and B when the product is known to be symmetric: computes the lower triangle and mirrors it. */
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

/** A' (m x n -> n x m). */
export function transpose(A: ArrayLike<number>, m: number, n: number): Float64Array {
  const T = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) T[j * m + i] = A[i * n + j]!;
  return T;
}

/** In-place lower Cholesky factor of a symmetric positive definite n x n matrix (upper part zeroed). False if not PD. */
export function cholLowerInPlace(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = A[rj + j]!;
    for (let c = 0; c < j; c++) d -= A[rj + c]! * A[rj + c]!;
    if (!(d > 0)) return false;
    const djj = Math.sqrt(d);
    A[rj + j] = djj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = A[ri + j]!;
      for (let c = 0; c < j; c++) s -= A[ri + c]! * A[rj + c]!;
      A[ri + j] = s / djj;
    }
    for (let c = j + 1; c < n; c++) A[rj + c] = 0;
  }
  return true;
}

/** Inverse of a lower-triangular n x n matrix (row-major), lower triangular. */
export function invLowerTriangular(L: ArrayLike<number>, n: number): Float64Array {
  const X = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    X[j * n + j] = 1 / L[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      const ri = i * n;
      for (let c = j; c < i; c++) s += L[ri + c]! * X[c * n + j]!;
      X[ri + j] = -s / L[ri + i]!;
    }
  }
  return X;
}

/** Inverse of a symmetric positive definite matrix (via Cholesky, row-oriented). Throws if not positive definite. */
export function invSpd(A: ArrayLike<number>, n: number): Float64Array {
  const L = Float64Array.from(A as ArrayLike<number>);
  if (!cholLowerInPlace(L, n)) throw new Error('matrix is not positive definite');
  // X = L^-1 by forward substitution on rows: X[i,:] = (e_i - sum_{c<i} L[i,c] X[c,:]) / L[i,i].
  const X = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    X[ri + i] = 1;
    for (let c = 0; c < i; c++) {
      const l = L[ri + c]!;
      if (l === 0) continue;
      const rc = c * n;
      for (let j = 0; j <= c; j++) X[ri + j] -= l * X[rc + j]!;
    }
    const d = 1 / L[ri + i]!;
    for (let j = 0; j <= i; j++) X[ri + j] *= d;
  }
  // A^-1 = X' X = sum_c X[c,:]' X[c,:]  (lower triangle, then mirrored)
  const out = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const rc = c * n;
    for (let i = 0; i <= c; i++) {
      const xi = X[rc + i]!;
      if (xi === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) out[ri + j] += xi * X[rc + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j]!;
  return out;
}

/** Inverse of a general small n x n matrix by Gauss-Jordan elimination with partial pivoting. */
export function invGeneral(A: ArrayLike<number>, n: number): Float64Array {
  const M = Float64Array.from(A as ArrayLike<number>);
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]!) > Math.abs(M[piv * n + c]!)) piv = r;
    if (M[piv * n + c] === 0) throw new Error('matrix is singular');
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        [M[c * n + j], M[piv * n + j]] = [M[piv * n + j]!, M[c * n + j]!];
        [I[c * n + j], I[piv * n + j]] = [I[piv * n + j]!, I[c * n + j]!];
      }
    }
    const d = M[c * n + c]!;
    for (let j = 0; j < n; j++) {
      M[c * n + j] /= d;
      I[c * n + j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r * n + c]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        M[r * n + j] -= f * M[c * n + j]!;
        I[r * n + j] -= f * I[c * n + j]!;
      }
    }
  }
  return I;
}

/** Moore-Penrose pseudo-inverse of a small symmetric matrix (MASS::ginv's tolerance: sqrt(eps) x largest |eigenvalue|). */
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

/** Quadratic form x' A y for an n x n matrix. */
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
