import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random';
import { minimizeLbfgs } from '../../src/style/lbfgs';
import { fitMultinomialLogistic, multinomialObjective } from '../../src/style/logistic';

interface Ref {
  multinomial: { X: number[][]; y: string[]; C: number; classes: string[]; coef: number[][]; intercept_centered: number[]; proba_first5: number[][] };
  binary: { X: number[][]; y: string[]; C: number; classes: string[]; coef: number[]; intercept: number };
}
const ref = JSON.parse(readFileSync(new URL('./reference/sklearn_reference.json', import.meta.url), 'utf8')) as Ref;

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function at (1, 1)', () => {
    const r = minimizeLbfgs(
      (x) => {
        const a = x[0]!;
        const b = x[1]!;
        return {
          value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
          gradient: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
        };
      },
      Float64Array.of(-1.2, 1),
      { gradientTolerance: 1e-10 },
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
  });
  it('solves a quadratic A x = b (closed form)', () => {
    // f = 1/2 x'Ax - b'x with A = [[4, 1], [1, 3]], b = [1, 2]: x* = A^-1 b = [1/11, 7/11]
    const r = minimizeLbfgs(
      (x) => ({
        value: 0.5 * (4 * x[0]! ** 2 + 2 * x[0]! * x[1]! + 3 * x[1]! ** 2) - x[0]! - 2 * x[1]!,
        gradient: Float64Array.of(4 * x[0]! + x[1]! - 1, x[0]! + 3 * x[1]! - 2),
      }),
      Float64Array.of(0, 0),
      { gradientTolerance: 1e-12 },
    );
    expect(r.x[0]).toBeCloseTo(1 / 11, 11);
    expect(r.x[1]).toBeCloseTo(7 / 11, 11);
  });
});

describe('multinomialObjective', () => {
  it('has the gradient of its value (central finite differences)', () => {
    const rng = createRng(3);
    const X = Array.from({ length: 12 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = X.map((_, i) => i % 3);
    const theta = Array.from({ length: 12 }, () => rng.normal());
    const { gradient } = multinomialObjective(X, y, 3, theta, 0.7);
    const h = 1e-6;
    theta.forEach((_, j) => {
      const up = theta.slice();
      const dn = theta.slice();
      up[j]! += h;
      dn[j]! -= h;
      const fd = (multinomialObjective(X, y, 3, up, 0.7).value - multinomialObjective(X, y, 3, dn, 0.7).value) / (2 * h);
      expect(gradient[j]).toBeCloseTo(fd, 6);
    });
  });
});

describe('fitMultinomialLogistic', () => {
  const m = ref.multinomial;
  for (const solver of ['lbfgs', 'newton'] as const) {
    it(`matches scikit-learn's multinomial fit (C = ${m.C}) with the ${solver} solver`, () => {
      const fit = fitMultinomialLogistic(m.X, m.y, { lambda: 1 / m.C, solver, gradientTolerance: 1e-10 });
      expect(fit.converged).toBe(true);
      expect(fit.classes).toEqual(m.classes);
      fit.coefficients.forEach((w, k) => w.forEach((v, j) => expect(v).toBeCloseTo(m.coef[k]![j]!, 7)));
      fit.intercepts.forEach((b, k) => expect(b).toBeCloseTo(m.intercept_centered[k]!, 7));
      fit.predictProba(m.X.slice(0, 5)).forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(m.proba_first5[i]![k]!, 8)));
    });
  }

  it('sits at a stationary point with weights and intercepts summing to zero over classes', () => {
    const fit = fitMultinomialLogistic(m.X, m.y, { lambda: 2, gradientTolerance: 1e-9 });
    const theta = fit.coefficients.flatMap((w, k) => [...w, fit.intercepts[k]!]);
    const yIndex = m.y.map((l) => fit.classes.indexOf(l));
    const g = multinomialObjective(m.X, yIndex, 3, theta, 2).gradient;
    expect(Math.max(...Array.from(g, Math.abs)) / m.X.length).toBeLessThan(1e-8);
    for (let j = 0; j < m.X[0]!.length; j++) expect(fit.coefficients.reduce((s, w) => s + w[j]!, 0)).toBeCloseTo(0, 8);
    expect(fit.intercepts.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 8);
  });

  it("with two classes equals scikit-learn's binary logistic regression with C' = 2 / lambda", () => {
    const b = ref.binary;
    const fit = fitMultinomialLogistic(b.X, b.y, { lambda: 2 / b.C, gradientTolerance: 1e-10 });
    const [neg, pos] = [fit.classes.indexOf('neg'), fit.classes.indexOf('pos')];
    fit.coefficients[pos]!.forEach((v, j) => expect(v - fit.coefficients[neg]![j]!).toBeCloseTo(b.coef[j]!, 7));
    expect(fit.intercepts[pos]! - fit.intercepts[neg]!).toBeCloseTo(b.intercept, 7);
  });

  it('names the row of a bad label or value', () => {
    expect(() => fitMultinomialLogistic([[1], [2]], ['a', 'z'], { classes: ['a', 'b'] })).toThrow(/row 1/);
    expect(() => fitMultinomialLogistic([[1], [NaN]], ['a', 'b'])).toThrow(/X\[1\]\[0\]/);
  });
});
