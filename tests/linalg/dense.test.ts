/**
 * The small dense operations of src/linalg (SPD inverse and solve, general inverse, pseudo-inverse, products),
 * checked by their defining identities on random matrices: A A^-1 = I, A X = B, the Moore-Penrose conditions,
 * and entrywise definitions of the products.
 */
import { describe, expect, it } from 'vitest';
import {
  addScaled, cholBlock, cholSolve, invGeneral, invSpd, matmul, matmulSymmetric, pinvSymmetric, quadForm, spdSolve, traceProduct, transpose,
} from '../../src/linalg/index';
import { createRng } from '../../src/stats/random';

function randomMatrix(m: number, n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: m * n }, () => rng.normal());
}

/** B B' + shift I: symmetric positive definite for shift > 0. */
function randomSpd(n: number, seed: number, shift = 0.5): Float64Array {
  const B = randomMatrix(n, n, seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? shift : 0;
    for (let k = 0; k < n; k++) s += B[i * n + k]! * B[j * n + k]!;
    A[i * n + j] = s;
  }
  return A;
}

/** The textbook product, entry by entry. */
function naiveProduct(A: ArrayLike<number>, B: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let x = 0; x < k; x++) s += A[i * k + x]! * B[x * n + j]!;
    C[i * n + j] = s;
  }
  return C;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

function identity(n: number): Float64Array {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

describe('products', () => {
  it('matmul, matmulSymmetric, transpose, quadForm, traceProduct and addScaled follow their definitions', () => {
    for (const [m, k, n] of [[1, 1, 1], [3, 4, 2], [7, 5, 9]] as const) {
      const A = randomMatrix(m, k, m * 100 + k);
      const B = randomMatrix(k, n, n * 7 + 1);
      expect(maxAbsDiff(matmul(A, B, m, k, n), naiveProduct(A, B, m, k, n))).toBeLessThan(1e-13);
      const At = transpose(A, m, k);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) expect(At[j * m + i]).toBe(A[i * k + j]);
    }
    const n = 8;
    const A = randomSpd(n, 3);
    const N = randomSpd(n, 4);
    const ANA = naiveProduct(naiveProduct(A, N, n, n, n), A, n, n, n);
    const sym = matmulSymmetric(naiveProduct(A, N, n, n, n), A, n);
    expect(maxAbsDiff(sym, ANA)).toBeLessThan(1e-10 * Math.max(...Array.from(ANA, Math.abs)));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(sym[i * n + j]).toBe(sym[j * n + i]);
    const x = randomMatrix(n, 1, 5);
    const y = randomMatrix(n, 1, 6);
    expect(quadForm(x, A, y, n)).toBeCloseTo(naiveProduct(x, naiveProduct(A, y, n, n, 1), 1, n, 1)[0]!, 12);
    const AN = naiveProduct(A, N, n, n, n);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += AN[i * n + i]!;
    expect(traceProduct(A, N, n)).toBeCloseTo(tr, 10);
    const d = Float64Array.of(1, 2, 3);
    addScaled(d, [1, 1, 2], -2);
    expect(Array.from(d)).toEqual([-1, 0, -1]);
  });
});

describe('symmetric positive-definite inverse and solve', () => {
  it('invSpd: A A^-1 = I, exactly symmetric, A untouched; null when not positive definite', () => {
    for (const n of [1, 2, 5, 30]) {
      const A = randomSpd(n, n);
      const copy = Float64Array.from(A);
      const Ai = invSpd(A, n)!;
      expect(Ai).not.toBeNull();
      expect(A).toEqual(copy);
      expect(maxAbsDiff(naiveProduct(A, Ai, n, n, n), identity(n))).toBeLessThan(1e-9);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Ai[i * n + j]).toBe(Ai[j * n + i]);
    }
    expect(Array.from(invSpd(Float64Array.of(4, 2, 2, 5), 2)!)).toEqual([0.3125, -0.125, -0.125, 0.25]);
    expect(invSpd(Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
    expect(invSpd(Float64Array.of(0), 1)).toBeNull();
  });

  it('spdSolve and cholSolve: A X = B for one and several right-hand sides', () => {
    for (const [n, r] of [[1, 1], [4, 1], [12, 3]] as const) {
      const A = randomSpd(n, 40 + n);
      const B = randomMatrix(n, r, 50 + n);
      const X = spdSolve(A, B, n, r)!;
      expect(maxAbsDiff(naiveProduct(A, X, n, n, r), B)).toBeLessThan(1e-10);
      const L = Float64Array.from(A);
      expect(cholBlock(L, 0, n)).toBe(true);
      const Y = Float64Array.from(B);
      cholSolve(L, n, Y, r);
      expect(maxAbsDiff(Y, X)).toBe(0);
    }
    expect(Array.from(spdSolve(Float64Array.of(4, 2, 2, 5), Float64Array.of(2, 1), 2)!)).toEqual([0.5, 0]);
    expect(spdSolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBeNull();
  });
});

describe('general inverse and pseudo-inverse', () => {
  it('invGeneral inverts nonsymmetric matrices (pivoting needed) and returns null when singular', () => {
    expect(Array.from(invGeneral(Float64Array.of(0, 1, 1, 0), 2)!)).toEqual([0, 1, 1, 0]);
    for (const n of [3, 9]) {
      const A = randomMatrix(n, n, 70 + n);
      const Ai = invGeneral(A, n)!;
      expect(maxAbsDiff(naiveProduct(A, Ai, n, n, n), identity(n))).toBeLessThan(1e-10);
    }
    expect(invGeneral(Float64Array.of(1, 2, 2, 4), 2)).toBeNull();
  });

  it('pinvSymmetric satisfies the Moore-Penrose conditions on a rank-deficient matrix and inverts a regular one', () => {
    const n = 6;
    const B = randomMatrix(n, 3, 90);
    const A = naiveProduct(B, transpose(B, n, 3), n, 3, n); // rank 3
    const G = pinvSymmetric(A, n);
    const AGA = naiveProduct(naiveProduct(A, G, n, n, n), A, n, n, n);
    const GAG = naiveProduct(naiveProduct(G, A, n, n, n), G, n, n, n);
    expect(maxAbsDiff(AGA, A)).toBeLessThan(1e-10);
    expect(maxAbsDiff(GAG, G)).toBeLessThan(1e-10);
    const AG = naiveProduct(A, G, n, n, n);
    expect(maxAbsDiff(AG, transpose(AG, n, n))).toBeLessThan(1e-10);
    const S = randomSpd(4, 91);
    expect(maxAbsDiff(pinvSymmetric(S, 4), invSpd(S, 4)!)).toBeLessThan(1e-10);
  });
});
