/**
 * The flat-design logistic objective (src/style/logisticObjective.ts): its three-class kernels give the
 * generic loop's value, gradient and probabilities bit for bit (dense and mostly-zero X, odd and even
 * row counts, theta with zeros and a -0), and the generic loop equals the textbook formula written
 * out here. Also predictOnDesign against fit.predict.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random';
import { designFromRows, type DesignMatrix } from '../../src/style/design';
import { fitMultinomialLogistic, fitMultinomialLogisticOnDesign, multinomialObjective, predictOnDesign } from '../../src/style/logistic';
import { multinomialObjectiveOnDesign, type ObjectiveKernel } from '../../src/style/logisticObjective';

/** n x p design; each entry is 0 with probability `zeroShare`, else N(0, 1). */
function randomDesign(n: number, p: number, zeroShare: number, seed: number): DesignMatrix {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => (rng.uniform() < zeroShare ? 0 : rng.normal())));
  return designFromRows(rows);
}

function randomLabels(n: number, K: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: n }, () => rng.int(K));
}

/** theta (K blocks of p weights + intercept); some exact zeros among the weights. */
function randomTheta(K: number, p: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: K * (p + 1) }, (_, i) => (i % 5 === 2 ? 0 : 0.7 * rng.normal()));
}

/** F(W, b) and its gradient straight from the formula in src/style/logistic.ts (mu = 1). */
function textbookObjective(d: DesignMatrix, y: Int32Array, K: number, lambda: number, theta: Float64Array): { value: number; gradient: number[] } {
  const { rows: n, cols: p, values: x } = d;
  const q = p + 1;
  const gradient = new Array<number>(K * q).fill(0);
  let value = 0;
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: K }, (_, k) => {
      let s = theta[k * q + p]!;
      for (let j = 0; j < p; j++) s += theta[k * q + j]! * x[i * p + j]!;
      return s;
    });
    const zmax = Math.max(...z);
    const lse = zmax + Math.log(z.reduce((s, v) => s + Math.exp(v - zmax), 0));
    value += lse - z[y[i]!]!;
    for (let k = 0; k < K; k++) {
      const r = Math.exp(z[k]! - lse) - (k === y[i] ? 1 : 0);
      for (let j = 0; j < p; j++) gradient[k * q + j]! += r * x[i * p + j]!;
      gradient[k * q + p]! += r;
    }
  }
  let bsum = 0;
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < p; j++) {
      value += 0.5 * lambda * theta[k * q + j]! ** 2;
      gradient[k * q + j]! += lambda * theta[k * q + j]!;
    }
    bsum += theta[k * q + p]!;
  }
  value += 0.5 * bsum * bsum;
  for (let k = 0; k < K; k++) gradient[k * q + p]! += bsum;
  return { value, gradient };
}

function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function evaluate(d: DesignMatrix, y: Int32Array, K: number, lambda: number, kernel: ObjectiveKernel, theta: Float64Array) {
  const o = multinomialObjectiveOnDesign(d, y, K, lambda, kernel)(theta);
  return { value: o.value, gradient: Float64Array.from(o.gradient), probs: Float64Array.from(o.probs) };
}

