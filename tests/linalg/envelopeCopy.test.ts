/**
 * cholEnvelope's row-oriented kernel path copies each row into the kernel's memory only from the first
 * column cholRows reads it at (not the whole lower triangle). Whatever the memory held before must not
 * matter: with the memory filled with NaN (any read of an uncopied entry would spread NaN into the factor)
 * the factor is bit for bit the one made from zeroed memory, for irregular, banded, nested-then-dense
 * (the power simulation's tail) and dense envelopes, odd and even orders.
 */
import { describe, expect, it } from 'vitest';
import { cholEnvelope, SIMD_MIN_ORDER, BLOCKED_MIN_ORDER } from '../../src/linalg/cholEnvelope';
import { tileKernel } from '../../src/linalg/tileKernel';
import { createRng } from '../../src/stats/random';

/** A random SPD matrix whose factor has the envelope `first` (B B' + m I with B inside the envelope). */
function spdWithEnvelope(m: number, first: Int32Array, seed: number): Float64Array {
  const rng = createRng(seed);
  const B = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = first[i]!; j <= i; j++) B[i * m + j] = rng.normal();
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = Math.max(first[i]!, first[j]!); k <= j; k++) s += B[i * m + k]! * B[j * m + k]!;
      A[i * m + j] = s + (i === j ? m : 0);
    }
  }
  return A;
}

/** The factor made with the kernel memory filled with `fill` beforehand. */
function factorAfter(fill: number, A: Float64Array, m: number, first: Int32Array): Float64Array {
  const kernel = tileKernel()!;
  const L = A.slice();
  cholEnvelope(L.slice(), m, first, { method: 'rows' }); // grows the memory to size
  new Float64Array(kernel.memory.buffer).fill(fill);
  expect(cholEnvelope(L, m, first, { method: 'rows' })).toBe(-1);
  return L;
}

describe('cholEnvelope (row-oriented kernel path): reads only what it copied', () => {
  it('gives the same bits after the kernel memory held NaN as after it held zeros', () => {
    expect(tileKernel()).not.toBeNull();
    const rng = createRng(7);
    const shapes: Record<string, (m: number) => Int32Array> = {
      irregular: (m) => Int32Array.from({ length: m }, (_, i) => (i < 2 ? 0 : rng.int(i + 1))),
      band: (m) => Int32Array.from({ length: m }, (_, i) => Math.max(0, i - 13)),
      // Narrow nested rows, then a dense block of crossed levels, then X and y (first = 0), as in a tail.
      'nested then dense': (m) => Int32Array.from({ length: m }, (_, i) => (i < m - 20 ? Math.max(0, i - 1 - (i % 3)) : i < m - 4 ? m - 40 : 0)),
      dense: (m) => new Int32Array(m),
    };
    for (const m of [SIMD_MIN_ORDER, 61, 130, BLOCKED_MIN_ORDER + 41]) {
      for (const [shape, make] of Object.entries(shapes)) {
        const first = make(m);
        const A = spdWithEnvelope(m, first, 100 + m);
        const zeros = factorAfter(0, A, m, first);
        const nans = factorAfter(NaN, A, m, first);
        expect(Array.from(nans), `m = ${m}, ${shape}`).toEqual(Array.from(zeros));
        expect(zeros.every(Number.isFinite), `m = ${m}, ${shape}`).toBe(true);
      }
    }
  });
});
