/**
 * cholBlock (rows below the diagonal four at a time) against the plain unblocked Cholesky-Crout loop
 * it replaced: the same factor bit for bit on random SPD blocks of every size 1..13 (all remainders of
 * four), at an offset inside a larger array, with the upper triangle and the rest untouched; and
 * L L' = A to rounding.
 */
import { describe, expect, it } from 'vitest';
import { cholBlock } from '../../src/linalg/cholBlock';
import { createRng } from '../../src/stats/random';

/** The unblocked loop: L_jj = sqrt(A_jj - sum_c<j L_jc^2), L_ij = (A_ij - sum_c<j L_ic L_jc) / L_jj, c ascending. */
function plainChol(a: Float64Array, off: number, k: number): boolean {
  for (let j = 0; j < k; j++) {
    const rj = off + j * k;
    let d = a[rj + j]!;
    for (let c = 0; c < j; c++) d -= a[rj + c]! * a[rj + c]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      const ri = off + i * k;
      let s = a[ri + j]!;
      for (let c = 0; c < j; c++) s -= a[ri + c]! * a[rj + c]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

/** B B' + 0.1 I (k x k, row-major) with B N(0, 1): SPD with a spread of eigenvalues. */
function randomSpd(k: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const B = Float64Array.from({ length: k * k }, () => rng.normal());
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = i === j ? 0.1 : 0;
    for (let c = 0; c < k; c++) s += B[i * k + c]! * B[j * k + c]!;
    A[i * k + j] = s;
  }
  return A;
}

describe('cholBlock', () => {
  for (let k = 1; k <= 13; k++) {
    it(`equals the unblocked factor bit for bit (k = ${k}, at an offset)`, () => {
      const A = randomSpd(k, 1000 + k);
      const off = 3;
      const buf = new Float64Array(off + k * k + 2).fill(-7.25);
      buf.set(A, off);
      const ref = Float64Array.from(buf);
      expect(cholBlock(buf, off, k)).toBe(true);
      expect(plainChol(ref, off, k)).toBe(true);
      for (let i = 0; i < buf.length; i++) expect(Object.is(buf[i], ref[i]), `entry ${i}`).toBe(true);
      // Upper triangle and the entries outside the block are as they were.
      for (let r = 0; r < k; r++) for (let c = r + 1; c < k; c++) expect(buf[off + r * k + c]).toBe(A[r * k + c]);
      expect(buf[0]).toBe(-7.25);
      expect(buf[off + k * k]).toBe(-7.25);
      // L L' = A.
      for (let r = 0; r < k; r++) for (let c = 0; c <= r; c++) {
        let s = 0;
        for (let x = 0; x <= c; x++) s += buf[off + r * k + x]! * buf[off + c * k + x]!;
        expect(Math.abs(s - A[r * k + c]!)).toBeLessThan(1e-12 * (1 + Math.abs(A[r * k + c]!)) * k);
      }
    });
  }
  it('a 220 x 220 block (the ridge path size) is the unblocked factor bit for bit', () => {
    const A = randomSpd(220, 5);
    const a = Float64Array.from(A);
    const ref = Float64Array.from(A);
    expect(cholBlock(a, 0, 220)).toBe(true);
    expect(plainChol(ref, 0, 220)).toBe(true);
    let same = true;
    for (let i = 0; i < a.length; i++) same &&= Object.is(a[i], ref[i]);
    expect(same).toBe(true);
  });
  it('reports an indefinite block in a row of the blocked part', () => {
    const A = randomSpd(9, 3);
    A[5 * 9 + 5] = -1; // row 5 is reached after the first columns were done four rows at a time
    expect(cholBlock(Float64Array.from(A), 0, 9)).toBe(false);
  });
});