describe('multinomialObjectiveOnDesign', () => {
  const cases = [
    { name: 'dense X, odd n', n: 31, p: 9, zeros: 0, lambda: 1 },
    { name: 'dense X, even n', n: 24, p: 6, zeros: 0, lambda: 0.3 },
    { name: 'mostly-zero X (counts-like)', n: 29, p: 40, zeros: 0.85, lambda: 1 },
    { name: 'X with all-zero rows', n: 12, p: 5, zeros: 0.97, lambda: 2 },
  ];
  for (const c of cases) {
    it(`three-class kernels equal the generic loop bit for bit: ${c.name}`, () => {
      const d = randomDesign(c.n, c.p, c.zeros, c.n * 100 + c.p);
      const y = randomLabels(c.n, 3, c.n + 1);
      for (const seed of [1, 2, 3]) {
        const theta = randomTheta(3, c.p, seed);
        const ref = evaluate(d, y, 3, c.lambda, 'generic', theta);
        for (const kernel of ['dense3', 'sparse3', 'auto'] as const) {
          const got = evaluate(d, y, 3, c.lambda, kernel, theta);
          expect(Object.is(got.value, ref.value), `${kernel} value`).toBe(true);
          expect(identical(got.gradient, ref.gradient), `${kernel} gradient`).toBe(true);
          expect(identical(got.probs, ref.probs), `${kernel} probabilities`).toBe(true);
        }
      }
    });
  }

  it('the sparse kernel falls back to the generic loop for a -0 or a non-finite theta', () => {
    const d = randomDesign(15, 8, 0.8, 77);
    for (let i = 0; i < 15; i++) d.values[i * 8 + 3] = 0; // column 3 all zero: the sparse loop never reads its weights
    const y = randomLabels(15, 3, 78);
    const theta = randomTheta(3, 8, 4);
    theta[1] = -0;
    const ref = evaluate(d, y, 3, 1, 'generic', theta);
    const got = evaluate(d, y, 3, 1, 'sparse3', theta);
    expect(Object.is(got.value, ref.value)).toBe(true);
    expect(identical(got.gradient, ref.gradient)).toBe(true);
    theta[3] = Infinity; // the generic loop computes Infinity * 0 = NaN; skipping the zeros would not
    const refInf = evaluate(d, y, 3, 1, 'generic', theta);
    const gotInf = evaluate(d, y, 3, 1, 'sparse3', theta);
    expect(refInf.value).toBeNaN();
    expect(Object.is(gotInf.value, refInf.value)).toBe(true);
    expect(identical(gotInf.gradient, refInf.gradient)).toBe(true);
  });

  it('the generic loop equals the textbook formula (3 and 4 classes)', () => {
    for (const K of [3, 4]) {
      const d = randomDesign(20, 7, 0.3, 10 + K);
      const y = randomLabels(20, K, 20 + K);
      const theta = randomTheta(K, 7, 30 + K);
      const want = textbookObjective(d, y, K, 0.8, theta);
      for (const kernel of K === 3 ? (['generic', 'dense3', 'sparse3', 'auto'] as const) : (['generic', 'auto'] as const)) {
        const got = evaluate(d, y, K, 0.8, kernel, theta);
        expect(Math.abs(got.value - want.value)).toBeLessThan(1e-12 * Math.abs(want.value));
        got.gradient.forEach((g, i) => expect(Math.abs(g - want.gradient[i]!)).toBeLessThan(1e-12 * (1 + Math.abs(want.gradient[i]!))));
      }
    }
  });

  it('rejects a three-class kernel for another number of classes, and labels of the wrong length', () => {
    const d = randomDesign(6, 2, 0, 1);
    expect(() => multinomialObjectiveOnDesign(d, randomLabels(6, 4, 1), 4, 1, 'dense3')).toThrow(/3 classes/);
    expect(() => multinomialObjectiveOnDesign(d, randomLabels(5, 3, 1), 3, 1)).toThrow(/5 labels/);
  });

  it('matches the public multinomialObjective on arrays of rows', () => {
    const d = randomDesign(18, 5, 0.5, 3);
    const yIndex = randomLabels(18, 3, 4);
    const theta = randomTheta(3, 5, 5);
    const rows = Array.from({ length: 18 }, (_, i) => Array.from(d.values.subarray(i * 5, i * 5 + 5)));
    const pub = multinomialObjective(rows, Array.from(yIndex), 3, theta, 1);
    const ours = evaluate(d, yIndex, 3, 1, 'auto', theta);
    expect(Object.is(pub.value, ours.value)).toBe(true);
    expect(identical(pub.gradient, ours.gradient)).toBe(true);
  });
});

describe('fitMultinomialLogisticOnDesign and predictOnDesign', () => {
  it('give the fit and the predictions of the arrays-of-rows API', () => {
    const d = randomDesign(45, 6, 0.2, 9);
    const rng = createRng(10);
    const rows = Array.from({ length: 45 }, (_, i) => Array.from(d.values.subarray(i * 6, i * 6 + 6)));
    // Labels that depend on the first two columns, so the fit has something to find.
    const y = rows.map((r) => (r[0]! + 0.5 * rng.normal() > 0.3 ? 'a' : r[1]! > 0 ? 'b' : 'c'));
    const plain = fitMultinomialLogistic(rows, y, { lambda: 0.5 });
    const flat = fitMultinomialLogisticOnDesign(d, y, { lambda: 0.5 });
    expect(flat.coefficients).toEqual(plain.coefficients);
    expect(flat.intercepts).toEqual(plain.intercepts);
    expect(flat.iterations).toBe(plain.iterations);
    const test = randomDesign(30, 6, 0.2, 11);
    const testRows = Array.from({ length: 30 }, (_, i) => Array.from(test.values.subarray(i * 6, i * 6 + 6)));
    expect(predictOnDesign(flat, test)).toEqual(plain.predict(testRows));
    expect(() => predictOnDesign(flat, randomDesign(2, 5, 0, 1))).toThrow(/5 columns/);
  });
});
