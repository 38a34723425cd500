/**
 * The ridge path on a DesignMatrix (src/style/regression.ts: centred cross-products summed four
 * columns at a time) against the plain loops it replaced, bit for bit, and predictRidgeOnDesign
 * against fit.predict.
 */
import { describe, expect, it } from 'vitest';
import { cholBlock } from '../../src/linalg/cholBlock';
import { createRng } from '../../src/stats/random';
import { designFromRows } from '../../src/style/design';
import { fitRidgePath, fitRidgePathOnDesign, predictRidgeOnDesign } from '../../src/style/regression';

/** Ridge with an unpenalised intercept by the plain loops: centred X'X and X'y entry by entry, Cholesky, two triangular solves. */
function plainRidge(X: number[][], y: number[], lambda: number): { intercept: number; coefficients: number[] } {
  const n = X.length;
  const p = X[0]!.length;
  const xMean = new Array<number>(p).fill(0);
  X.forEach((row) => row.forEach((v, j) => (xMean[j]! += v / n)));
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  const cols = Array.from({ length: p }, (_, j) => X.map((row) => row[j]! - xMean[j]!));
  const yc = y.map((v) => v - yMean);
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    for (let c = r; c < p; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += cols[r]![i]! * cols[c]![i]!;
      a[r * p + c] = s;
      a[c * p + r] = s;
    }
    let t = 0;
    for (let i = 0; i < n; i++) t += cols[r]![i]! * yc[i]!;
    b[r] = t;
  }
  for (let j = 0; j < p; j++) a[j * p + j] += lambda;
  expect(cholBlock(a, 0, p)).toBe(true);
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * p + k]! * z[k]!;
    z[i] = s / a[i * p + i]!;
  }
  const coefficients = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= a[k * p + i]! * coefficients[k]!;
    coefficients[i] = s / a[i * p + i]!;
  }
  return { intercept: yMean - coefficients.reduce((s, c, j) => s + c * xMean[j]!, 0), coefficients };
}

describe('fitRidgePathOnDesign', () => {
  for (const p of [1, 3, 4, 9, 14]) {
    it(`equals the plain loops bit for bit, from rows and from a DesignMatrix (p = ${p})`, () => {
      const rng = createRng(40 + p);
      const n = 25;
      const X = Array.from({ length: n }, () => Array.from({ length: p }, () => (rng.uniform() < 0.6 ? 0 : rng.int(4))));
      const y = X.map((row) => 3 + 0.2 * (row[0] ?? 0) + 0.3 * rng.normal());
      const lambdas = [0.5, 3, 40];
      const fromDesign = fitRidgePathOnDesign(designFromRows(X), y, lambdas);
      const fromRows = fitRidgePath(X, y, lambdas);
      lambdas.forEach((lambda, l) => {
        const want = plainRidge(X, y, lambda);
        for (const fit of [fromDesign[l]!, fromRows[l]!]) {
          expect(fit.lambda).toBe(lambda);
          expect(fit.coefficients.every((c, j) => Object.is(c, want.coefficients[j]))).toBe(true);
          expect(Object.is(fit.intercept, want.intercept)).toBe(true);
        }
      });
      const test = Array.from({ length: 7 }, () => Array.from({ length: p }, () => rng.int(3)));
      expect(predictRidgeOnDesign(fromDesign[1]!, designFromRows(test))).toEqual(fromRows[1]!.predict(test));
      expect(() => predictRidgeOnDesign(fromDesign[1]!, designFromRows([new Array(p + 1).fill(0)]))).toThrow(/columns/);
    });
  }
});
