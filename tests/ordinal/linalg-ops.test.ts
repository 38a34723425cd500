/**
 * The toolbox operations the ordinal models added to src/linalg (cholSolve, cholInverse), checked against
 * an independent solver (luSolve) and by reconstruction (A A^-1 = I), on both the JavaScript and the SIMD
 * paths (orders below and above SIMD_MIN_ORDER, even and odd).
 */
import { describe, expect, it } from 'vitest';
import { cholEnvelope, cholInverse, cholSolve, luSolve } from '../../src/linalg/index';
import { SIMD_MIN_ORDER } from '../../src/linalg/cholEnvelope';
import { createRng } from '../../src/stats/random';

/** A random SPD m x m matrix (row-major): B B' + I with B standard normal, condition number ~ m. */
function randomSpd(m: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const B = Float64Array.from({ length: m * m }, () => rng.normal());
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += B[i * m + k]! * B[j * m + k]!;
    A[i * m + j] = A[j * m + i] = s + (i === j ? 1 : 0);
  }
  return A;
}

function factor(A: Float64Array, m: number): Float64Array {
  const L = Float64Array.from(A);
  expect(cholEnvelope(L, m, new Int32Array(m))).toBe(-1);
  return L;
}

const ORDERS = [1, 2, 3, 5, 8, 13, SIMD_MIN_ORDER - 1, SIMD_MIN_ORDER, SIMD_MIN_ORDER + 1, 101];

describe('cholSolve', () => {
  it('gives the example in its doc comment', () => {
    const b = Float64Array.of(4, 5);
    cholSolve(Float64Array.of(2, 0, 1, 2), 2, b);
    expect(Array.from(b)).toEqual([0.625, 0.75]);
  });

  it('solves (L L\') x = b as LU does, at an offset in both arrays', () => {
    for (const m of ORDERS) {
      const A = randomSpd(m, 100 + m);
      const L = factor(A, m);
      const rng = createRng(7 + m);
      const b = Float64Array.from({ length: m }, () => rng.normal());
      const ref = luSolve(A, b, m)!;
      const lpad = new Float64Array(3 + m * m);
      lpad.set(L, 3);
      const x = new Float64Array(2 + m);
      x.set(b, 2);
      cholSolve(lpad, m, x, 1, { l: 3, b: 2 });
      for (let i = 0; i < m; i++) expect(Math.abs(x[2 + i]! - ref[i]!)).toBeLessThan(1e-10 * (1 + Math.abs(ref[i]!)));
    }
  });
});

describe('cholInverse', () => {
  it('gives the example in its doc comment', () => {
    const inv = new Float64Array(4);
    cholInverse(Float64Array.of(2, 0, 1, 2), 0, 2, inv);
    expect(Array.from(inv)).toEqual([0.3125, -0.125, -0.125, 0.25]);
  });

  for (const simd of [true, false]) {
    it(`inverts SPD matrices of orders 1 to 101 (${simd ? 'SIMD where available' : 'JavaScript only'}): A X = I, X symmetric, = LU's inverse`, () => {
      for (const m of ORDERS) {
        const A = randomSpd(m, 200 + m);
        const L = factor(A, m);
        // Garbage above the diagonal of L must not be read.
        for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) L[i * m + j] = 1e6;
        const out = new Float64Array(5 + m * m).fill(NaN);
        cholInverse(L, 0, m, out, 5, { simd });
        const X = out.subarray(5);
        const I = new Float64Array(m * m);
        for (let i = 0; i < m; i++) I[i * m + i] = 1;
        const ref = luSolve(A, I, m, m)!;
        let worst = 0;
        let scale = 0;
        for (let k = 0; k < m * m; k++) scale = Math.max(scale, Math.abs(ref[k]!));
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
          expect(X[i * m + j]).toBe(X[j * m + i]);
          worst = Math.max(worst, Math.abs(X[i * m + j]! - ref[i * m + j]!));
          let s = 0;
          for (let k = 0; k < m; k++) s += A[i * m + k]! * X[k * m + j]!;
          expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-9);
        }
        expect(worst / scale).toBeLessThan(1e-11);
      }
    });
  }
});
