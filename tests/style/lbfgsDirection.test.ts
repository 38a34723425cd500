/**
 * lbfgsDirection (the fused two-loop recursion of src/style/lbfgs.ts) against the textbook two-loop
 * recursion (Nocedal & Wright, Algorithm 7.4) written out with separate dot products: the same
 * direction and slope, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random';
import { lbfgsDirection } from '../../src/style/lbfgs';

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The textbook recursion: q = -g; alpha_j = rho_j s_j.q, q -= alpha_j y_j (newest first); q *= s.y / y.y of the newest; beta = rho_j y_j.q, q += (alpha_j - beta) s_j (oldest first). */
function naiveDirection(g: Float64Array, S: Float64Array[], Y: Float64Array[]): { dir: Float64Array; slope: number } {
  const n = g.length;
  const L = S.length;
  const rho = S.map((s, j) => 1 / dot(s, Y[j]!));
  const q = Float64Array.from(g, (v) => -v);
  const alpha = new Array<number>(L).fill(0);
  for (let j = L - 1; j >= 0; j--) {
    alpha[j] = rho[j]! * dot(S[j]!, q);
    for (let i = 0; i < n; i++) q[i]! -= alpha[j]! * Y[j]![i]!;
  }
  if (L > 0) {
    const gamma = dot(S[L - 1]!, Y[L - 1]!) / dot(Y[L - 1]!, Y[L - 1]!);
    for (let i = 0; i < n; i++) q[i]! *= gamma;
  }
  for (let j = 0; j < L; j++) {
    const beta = rho[j]! * dot(Y[j]!, q);
    for (let i = 0; i < n; i++) q[i]! += (alpha[j]! - beta) * S[j]![i]!;
  }
  return { dir: q, slope: dot(g, q) };
}

function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Correction pairs of a convex quadratic (y = A s for an SPD A), so s.y > 0 as L-BFGS stores them. */
function pairs(n: number, L: number, seed: number): { g: Float64Array; S: Float64Array[]; Y: Float64Array[] } {
  const rng = createRng(seed);
  const B = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
  const A = (v: Float64Array) => Float64Array.from({ length: n }, (_, i) => {
    let s = 2 * v[i]!;
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) s += B[k]![i]! * B[k]![j]! * v[j]!;
    return s;
  });
  const S = Array.from({ length: L }, () => Float64Array.from({ length: n }, () => rng.normal()));
  return { g: Float64Array.from({ length: n }, () => rng.normal()), S, Y: S.map(A) };
}

describe('lbfgsDirection', () => {
  it('with no stored pairs is steepest descent: dir = -g, slope = -g.g', () => {
    const g = Float64Array.of(1.5, -2, 0.25);
    const dir = new Float64Array(3);
    const slope = lbfgsDirection(dir, g, [], [], [], [], [], new Float64Array(0));
    expect(Array.from(dir)).toEqual([-1.5, 2, -0.25]);
    expect(slope).toBe(-(1.5 * 1.5 + 2 * 2 + 0.25 * 0.25));
  });
  for (const [n, L] of [[1, 1], [5, 1], [7, 2], [12, 5], [30, 10]] as const) {
    it(`equals the textbook two-loop recursion bit for bit (n = ${n}, ${L} pairs)`, () => {
      for (const seed of [1, 2]) {
        const { g, S, Y } = pairs(n, L, seed + 100 * n + L);
        const sy = S.map((s, j) => dot(s, Y[j]!));
        const yy = Y.map((y) => dot(y, y));
        const rho = sy.map((v) => 1 / v);
        const dir = new Float64Array(n);
        const slope = lbfgsDirection(dir, g, S, Y, rho, sy, yy, new Float64Array(L));
        const want = naiveDirection(g, S, Y);
        expect(identical(dir, want.dir)).toBe(true);
        expect(Object.is(slope, want.slope)).toBe(true);
        expect(slope).toBeLessThan(0); // a descent direction: H is positive definite
      }
    });
  }
});
